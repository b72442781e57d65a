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
  readonly #handlers = new Map<string, Set<EventHandler<never>>>();
  readonly #logger: Logger;
  readonly #queue: Queued[] = [];
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

  /** Registers `handler` for `topic`; returns the function that unsubscribes it. */
  subscribe<K extends keyof Events & string>(topic: K, handler: EventHandler<Events[K]>): () => void;
  subscribe(topic: '*', handler: EventHandler<Events[keyof Events]>): () => void;
  subscribe(topic: string, handler: EventHandler<never>): () => void {
    let set = this.#handlers.get(topic);
    if (set === undefined) {
      set = new Set();
      this.#handlers.set(topic, set);
    }
    set.add(handler);
    return () => {
      set.delete(handler);
    };
  }

  /**
   * Delivers `payload` to the handlers of `topic`, then to `'*'` handlers; called from inside a
   * handler, queues it behind the current event. Returns the event's sequence number.
   */
  publish<K extends keyof Events & string>(topic: K, payload: Events[K]): number {
    this.#seq += 1;
    const seq = this.#seq;
    this.#queue.push({ topic, payload, seq });
    if (this.#delivering) return seq;
    this.#delivering = true;
    try {
      for (let event = this.#queue.shift(); event !== undefined; event = this.#queue.shift()) {
        this.#deliver(event);
      }
    } finally {
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
    return this.#handlers.get(topic)?.size ?? 0;
  }

  #deliver({ topic, payload, seq }: Queued): void {
    for (const key of [topic, '*']) {
      const set = this.#handlers.get(key);
      if (set === undefined) continue;
      for (const handler of [...set]) {
        try {
          (handler as EventHandler<unknown>)(payload, topic, seq);
        } catch (error) {
          this.#logger.error(`event handler for ${topic} failed`, { topic, seq, error });
        }
      }
    }
  }
}
