/**
 * The event queue behind {@link ScidTail}: producers `push`, consumers await `next()` (FIFO, also
 * when several `next()` calls are pending). `fail` ends the queue with an error after buffered
 * items are drained; `end` ends it cleanly. `whenBelow` lets the producer wait for the consumer
 * (backpressure, so following a huge file from its beginning never buffers it all).
 */
export class TailQueue<T> {
  #items: T[] = [];
  #waiters: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void }> = [];
  #drainWaiters: Array<{ below: number; resolve: () => void }> = [];
  #ended = false;
  #error: { value: unknown } | undefined;

  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#ended) return;
    const w = this.#waiters.shift();
    if (w) w.resolve({ value: item, done: false });
    else this.#items.push(item);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    // Pending waiters exist only when no items are buffered.
    for (const w of this.#waiters.splice(0)) {
      if (this.#error) {
        const e = this.#error.value;
        this.#error = undefined;
        w.reject(e);
      } else {
        w.resolve({ value: undefined, done: true });
      }
    }
    this.#release();
  }

  fail(error: unknown): void {
    if (this.#ended) return;
    this.#error = { value: error };
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) {
      const value = this.#items.shift() as T;
      this.#release();
      return Promise.resolve({ value, done: false });
    }
    if (this.#ended) {
      if (this.#error) {
        const e = this.#error.value;
        this.#error = undefined;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
    });
  }

  /** Resolves when fewer than `n` items are buffered, or the queue has ended. */
  whenBelow(n: number): Promise<void> {
    if (this.#items.length < n || this.#ended) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push({ below: n, resolve }));
  }

  #release(): void {
    this.#drainWaiters = this.#drainWaiters.filter((d) => {
      if (this.#ended || this.#items.length < d.below) {
        d.resolve();
        return false;
      }
      return true;
    });
  }
}
