import type { Bar, InstrumentId, TimestampUs } from '@minhos/core';
import type { EngineStore } from '@minhos/engine';
import { aggregateBars, TIMEFRAMES } from '../api/marketRoutes.js';
import { type ChatIndicatorReading, chatIndicatorValue } from './chatIndicatorValue.js';
import { MAX_ALERTS_PER_CLIENT } from './PriceAlerts.js';
import type { ChatIndicator } from './parseChatMessage.js';

/** An alert on an indicator set in the chat ("alert me when rsi es 5m above 70"); one-shot. */
export interface ChatIndicatorAlert {
  readonly id: string;
  readonly clientId: string;
  readonly symbol: string;
  readonly indicator: ChatIndicator;
  readonly timeframe: string;
  readonly condition: 'above' | 'below' | 'crosses';
  readonly level: number;
  /** The indicator's value when it was set. */
  readonly valueAtCreation: number;
  /** ISO time it was set. */
  readonly createdAt: string;
}

/** One alert that fired, with the reading that fired it. */
export interface FiredIndicatorAlert {
  readonly alert: ChatIndicatorAlert;
  readonly reading: ChatIndicatorReading;
}

/** Store state key the alerts persist under (they survive a restart). */
export const INDICATOR_ALERTS_KEY = 'chat.indicator_alerts';

/** Whether `alert` fires at `value`: `crosses` fires on reaching the level from the side it was set on. */
export function indicatorAlertFires(alert: ChatIndicatorAlert, value: number): boolean {
  if (alert.condition === 'above') return value >= alert.level;
  if (alert.condition === 'below') return value <= alert.level;
  return alert.valueAtCreation < alert.level ? value >= alert.level : value <= alert.level;
}

/**
 * Reads `indicator` on `symbol` at `timeframe` from the stored bars (the timeframe's own stored
 * bars, else the 1-minute bars aggregated), as the chat's indicator answers do.
 */
export function storedIndicatorReading(
  store: EngineStore,
  symbol: string,
  timeframe: string,
  indicator: ChatIndicator,
): ChatIndicatorReading | string {
  const seconds = TIMEFRAMES[timeframe];
  if (seconds === undefined)
    return `timeframe ${timeframe} is not available; use ${Object.keys(TIMEFRAMES).join(', ')}`;
  const minute: Bar[] = store.bars(symbol as InstrumentId, '1m');
  const stored = timeframe === '1m' ? minute : store.bars(symbol as InstrumentId, timeframe);
  return chatIndicatorValue(stored.length > 0 ? stored : aggregateBars(minute, seconds), indicator);
}

/**
 * The chat's indicator alerts, persisted in the engine store's state (per client, at most
 * {@link MAX_ALERTS_PER_CLIENT} each with the price alerts' limit), checked when a symbol's last
 * stored 1-minute bar is newer than at the previous check (an indicator moves once per bar).
 */
export class IndicatorAlerts {
  readonly #store: EngineStore;
  readonly #alerts: ChatIndicatorAlert[];
  readonly #checkedBar = new Map<string, number>();
  #seq: number;

  /** Loads the alerts persisted in `store`. */
  constructor(store: EngineStore) {
    this.#store = store;
    const saved = store.load().state[INDICATOR_ALERTS_KEY] as
      | { seq: number; alerts: ChatIndicatorAlert[] }
      | undefined;
    this.#alerts = [...(saved?.alerts ?? [])];
    this.#seq = saved?.seq ?? 0;
  }

  /** Adds an alert (its id `I<n>` is assigned here); a message when the client has too many. */
  add(alert: Omit<ChatIndicatorAlert, 'id'>, time: number): ChatIndicatorAlert | string {
    if (this.list(alert.clientId).length >= MAX_ALERTS_PER_CLIENT)
      return `you have ${MAX_ALERTS_PER_CLIENT} indicator alerts already; "clear alerts" first`;
    this.#seq += 1;
    const added = { id: `I${this.#seq}`, ...alert };
    this.#alerts.push(added);
    this.#save(time);
    return added;
  }

