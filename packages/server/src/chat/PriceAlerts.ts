import type { TimestampUs } from '@minhos/core';
import type { EngineStore } from '@minhos/engine';

/** A price alert set in the chat (one-shot: removed when it fires). */
export interface ChatPriceAlert {
  readonly id: string;
  readonly clientId: string;
  readonly symbol: string;
  readonly condition: 'above' | 'below' | 'crosses';
  readonly level: number;
  /** The price when it was set. */
  readonly priceAtCreation: number;
  /** ISO time it was set. */
  readonly createdAt: string;
}

/** Alerts one client may hold at once. */
export const MAX_ALERTS_PER_CLIENT = 20;

/** Whether `alert` fires at price `last`: `crosses` fires on reaching the level from the side it was set on. */
export function alertFires(alert: ChatPriceAlert, last: number): boolean {
  if (alert.condition === 'above') return last >= alert.level;
  if (alert.condition === 'below') return last <= alert.level;
  return alert.priceAtCreation < alert.level ? last >= alert.level : last <= alert.level;
}

/** State key of the price alerts in the engine store. */
export const PRICE_ALERTS_KEY = 'chat.price_alerts';

/**
 * The chat's waiting price alerts. Given the engine store, they are kept in it (state
 * {@link PRICE_ALERTS_KEY}, rewritten on every change), so they survive a restart, as indicator
 * alerts do; without one they live in memory.
 */
export class PriceAlerts {
  readonly #alerts: ChatPriceAlert[] = [];
  readonly #store: EngineStore | undefined;
  readonly #now: () => TimestampUs;
  #seq = 0;

  /** @param store - where the alerts are kept; `now` stamps the writes (the engine clock). */
  constructor(store?: EngineStore, now: () => TimestampUs = () => (Date.now() * 1000) as TimestampUs) {
    this.#store = store;
    this.#now = now;
    const saved = store?.getState<{ seq: number; alerts: ChatPriceAlert[] }>(PRICE_ALERTS_KEY);
    if (saved !== undefined) {
      this.#seq = saved.seq;
      this.#alerts.push(...saved.alerts);
    }
  }

  #save(): void {
    this.#store?.setState(PRICE_ALERTS_KEY, { seq: this.#seq, alerts: [...this.#alerts] }, this.#now());
  }

  /** Adds an alert (its id is assigned here); a message when the client has too many. */
  add(alert: Omit<ChatPriceAlert, 'id'>): ChatPriceAlert | string {
    if (this.list(alert.clientId).length >= MAX_ALERTS_PER_CLIENT)
      return `you have ${MAX_ALERTS_PER_CLIENT} alerts already; "clear alerts" first`;
    this.#seq += 1;
    const added = { id: `A${this.#seq}`, ...alert };
    this.#alerts.push(added);
    this.#save();
    return added;
  }

  /** The alerts of one client, or of all, oldest first. */
  list(clientId?: string): ChatPriceAlert[] {
    return this.#alerts.filter((a) => clientId === undefined || a.clientId === clientId);
  }

  /** Removes a client's alerts; returns how many. */
  clear(clientId: string): number {
    let n = 0;
    for (let i = this.#alerts.length - 1; i >= 0; i--)
      if ((this.#alerts[i] as ChatPriceAlert).clientId === clientId) {
        this.#alerts.splice(i, 1);
        n += 1;
      }
    if (n > 0) this.#save();
    return n;
  }

  /** Removes and returns the alerts on `symbol` that fire at `last`. */
  fire(symbol: string, last: number): ChatPriceAlert[] {
    const fired: ChatPriceAlert[] = [];
    for (let i = this.#alerts.length - 1; i >= 0; i--) {
      const a = this.#alerts[i] as ChatPriceAlert;
      if (a.symbol !== symbol || !alertFires(a, last)) continue;
      this.#alerts.splice(i, 1);
      fired.unshift(a);
    }
    if (fired.length > 0) this.#save();
    return fired;
  }
}
