import type { IsoDate } from './IsoDate.js';
import { parseIsoDate } from './IsoDate.js';

/**
 * An exchange holiday calendar: which weekdays the exchange is closed (no trade date, no
 * settlement). Weekends are handled separately and need not be listed.
 *
 * It is an input everywhere a business day is needed (expiry, first notice, roll), so a user can
 * plug in the exchange's published calendar, a rule-based one ({@link cmeHolidayCalendar}) or a
 * combination ({@link combineHolidayCalendars}).
 *
 * @example
 * ```ts
 * import type { HolidayCalendar } from '@minhos/symbols';
 * const closedOnNewYear: HolidayCalendar = {
 *   name: 'new-year-only',
 *   isHoliday: (date) => date.endsWith('-01-01'),
 * };
 * ```
 */
export interface HolidayCalendar {
  /** A short name for messages and reports, e.g. `'CME (rule-based)'`. */
  readonly name: string;
  /** Whether the exchange is closed for the whole trade date `date` (`YYYY-MM-DD`). */
  isHoliday(date: IsoDate): boolean;
}

/**
 * A calendar with no holidays (only weekends are non-business days). Use for spot FX or tests.
 *
 * @example
 * ```ts
 * import { noHolidays } from '@minhos/symbols';
 * noHolidays.isHoliday('2025-12-25'); // false
 * ```
 */
export const noHolidays: HolidayCalendar = Object.freeze({
  name: 'none',
  isHoliday: (_date: IsoDate): boolean => false,
});

/**
 * A calendar from an explicit list of closed dates, e.g. an exchange's published holiday list or
 * one-off closures (a national day of mourning).
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_DATE` when a listed date is not `YYYY-MM-DD`.
 * @example
 * ```ts
 * import { holidayCalendarFromDates } from '@minhos/symbols';
 * const closures = holidayCalendarFromDates('NYSE one-offs', ['2025-01-09']);
 * closures.isHoliday('2025-01-09'); // true
 * ```
 */
export function holidayCalendarFromDates(name: string, dates: Iterable<string>): HolidayCalendar {
  const set = new Set<string>();
  for (const d of dates) set.add(parseIsoDate(d));
  return Object.freeze({ name, isHoliday: (date: IsoDate): boolean => set.has(date) });
}

/**
 * A calendar closed whenever any of `calendars` is closed (rule-based holidays plus one-offs).
 *
 * @example
 * ```ts
 * import { cmeHolidayCalendar, combineHolidayCalendars, holidayCalendarFromDates } from '@minhos/symbols';
 * const cal = combineHolidayCalendars(cmeHolidayCalendar(), holidayCalendarFromDates('extra', ['2025-01-09']));
 * cal.isHoliday('2025-12-25'); // true
 * ```
 */
export function combineHolidayCalendars(...calendars: readonly HolidayCalendar[]): HolidayCalendar {
  return Object.freeze({
    name: calendars.map((c) => c.name).join(' + '),
    isHoliday: (date: IsoDate): boolean => calendars.some((c) => c.isHoliday(date)),
  });
}
