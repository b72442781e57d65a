import type { HolidayCalendar } from './HolidayCalendar.js';
import { addDays, type IsoDate, isoDate, parseIsoDate, weekdayOf } from './IsoDate.js';
import { easterSunday, nthWeekdayOfMonth } from './internal/calendarMath.js';

/** Options of {@link cmeHolidayCalendar}. */
export interface CmeHolidayCalendarOptions {
  /** First year Juneteenth (June 19) closes the exchange. Default `2022` (CME's first observance). */
  readonly juneteenthFrom?: number;
  /** Extra full-day closures (`YYYY-MM-DD`), e.g. national days of mourning. */
  readonly extraClosures?: Iterable<string>;
}

/**
 * The built-in, **rule-based** US exchange holiday calendar used by CME Group and CFE products:
 * New Year's Day, Martin Luther King Jr. Day (3rd Monday of January), Presidents' Day (3rd Monday
 * of February), Good Friday, Memorial Day (last Monday of May), Juneteenth (from 2022),
 * Independence Day, Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November)
 * and Christmas.
 *
 * Weekend observance: a holiday on Saturday is observed the Friday before, on Sunday the Monday
 * after — except New Year's Day on a Saturday, which is not observed (as NYSE/CME do: Dec 31 is
 * a trading day).
 *
 * Use it for expiry and roll arithmetic. It does not model early closes (CME trades shortened
 * sessions on several of these days; they are not trade dates) nor one-off closures — pass those
 * as `extraClosures`, or plug in the exchange's published list with `holidayCalendarFromDates`.
 *
 * @example
 * ```ts
 * import { cmeHolidayCalendar } from '@minhos/symbols';
 * const cme = cmeHolidayCalendar();
 * cme.isHoliday('2025-04-18'); // true  (Good Friday)
 * cme.isHoliday('2026-07-03'); // true  (July 4 is a Saturday)
 * cme.isHoliday('2021-12-31'); // false (New Year 2022 is a Saturday: not observed)
 * ```
 */
export function cmeHolidayCalendar(options: CmeHolidayCalendarOptions = {}): HolidayCalendar {
  const juneteenthFrom = options.juneteenthFrom ?? 2022;
  const extra = new Set<string>();
  for (const d of options.extraClosures ?? []) extra.add(parseIsoDate(d));
  const byYear = new Map<number, ReadonlySet<string>>();
  const holidaysOf = (year: number): ReadonlySet<string> => {
    let set = byYear.get(year);
    if (set === undefined) {
      set = new Set(usExchangeHolidays(year, juneteenthFrom));
      byYear.set(year, set);
    }
    return set;
  };
  return Object.freeze({
    name: 'CME (rule-based US holidays)',
    isHoliday(date: IsoDate): boolean {
      if (extra.has(date)) return true;
      return holidaysOf(Number(date.slice(0, 4))).has(date);
    },
  });
}

/** The observed holiday dates falling in `year`. */
function usExchangeHolidays(year: number, juneteenthFrom: number): IsoDate[] {
  const out: IsoDate[] = [];
  const fixed = (month: number, day: number, saturdayObserved: boolean): void => {
    const d = isoDate(year, month, day);
    const wd = weekdayOf(d);
    if (wd === 6) {
      if (saturdayObserved) out.push(addDays(d, -1));
    } else if (wd === 0) out.push(addDays(d, 1));
    else out.push(d);
  };
  fixed(1, 1, false);
  out.push(nthWeekdayOfMonth(year, 1, 1, 3));
  out.push(nthWeekdayOfMonth(year, 2, 1, 3));
  out.push(addDays(easterSunday(year), -2));
  out.push(nthWeekdayOfMonth(year, 5, 1, -1));
  if (year >= juneteenthFrom) fixed(6, 19, true);
  fixed(7, 4, true);
  out.push(nthWeekdayOfMonth(year, 9, 1, 1));
  out.push(nthWeekdayOfMonth(year, 11, 4, 4));
  fixed(12, 25, true);
  return out;
}
