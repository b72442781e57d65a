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
