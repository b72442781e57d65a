import { MinhosError } from '@minhos/core';
import { civilFromDays, daysFromCivil } from './internal/civil.js';

/**
 * A calendar date (no time, no zone) as ISO-8601 text `YYYY-MM-DD`, e.g. `'2025-03-21'`.
 *
 * Expiry, first-notice and roll dates are exchange calendar dates (trade dates), so they are
 * plain dates rather than instants. Convert to an instant with `tradeDateStart`.
 */
export type IsoDate = `${number}-${number}-${number}`;

/** Day of the week, `0` = Sunday … `6` = Saturday (as `Date.prototype.getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Builds an {@link IsoDate} from its parts (month 1–12).
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_DATE` when the parts do not name a real date.
 * @example
 * ```ts
 * import { isoDate } from '@minhos/symbols';
 * isoDate(2025, 3, 21); // '2025-03-21'
 * ```
 */
export function isoDate(year: number, month: number, day: number): IsoDate {
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  if (!Number.isInteger(year) || year < 1 || year > 9999 || back.month !== month || back.day !== day) {
    throw new MinhosError(
      'INVALID_DATE',
      `date ${year}-${month}-${day} does not exist (expected a real Y-M-D)`,
      {
        details: { year, month, day },
      },
    );
  }
  return formatDays(days);
}

/**
 * Validates text as an {@link IsoDate} (`YYYY-MM-DD`, a real calendar date).
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_DATE` naming the text and the expected form.
 * @example
 * ```ts
 * import { parseIsoDate } from '@minhos/symbols';
 * parseIsoDate('2025-09-09'); // '2025-09-09'
 * ```
 */
export function parseIsoDate(text: string): IsoDate {
  const m = ISO_DATE.exec(text);
  if (m === null) {
    throw new MinhosError('INVALID_DATE', `date "${text}" is not YYYY-MM-DD`, { details: { value: text } });
  }
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** Whether `text` is a well-formed {@link IsoDate}. */
export function isIsoDate(text: string): text is IsoDate {
  const m = ISO_DATE.exec(text);
  if (m === null) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const back = civilFromDays(daysFromCivil(y, mo, d));
  return y >= 1 && back.month === mo && back.day === d;
}

/**
 * The date `days` calendar days after `date` (negative: before).
 *
 * @example
 * ```ts
 * import { addDays } from '@minhos/symbols';
 * addDays('2025-03-21', -10); // '2025-03-11'
 * ```
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  return formatDays(toEpochDay(date) + days);
}

/**
 * Calendar days from `from` to `to` (positive when `to` is later).
 *
 * @example
 * ```ts
 * import { daysBetween } from '@minhos/symbols';
 * daysBetween('2025-07-25', '2025-09-09'); // 46
 * ```
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

/**
 * The weekday of a date, `0` = Sunday … `6` = Saturday.
 *
 * @example
 * ```ts
 * import { weekdayOf } from '@minhos/symbols';
 * weekdayOf('2025-03-21'); // 5 (Friday)
 * ```
 */
export function weekdayOf(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toEpochDay(date) + 4) % 7) + 7) % 7) as Weekday;
}

/** Days since 1970-01-01 of a date (the integer form used for arithmetic). */
export function toEpochDay(date: IsoDate): number {
  // Hot path (every calendar step): read the digits directly instead of running the regex.
  if (date.length === 10 && date.charCodeAt(4) === 45 && date.charCodeAt(7) === 45) {
    const y = digits(date, 0, 4);
    const m = digits(date, 5, 7);
    const d = digits(date, 8, 10);
    if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31) return daysFromCivil(y, m, d);
  }
  throw new MinhosError('INVALID_DATE', `date "${date}" is not YYYY-MM-DD`, { details: { value: date } });
}

function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** The {@link IsoDate} `days` days after 1970-01-01. */
export function fromEpochDay(days: number): IsoDate {
  return formatDays(days);
}

function formatDays(days: number): IsoDate {
  const { year, month, day } = civilFromDays(days);
  const y = year >= 1000 ? String(year) : String(year).padStart(4, '0');
  return `${y}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}` as IsoDate;
}