  /**
   * Handles "alert me when rsi es 5m above 70": reads the indicator now and sets the alert, or says
   * why not (too few bars, the condition already holds, too many alerts).
   *
   * @returns `ok` with the reply (and the alert when one was set), or not `ok` with the error.
   */
  request(
    on: Pick<ChatIndicatorAlert, 'clientId' | 'symbol' | 'indicator' | 'timeframe'>,
    when: Pick<ChatIndicatorAlert, 'condition' | 'level'>,
    createdAt: string,
    time: number,
  ): { readonly ok: boolean; readonly text: string; readonly alert?: ChatIndicatorAlert } {
    const { symbol: sym, timeframe: tf, indicator } = on;
    const r = storedIndicatorReading(this.#store, sym, tf, indicator);
    if (typeof r === 'string')
      return { ok: false, text: `${sym} ${tf}: ${r}, so there is nothing to compare the alert with` };
    const holds = {
      above: r.value >= when.level,
      below: r.value <= when.level,
      crosses: r.value === when.level,
    };
    const what = when.condition === 'crosses' ? 'crosses' : `is ${when.condition}`;
    if (holds[when.condition])
      return {
        ok: true,
        text: `${sym} ${tf} ${indicator} is ${r.value.toFixed(2)} now, already ${when.condition === 'crosses' ? 'at' : when.condition} ${when.level}: no alert set`,
      };
    const alert = this.add({ ...on, ...when, valueAtCreation: r.value, createdAt }, time);
    if (typeof alert === 'string') return { ok: false, text: alert };
    return {
      ok: true,
      alert,
      text: `alert ${alert.id} set: I tell you when ${sym} ${tf} ${indicator} ${what} ${when.level} (now ${r.value.toFixed(2)}), checked at each new bar; kept across restarts`,
    };
  }

  /** The alerts of one client, or of all, oldest first. */
  list(clientId?: string): ChatIndicatorAlert[] {
    return this.#alerts.filter((a) => clientId === undefined || a.clientId === clientId);
  }

  /** Removes a client's alerts; returns how many. */
  clear(clientId: string, time: number): number {
    const before = this.#alerts.length;
    for (let i = this.#alerts.length - 1; i >= 0; i--)
      if ((this.#alerts[i] as ChatIndicatorAlert).clientId === clientId) this.#alerts.splice(i, 1);
    const n = before - this.#alerts.length;
    if (n > 0) this.#save(time);
    return n;
  }

  /**
   * Checks the alerts on `symbol` if a new 1-minute bar was stored since the last check; removes
   * and returns those that fire.
   */
  check(symbol: string, time: number): FiredIndicatorAlert[] {
    if (!this.#alerts.some((a) => a.symbol === symbol)) return [];
    const lastBar = this.#store
      .bars(symbol as InstrumentId, '1m', this.#checkedBar.get(symbol) ?? 0)
      .at(-1)?.time;
    if (lastBar === undefined || lastBar === this.#checkedBar.get(symbol)) return [];
    this.#checkedBar.set(symbol, lastBar);
    const fired: FiredIndicatorAlert[] = [];
    const readings = new Map<string, ChatIndicatorReading | string>();
    for (let i = 0; i < this.#alerts.length; i++) {
      const a = this.#alerts[i] as ChatIndicatorAlert;
      if (a.symbol !== symbol) continue;
      const key = `${a.indicator}/${a.timeframe}`;
      if (!readings.has(key))
        readings.set(key, storedIndicatorReading(this.#store, symbol, a.timeframe, a.indicator));
      const r = readings.get(key);
      if (r === undefined || typeof r === 'string' || !indicatorAlertFires(a, r.value)) continue;
      fired.push({ alert: a, reading: r });
      this.#alerts.splice(i, 1);
      i -= 1;
    }
    if (fired.length > 0) this.#save(time);
    return fired;
  }

  #save(time: number): void {
    this.#store.setState(INDICATOR_ALERTS_KEY, { seq: this.#seq, alerts: this.#alerts }, time as TimestampUs);
  }
}
