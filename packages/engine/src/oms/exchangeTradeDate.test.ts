import { wallClock } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { exchangeTradeDate } from './exchangeTradeDate.js';

const utc = (y: number, m: number, d: number, h: number, min = 0) => Date.UTC(y, m - 1, d, h, min) * 1000;

describe('exchangeTradeDate (CME, session opens 17:00 CT)', () => {
  it.each([
    [utc(2025, 7, 1, 21, 59), '2025-07-01'], // 16:59 CDT
    [utc(2025, 7, 1, 22, 0), '2025-07-02'], // 17:00 CDT opens the next trade date
    [utc(2025, 7, 2, 4, 0), '2025-07-02'], // 23:00 CDT
    [utc(2025, 1, 14, 22, 59), '2025-01-14'], // 16:59 CST (UTC−6)
    [utc(2025, 1, 14, 23, 0), '2025-01-15'], // 17:00 CST
    [utc(2025, 3, 9, 23, 0), '2025-03-10'], // Sunday open after the DST change → Monday
  ])('%s → %s', (t, expected) => {
    expect(exchangeTradeDate(t)).toBe(expected);
  });
});

describe('exchangeTradeDate cache', () => {
  /** The uncached definition, straight from the wall clock. */
  const reference = (t: number, zone: string, open: number): string => {
    const w = wallClock(zone, t);
    const day = w.minuteOfDay >= open ? w.epochDay + 1 : w.epochDay;
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  };

  it.each([
    ['America/Chicago', 17 * 60, utc(2025, 3, 7, 0)], // across the spring DST change
    ['America/Chicago', 17 * 60, utc(2025, 10, 31, 0)], // across the autumn DST change
    ['Europe/London', 1, utc(2025, 3, 29, 0)], // open one minute after midnight, DST at 01:00
    ['Australia/Lord_Howe', 2 * 60, utc(2025, 4, 4, 0)], // a 30-minute DST shift
  ])('matches the uncached definition minute by minute (%s, open %s)', (zone, open, start) => {
    const rule = { timeZone: zone, sessionOpenMinute: open };
    const mismatches: string[] = [];
    // Seven days, every 37 seconds (forward), then a backwards jump and forward again.
    for (let t = start; t < start + 7 * 86_400_000_000; t += 37_000_000) {
      const got = exchangeTradeDate(t, rule);
      if (got !== reference(t, zone, open)) mismatches.push(`${new Date(t / 1000).toISOString()} ${got}`);
    }
    for (let t = start + 3 * 86_400_000_000; t < start + 5 * 86_400_000_000; t += 61_000_000) {
      const got = exchangeTradeDate(t, rule);
      if (got !== reference(t, zone, open)) mismatches.push(`${new Date(t / 1000).toISOString()} ${got}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('answers correctly when time goes backwards across a boundary', () => {
    expect(exchangeTradeDate(utc(2025, 7, 1, 22, 0))).toBe('2025-07-02');
    expect(exchangeTradeDate(utc(2025, 7, 1, 21, 59))).toBe('2025-07-01');
    expect(exchangeTradeDate(utc(2025, 7, 1, 12, 0))).toBe('2025-07-01');
    expect(exchangeTradeDate(utc(2025, 7, 1, 12, 1))).toBe('2025-07-01');
    expect(exchangeTradeDate(utc(2025, 7, 3, 12, 1))).toBe('2025-07-03');
  });
});
