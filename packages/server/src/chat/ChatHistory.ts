import type { TimestampUs } from '@minhos/core';
import type { EngineStore } from '@minhos/engine';
import type { ChatMessage } from './ChatMessage.js';

/** Where conversations are kept, per client id. */
export interface ChatHistory {
  /** Appends messages to `clientId`'s conversation. */
  append(clientId: string, messages: readonly ChatMessage[]): void;
  /** The last `limit` messages of `clientId`, oldest first. */
  recent(clientId: string, limit: number): ChatMessage[];
  /** How many conversations are kept. */
  conversations(): number;
}

/** Client ids the chat accepts: 1–64 letters, digits, `_ . : -`. */
export const CHAT_CLIENT_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

const KEY = 'chat.conversation.';
const INDEX = 'chat.clients';

/**
 * Conversations persisted in the engine's SQLite store (its generic `state` table, one key per
 * client: `chat.conversation.<id>`), so they survive restarts and are part of `minhos backup`.
 * Each conversation keeps its last `maxPerClient` messages (default 500).
 */
export class StoreChatHistory implements ChatHistory {
  readonly #store: EngineStore;
  readonly #max: number;
  readonly #now: () => TimestampUs;

  /**
   * Keeps conversations in `store`.
   *
   * @param store - the engine store (conversations live in its `state` table).
   * @param options - `maxPerClient` messages kept per client (default 500); `now` stamps the rows (µs).
   */
  constructor(store: EngineStore, options: { maxPerClient?: number; now?: () => TimestampUs } = {}) {
    this.#store = store;
    this.#max = options.maxPerClient ?? 500;
    this.#now = options.now ?? (() => (Date.now() * 1000) as TimestampUs);
  }

  append(clientId: string, messages: readonly ChatMessage[]): void {
    if (!CHAT_CLIENT_ID.test(clientId)) throw new Error(`chat: bad client id "${clientId}"`);
    const now = this.#now();
    this.#store.transaction(() => {
      const list = this.#store.getState<ChatMessage[]>(KEY + clientId) ?? [];
      if (list.length === 0) {
        const clients = this.#store.getState<string[]>(INDEX) ?? [];
        if (!clients.includes(clientId)) this.#store.setState(INDEX, [...clients, clientId], now);
      }
      this.#store.setState(KEY + clientId, [...list, ...messages].slice(-this.#max), now);
    });
  }

  recent(clientId: string, limit: number): ChatMessage[] {
    if (!CHAT_CLIENT_ID.test(clientId)) return [];
    return (this.#store.getState<ChatMessage[]>(KEY + clientId) ?? []).slice(-limit);
  }

  conversations(): number {
    return (this.#store.getState<string[]>(INDEX) ?? []).length;
  }
}

/** Conversations in memory (tests, embedding without a store). */
export class MemoryChatHistory implements ChatHistory {
  readonly #map = new Map<string, ChatMessage[]>();
  readonly #max: number;

  /**
   * Keeps conversations in memory.
   *
   * @param maxPerClient - messages kept per client (default 500).
   */
  constructor(maxPerClient = 500) {
    this.#max = maxPerClient;
  }

  append(clientId: string, messages: readonly ChatMessage[]): void {
    this.#map.set(clientId, [...(this.#map.get(clientId) ?? []), ...messages].slice(-this.#max));
  }

  recent(clientId: string, limit: number): ChatMessage[] {
    return (this.#map.get(clientId) ?? []).slice(-limit);
  }

  conversations(): number {
    return this.#map.size;
  }
}
