import { MinhosError } from '@minhos/core';

/**
 * What a bounded queue does when a push finds it full:
 * - `drop-oldest`: discard the oldest buffered item (market data: the newest price matters most);
 * - `drop-newest`: discard the pushed item;
 * - `keep-all`: never drop, grow past capacity (order/position/balance updates: they are few and every
 *   one matters; the producer never stops reading its socket for them).
 */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'keep-all';

/** A bounded FIFO exposed as an async iterator, for one consumer. */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  readonly #capacity: number;
  readonly #policy: OverflowPolicy;
  readonly #onClose: (() => void) | undefined;
  #items: T[] = [];
  #head = 0;
  #waiter: ((r: IteratorResult<T>) => void) | undefined;
  #rejecter: ((e: unknown) => void) | undefined;
  #closed = false;
  #error: unknown;
  /** Items discarded by a drop policy. */
  dropped = 0;

  constructor(capacity: number, policy: OverflowPolicy, onClose?: () => void) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new MinhosError(
        'DTC_INVALID_OPTION',
        `queue capacity must be a positive integer, got ${capacity}`,
      );
    }
    this.#capacity = capacity;
    this.#policy = policy;
    this.#onClose = onClose;
  }

  get policy(): OverflowPolicy {
    return this.#policy;
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Whether the queue is at or over capacity (only possible beyond capacity with `keep-all`). */
  get full(): boolean {
    return this.size >= this.#capacity;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Adds an item; returns false when the item was dropped or the queue is (now) full. */
  push(item: T): boolean {
    if (this.#closed) return false;
    if (this.#waiter !== undefined) {
      const w = this.#waiter;
      this.#waiter = undefined;
      this.#rejecter = undefined;
      w({ value: item, done: false });
      return true;
    }
    if (this.size >= this.#capacity) {
      if (this.#policy === 'drop-newest') {
        this.dropped++;
        return false;
      }
      if (this.#policy === 'drop-oldest') {
        this.#head++;
        this.dropped++;
      }
    }
    this.#items.push(item);
    return this.size < this.#capacity;
  }

  /** Ends the iteration after the buffered items; with `error`, the next read rejects with it instead. */
  close(error?: unknown): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#error = error;
    if (this.#waiter !== undefined && this.size === 0) {
      const w = this.#waiter;
      const r = this.#rejecter;
      this.#waiter = undefined;
      this.#rejecter = undefined;
      if (error !== undefined && r !== undefined) r(error);
      else w({ value: undefined, done: true });
    }
    this.#onClose?.();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.size > 0) {
      const value = this.#items[this.#head] as T;
      this.#items[this.#head] = undefined as T;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#closed) {
      if (this.#error !== undefined) {
        const e = this.#error;
        this.#error = undefined;
        return Promise.reject(e);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#rejecter = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.#items = [];
    this.#head = 0;
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
