import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isoDate,
  parseIsoDate,
  toEpochDay,
  weekdayOf,
} from './index.js';

describe('IsoDate', () => {
  it('builds and validates dates', () => {
    expect(isoDate(2025, 3, 21)).toBe('2025-03-21');
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseIsoDate('2025-02-29')).toThrow(/does not exist/);
    expect(() => parseIsoDate('2025-3-1')).toThrow(/YYYY-MM-DD/);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-12-31')).toBe(true);
  });

  it('does arithmetic across months, leap years and centuries', () => {
    expect(addDays('2025-03-21', -10)).toBe('2025-03-11');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(daysBetween('2025-07-25', '2025-09-09')).toBe(46);
    expect(weekdayOf('2025-03-21')).toBe(5);
    expect(weekdayOf('1970-01-01')).toBe(4);
  });

  it('agrees with the JS Date UTC calendar for any day in 1900..2200', () => {
    const min = Date.UTC(1900, 0, 1) / 86_400_000;
    const max = Date.UTC(2200, 11, 31) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: -400, max: 400 }), (day, delta) => {
        const d = new Date(day * 86_400_000);
        const text = d.toISOString().slice(0, 10);
        expect(fromEpochDay(day)).toBe(text);
        expect(toEpochDay(text as never)).toBe(day);
        expect(weekdayOf(text as never)).toBe(d.getUTCDay());
        expect(addDays(text as never, delta)).toBe(
          new Date((day + delta) * 86_400_000).toISOString().slice(0, 10),
        );
      }),
    );
  });
});
