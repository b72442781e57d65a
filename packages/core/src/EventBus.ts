import { consoleLogger, type Logger } from './Logger.js';

/**
 * A handler for one topic's payloads. `seq` is the event's sequence number on its bus (1, 2, 3, …
 * in publication order), the key a journal stores it under.
 */
export type EventHandler<P> = (payload: P, topic: string, seq: number) => void;

/** Options of an {@link EventBus}. */
export interface EventBusOptions {
  /** Where handler errors go (default {@link consoleLogger}). */
  readonly logger?: Logger;
  /**
   * The last sequence number already used (default 0), so a bus restarted after a crash continues
   * the numbering of its journal instead of reusing numbers.
   */
  readonly lastSequence?: number;
}

interface Queued {
  readonly topic: string;
  readonly payload: unknown;
  readonly seq: number;
}

/**
 * A synchronous, typed publish/subscribe bus. `Events` maps topic names to payload types (see
 * `CoreEvents`).
 *
 * - **In order, never re-entrant**: an event published by a handler is queued behind the event being
 *   delivered, so every handler sees events in publication order.
 * - **Sequence numbers**: every event gets the next number, returned by `publish` and passed to
 *   handlers.
 * - **Isolation**: a throwing handler never stops delivery to the others; its error goes to the
 *   injected logger.
 *
 * Subscribing to `'*'` receives every topic (for recorders and loggers).
 *
 * @example
 * ```ts
 * import { EventBus, TOPICS, type CoreEvents } from '@minhos/core';
 * const bus = new EventBus<CoreEvents>();
 * const off = bus.subscribe(TOPICS.fill, ({ fill }, _topic, seq) => console.log(seq, fill.price));
 * off();
 * ```
 */
export class EventBus<Events extends object> {
  // Handler lists are copy-on-write: (un)subscribing replaces a topic's array, so a delivery
  // iterates the array it started with (a snapshot) without copying it per event.
  readonly #handlers = new Map<string, readonly EventHandler<never>[]>();
  readonly #logger: Logger;
  readonly #queue: Queued[] = [];
  #head = 0;
  #delivering = false;
  #seq: number;

  constructor(options: EventBusOptions = {}) {
    this.#logger = options.logger ?? consoleLogger;
    const last = options.lastSequence ?? 0;
    if (!(Number.isSafeInteger(last) && last >= 0)) {
      throw new RangeError(`event bus lastSequence must be a whole number ≥ 0, got ${last}`);
    }
    this.#seq = last;
  }

  /** Registers `handler` for `topic` (once: a second registration is ignored); returns the function that unsubscribes it. */
  subscribe<K extends keyof Events & string>(topic: K, handler: EventHandler<Events[K]>): () => void;
  subscribe(topic: '*', handler: EventHandler<Events[keyof Events]>): () => void;
  subscribe(topic: string, handler: EventHandler<never>): () => void {
    const list = this.#handlers.get(topic) ?? [];
    if (!list.includes(handler)) this.#handlers.set(topic, [...list, handler]);
    return () => {
      const now = this.#handlers.get(topic);
      if (now === undefined || !now.includes(handler)) return;
      const rest = now.filter((h) => h !== handler);
      if (rest.length === 0) this.#handlers.delete(topic);
      else this.#handlers.set(topic, rest);
    };
  }

  /**
   * Delivers `payload` to the handlers of `topic`, then to `'*'` handlers; called from inside a
   * handler, queues it behind the current event. Returns the event's sequence number.
   */
  publish<K extends keyof Events & string>(topic: K, payload: Events[K]): number {
    this.#seq += 1;
    const seq = this.#seq;
    if (this.#delivering) {
      this.#queue.push({ topic, payload, seq });
      return seq;
    }
    this.#delivering = true;
    const queue = this.#queue;
    try {
      // The common case (nothing queued) allocates nothing.
      this.#deliver(topic, payload, seq);
      while (this.#head < queue.length) {
        const event = queue[this.#head] as Queued;
        this.#head += 1;
        this.#deliver(event.topic, event.payload, event.seq);
      }
    } finally {
      // Events not yet delivered (only if delivery itself threw) stay queued for the next publish.
      queue.splice(0, this.#head);
      this.#head = 0;
      this.#delivering = false;
    }
    return seq;
  }

  /** The sequence number of the last published event (0 before any). */
  get lastSequence(): number {
    return this.#seq;
  }

  /** Number of handlers on `topic` (for diagnostics and leak tests). */
  listenerCount(topic: (keyof Events & string) | '*'): number {
    return this.#handlers.get(topic)?.length ?? 0;
  }

  #deliver(topic: string, payload: unknown, seq: number): void {
    const direct = this.#handlers.get(topic);
    if (direct !== undefined) this.#call(direct, topic, payload, seq);
    const any = this.#handlers.get('*');
    if (any !== undefined) this.#call(any, topic, payload, seq);
  }

  #call(list: readonly EventHandler<never>[], topic: string, payload: unknown, seq: number): void {
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as EventHandler<unknown>)(payload, topic, seq);
      } catch (error) {
        this.#logger.error(`event handler for ${topic} failed`, { topic, seq, error });
      }
    }
  }
}
