import { US_PER_MINUTE } from '@minhos/core';
import { cmeHolidayCalendar, ES, VIX } from '@minhos/symbols';
import { describe, expect, it } from 'vitest';
import { aggregateDaily } from './aggregateDaily.js';
import { detectGaps } from './detectGaps.js';
import { CME_EQUITY_SESSION, sessionWindows } from './TradingSession.js';
import { tradingSessionOf } from './tradingSessionOf.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) * 1000;

describe('tradingSessionOf (@minhos/symbols trading hours)', () => {
  it('gives ES the same windows as CME_EQUITY_SESSION, minus CME holidays', () => {
    const es = tradingSessionOf(ES, cmeHolidayCalendar());
    const from = utc(2025, 12, 20);
    const to = utc(2026, 1, 3);
    const ours = sessionWindows(CME_EQUITY_SESSION, from, to);
    const theirs = sessionWindows(es, from, to);
    const dates = theirs.map((w) => w.tradeDate);
    expect(dates).not.toContain('2025-12-25');
    expect(dates).not.toContain('2026-01-01');
    expect(theirs).toEqual(ours.filter((w) => w.tradeDate !== '2025-12-25' && w.tradeDate !== '2026-01-01'));
  });

  it('handles two sessions per trade date (VIX): gaps skip the break, daily bars span both', () => {
    const vix = tradingSessionOf(VIX);
    const w = sessionWindows(vix, utc(2025, 3, 3), utc(2025, 3, 4));
    // CST (before the 2025-03-09 DST change): 02:15–08:25 and 08:30–15:15 = 08:15–14:25 and 14:30–21:15 UTC.
    expect(w).toEqual([
      { tradeDate: '2025-03-03', start: utc(2025, 3, 3, 8, 15), end: utc(2025, 3, 3, 14, 25) },
      { tradeDate: '2025-03-03', start: utc(2025, 3, 3, 14, 30), end: utc(2025, 3, 3, 21, 15) },
    ]);
    const times: number[] = [];
    for (const x of w) for (let t = x.start; t < x.end; t += US_PER_MINUTE) times.push(t);
    expect(detectGaps(times, { barSizeUs: US_PER_MINUTE, session: vix })).toEqual([]);
    const bars = {
      time: [utc(2025, 3, 3, 9), utc(2025, 3, 3, 14, 27), utc(2025, 3, 3, 15)],
      open: [20, 99, 21],
      high: [20, 99, 21],
      low: [20, 99, 21],
      close: [20, 99, 21],
      volume: [1, 1, 1],
    };
    const daily = aggregateDaily(bars, vix);
    expect(daily.outsideSession).toBe(1); // 14:27 UTC is in the 08:25–08:30 CT break
    expect(daily.bars.toBars()).toEqual([
      { time: utc(2025, 3, 3, 8, 15), open: 20, high: 21, low: 20, close: 21, volume: 2 },
    ]);
  });
});
