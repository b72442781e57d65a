import { MinhosError } from '@minhos/core';
import type { HolidayCalendar } from './HolidayCalendar.js';
import { addDays, type IsoDate, weekdayOf } from './IsoDate.js';

/**
 * Whether `date` is a business day: a weekday that `calendar` does not list as a holiday.
 *
 * @example
 * ```ts
 * import { cmeHolidayCalendar, isBusinessDay } from '@minhos/symbols';
 * isBusinessDay('2025-04-18', cmeHolidayCalendar()); // false (Good Friday)
 * ```
 */
export function isBusinessDay(date: IsoDate, calendar: HolidayCalendar): boolean {
  const wd = weekdayOf(date);
  return wd !== 0 && wd !== 6 && !calendar.isHoliday(date);
}

/**
 * `date` itself when it is a business day, else the closest business day before it.
 *
 * @example
 * ```ts
 * import { cmeHolidayCalendar, onOrBeforeBusinessDay } from '@minhos/symbols';
 * onOrBeforeBusinessDay('2025-04-18', cmeHolidayCalendar()); // '2025-04-17'
 * ```
 */
export function onOrBeforeBusinessDay(date: IsoDate, calendar: HolidayCalendar): IsoDate {
  let d = date;
  // A calendar closing every day would loop forever; no real exchange closes for a year.
  for (let guard = 0; !isBusinessDay(d, calendar); guard++) {
    if (guard > 366) throw closedForever(date, calendar);
    d = addDays(d, -1);
  }
  return d;
}

/**
 * The business day `n` business days after `date` (`n < 0`: before). `n = 0` returns `date`
 * unchanged even when it is not a business day.
 *
 * @example
 * ```ts
 * import { addBusinessDays, cmeHolidayCalendar } from '@minhos/symbols';
 * addBusinessDays('2025-12-19', -2, cmeHolidayCalendar()); // '2025-12-17'
 * ```
 */
export function addBusinessDays(date: IsoDate, n: number, calendar: HolidayCalendar): IsoDate {
  const step = n < 0 ? -1 : 1;
  let d = date;
  let left = Math.abs(n);
  let guard = 0;
  while (left > 0) {
    d = addDays(d, step);
    if (isBusinessDay(d, calendar)) left--;
    if (++guard > 366 + Math.abs(n) * 7) throw closedForever(date, calendar);
  }
  return d;
}

function closedForever(date: IsoDate, calendar: HolidayCalendar): MinhosError {
  return new MinhosError(
    'HOLIDAY_CALENDAR_INVALID',
    `holiday calendar "${calendar.name}" has no business day within a year of ${date} (expected a real exchange calendar)`,
    { details: { calendar: calendar.name, date } },
  );
}
