import { type TimestampUs, wallClock } from '@minhos/core';

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

/**
 * The exchange trade date (`YYYY-MM-DD`) an instant belongs to: on CME, 17:00 CT on Tuesday starts
 * Wednesday's trade date. Daily P&L is cut by this date, not by the UTC or local calendar day.
 * Sunday-evening trading belongs to Monday; Friday after the open (no session) would belong to
 * Saturday, which no fill ever has.
 *
 * @example
 * ```ts
 * import { exchangeTradeDate } from '@minhos/engine';
 * exchangeTradeDate(Date.UTC(2025, 6, 1, 22, 30) * 1000); // 17:30 CDT on Jul 1 → '2025-07-02'
 * ```
 */
export function exchangeTradeDate(time: TimestampUs, rule: TradeDateRule = CME_TRADE_DATE): string {
  const w = wallClock(rule.timeZone, time);
  const day = w.minuteOfDay >= rule.sessionOpenMinute ? w.epochDay + 1 : w.epochDay;
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
