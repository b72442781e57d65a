import { type TimestampUs, wallClock, zonedTimeToUs } from '@minhos/core';

/** When an exchange's trading day starts: local time zone and the minute of day of the session open. */
export interface TradeDateRule {
  readonly timeZone: string;
  /** Minutes after local midnight when the next trade date's session opens (CME: 17:00 → 1020). */
  readonly sessionOpenMinute: number;
}

/** CME Globex: the trade date changes at the 17:00 America/Chicago session open. */
export const CME_TRADE_DATE: TradeDateRule = Object.freeze({
  timeZone: 'America/Chicago',
  sessionOpenMinute: 17 * 60,
});

/** The last answer per rule and the instants `[from, until)` for which it is certainly the same. */
interface CachedTradeDate {
  from: number;
  until: number;
  date: string;
}
const cache = new WeakMap<TradeDateRule, CachedTradeDate>();

/**
 * The exchange trade date (`YYYY-MM-DD`) an instant belongs to: on CME, 17:00 CT on Tuesday starts
 * Wednesday's trade date. Daily P&L is cut by this date, not by the UTC or local calendar day.
 * Sunday-evening trading belongs to Monday; Friday after the open (no session) would belong to
 * Saturday, which no fill ever has.
 *
 * The trade date changes only at a session open, so the answer is remembered (per rule object)
 * until the exact instant of the next one (the zone's local open time converted to UTC, DST
 * included): consecutive timestamps of a session cost a comparison, not a time-zone conversion.
 * The result is the same as without the cache.
 *
 * @example
 * ```ts
 * import { exchangeTradeDate } from '@minhos/engine';
 * exchangeTradeDate(Date.UTC(2025, 6, 1, 22, 30) * 1000); // 17:30 CDT on Jul 1 → '2025-07-02'
 * ```
 */
export function exchangeTradeDate(time: TimestampUs, rule: TradeDateRule = CME_TRADE_DATE): string {
  const hit = cache.get(rule);
  if (hit !== undefined && time >= hit.from && time < hit.until) return hit.date;
  const w = wallClock(rule.timeZone, time);
  const afterOpen = w.minuteOfDay >= rule.sessionOpenMinute;
  const day = afterOpen ? w.epochDay + 1 : w.epochDay;
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  // The next open: the local open minute of the local day `day` (today's if before it, else
  // tomorrow's), as a UTC instant. The date is the same from `time` until then.
  const nextOpen = zonedTimeToUs(rule.timeZone, day, rule.sessionOpenMinute);
  const entry = hit ?? { from: 0, until: 0, date };
  entry.from = time;
  entry.until = nextOpen > time ? nextOpen : time;
  entry.date = date;
  if (hit === undefined) cache.set(rule, entry);
  return date;
}
