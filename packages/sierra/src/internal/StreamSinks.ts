import { AsyncQueue, type OverflowPolicy } from './AsyncQueue.js';

interface Sink<T> {
  readonly queue: AsyncQueue<T>;
  readonly symbol: string | undefined;
}

/** The async-iterator consumers of one kind of event, with an optional per-symbol filter. */
export class StreamSinks<T> {
  readonly #sinks = new Set<Sink<T>>();
  #closed = false;

  /** A new bounded iterator; already ended when the owner is closed. */
  open(capacity: number, policy: OverflowPolicy, symbol?: string): AsyncIterableIterator<T> {
    let sink: Sink<T> | undefined;
    const queue = new AsyncQueue<T>(capacity, policy, () => {
      if (sink !== undefined) this.#sinks.delete(sink);
    });
    sink = { queue, symbol };
    if (this.#closed) queue.close();
    else this.#sinks.add(sink);
    return queue;
  }

  /** Delivers `value` to every consumer (those filtered on another symbol skip it); returns how many items drop policies discarded. */
  deliver(value: T, symbol?: string): number {
    let dropped = 0;
    for (const s of this.#sinks) {
      if (s.symbol !== undefined && s.symbol !== symbol) continue;
      const before = s.queue.dropped;
      s.queue.push(value);
      dropped += s.queue.dropped - before;
    }
    return dropped;
  }

  /** Ends every iterator (after its buffered items) and every later one. */
  closeAll(): void {
    this.#closed = true;
    for (const s of [...this.#sinks]) s.queue.close();
    this.#sinks.clear();
  }
}
