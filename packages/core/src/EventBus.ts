/** A handler for one topic's payloads. */
export type EventHandler<P> = (payload: P, topic: string) => void;

/** What an {@link EventBus} does with an exception thrown by a handler. */
export type HandlerErrorSink = (error: unknown, topic: string) => void;

/**
 * A small synchronous, typed publish/subscribe bus. `Events` maps topic names to payload types
 * (see `CoreEvents`); immutable payloads are delivered in subscription order. A throwing handler
 * never stops delivery to the others: its error goes to `onHandlerError`.
 *
 * Subscribing to `'*'` receives every topic (for recorders and loggers).
 *
 * @example
 * ```ts
 * import { EventBus, TOPICS, type CoreEvents } from '@minhos/core';
 * const bus = new EventBus<CoreEvents>();
 * const off = bus.subscribe(TOPICS.fill, ({ fill }) => console.log(fill.price));
 * off();
 * ```
 */
export class EventBus<Events extends object> {
  readonly #handlers = new Map<string, Set<EventHandler<never>>>();
  readonly #onHandlerError: HandlerErrorSink;

  constructor(options: { readonly onHandlerError?: HandlerErrorSink } = {}) {
    this.#onHandlerError =
      options.onHandlerError ?? ((error, topic) => console.error(`event handler for ${topic} failed`, error));
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

  /** Delivers `payload` to the handlers of `topic`, then to `'*'` handlers. */
  publish<K extends keyof Events & string>(topic: K, payload: Events[K]): void {
    for (const key of [topic, '*']) {
      const set = this.#handlers.get(key);
      if (set === undefined) continue;
      for (const handler of [...set]) {
        try {
          (handler as EventHandler<Events[K]>)(payload, topic);
        } catch (error) {
          this.#onHandlerError(error, topic);
        }
      }
    }
  }

  /** Number of handlers on `topic` (for diagnostics and leak tests). */
  listenerCount(topic: (keyof Events & string) | '*'): number {
    return this.#handlers.get(topic)?.size ?? 0;
  }
}
