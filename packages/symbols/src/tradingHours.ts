import { type TimestampUs, wallClock, zonedTimeToUs } from '@minhos/core';
import type { ContractSpec, TradingHours } from './ContractSpec.js';
import type { HolidayCalendar } from './HolidayCalendar.js';
import { fromEpochDay, type IsoDate, toEpochDay, weekdayOf } from './IsoDate.js';

function minutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function hoursOf(specOrHours: ContractSpec | TradingHours): TradingHours {
  return 'tradingHours' in specOrHours ? specOrHours.tradingHours : specOrHours;
}

/** Whether the first session of a trade date opens on the previous calendar day. */
function opensDayBefore(h: TradingHours): boolean {
  const first = h.sessions[0];
  return first !== undefined && minutes(first.close) <= minutes(first.open);
}

/**
 * The exchange trade date an instant belongs to. For products whose session opens the evening
 * before (CME Globex 17:00 CT, spot FX 17:00 New York), instants from the open onwards belong to
 * the next calendar day's trade date; otherwise it is the local calendar date.
 *
 * Weekends and holidays are not skipped (a Saturday instant maps to Saturday or Sunday); compare
 * trade dates, or use {@link isMarketOpen} to know whether the market trades.
 *
 * @example
 * ```ts
 * import { ES, tradingDate } from '@minhos/symbols';
 * tradingDate(ES, Date.parse('2025-09-08T21:59:00Z') * 1000); // '2025-09-08' (16:59 CDT)
 * tradingDate(ES, Date.parse('2025-09-08T22:00:00Z') * 1000); // '2025-09-09' (17:00 CDT: next session)
 * ```
 */
export function tradingDate(specOrHours: ContractSpec | TradingHours, at: TimestampUs): IsoDate {
  const h = hoursOf(specOrHours);
  const w = wallClock(h.timeZone, at);
  const first = h.sessions[0];
  const next = opensDayBefore(h) && first !== undefined && w.minuteOfDay >= minutes(first.open);
  return fromEpochDay(w.epochDay + (next ? 1 : 0));
}

/**
 * The instant (µs, UTC) trade date `date` begins: the first session's open when it opens the
 * evening before (CME Globex, spot FX), else local midnight. {@link tradingDate} changes value
 * exactly at these instants; roll dates take effect at them.
 *
 * @example
 * ```ts
 * import { ES, tradeDateStart } from '@minhos/symbols';
 * new Date(tradeDateStart(ES, '2025-09-09') / 1000).toISOString(); // '2025-09-08T22:00:00.000Z'
 * ```
 */
export function tradeDateStart(specOrHours: ContractSpec | TradingHours, date: IsoDate): TimestampUs {
  const h = hoursOf(specOrHours);
  const day = toEpochDay(date);
  const first = h.sessions[0];
  return opensDayBefore(h) && first !== undefined
    ? zonedTimeToUs(h.timeZone, day - 1, minutes(first.open))
    : zonedTimeToUs(h.timeZone, day, 0);
}

/** One session of a trade date as UTC instants (µs): open inclusive, close exclusive. */
export interface SessionInterval {
  readonly open: TimestampUs;
  readonly close: TimestampUs;
}

/**
 * The sessions of trade date `date` as UTC instants (µs), whether or not `date` is a trading day.
 *
 * @example
 * ```ts
 * import { VIX, tradingSessions } from '@minhos/symbols';
 * tradingSessions(VIX, '2025-03-03').length; // 2
 * ```
 */
export function tradingSessions(specOrHours: ContractSpec | TradingHours, date: IsoDate): SessionInterval[] {
  const h = hoursOf(specOrHours);
  const day = toEpochDay(date);
  return h.sessions.map((s, i) => {
    const openDay = i === 0 && opensDayBefore(h) ? day - 1 : day;
    return {
      open: zonedTimeToUs(h.timeZone, openDay, minutes(s.open)),
      close: zonedTimeToUs(h.timeZone, day, minutes(s.close)),
    };
  });
}

/**
 * Whether the product trades at instant `at`: the trade date is a trade day of the week, not a
 * holiday of `calendar`, and `at` lies in one of its sessions. Early closes are not modelled.
 *
 * @example
 * ```ts
 * import { ES, cmeHolidayCalendar, isMarketOpen } from '@minhos/symbols';
 * const cme = cmeHolidayCalendar();
 * isMarketOpen(ES, Date.parse('2025-09-08T21:30:00Z') * 1000, cme); // false (16:30 CT: daily break)
 * isMarketOpen(ES, Date.parse('2025-09-08T22:30:00Z') * 1000, cme); // true
 * ```
 */
export function isMarketOpen(
  spec: ContractSpec | TradingHours,
  at: TimestampUs,
  calendar: HolidayCalendar,
): boolean {
  const h = hoursOf(spec);
  const date = tradingDate(h, at);
  if (!h.tradeDays.includes(weekdayOf(date)) || calendar.isHoliday(date)) return false;
  return tradingSessions(h, date).some((s) => at >= s.open && at < s.close);
}
