import { fromEpochDay, type IsoDate, type Weekday } from '../IsoDate.js';
import { daysFromCivil, daysInMonth } from './civil.js';

/** The n-th (1-based) `weekday` of a month; n = -1 is the last one. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: Weekday, n: number): IsoDate {
  if (n > 0) {
    const first = daysFromCivil(year, month, 1);
    const firstWd = (((first + 4) % 7) + 7) % 7;
    return fromEpochDay(first + ((weekday - firstWd + 7) % 7) + (n - 1) * 7);
  }
  const last = daysFromCivil(year, month, daysInMonth(year, month));
  const lastWd = (((last + 4) % 7) + 7) % 7;
  return fromEpochDay(last - ((lastWd - weekday + 7) % 7) + (n + 1) * 7);
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return fromEpochDay(daysFromCivil(year, month, day));
}
