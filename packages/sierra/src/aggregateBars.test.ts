import { readFileSync } from 'node:fs';
import { BarSeries, US_PER_MINUTE, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { aggregateBars, aggregateScidRecords, aggregateTicks } from './aggregateBars.js';
import { aggregateDaily } from './aggregateDaily.js';
import { loadEsMinuteBars } from './internal/esFixture.js';
import { scidRecordsFromRows } from './ScidRecords.js';
import { SCID_FIRST_SUB_TRADE } from './scidFormat.js';
import { CME_EQUITY_SESSION } from './TradingSession.js';

const es = loadEsMinuteBars('ES201312');

/** Lean's ES daily bars (UTC calendar days), a third-party aggregation of the same trades. */
function leanDaily(contract: string): Map<string, number[]> {
  const url = new URL('../../../data/ohlcv/es_daily_trade_lean.csv', import.meta.url);
  const out = new Map<string, number[]>();
  for (const line of readFileSync(url, 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(',');
    if (f[1] === contract) out.set((f[0] as string).slice(0, 10), f.slice(2, 7).map(Number));
  }
  return out;
}

describe('aggregateBars', () => {
  it('builds 5-minute bars from 1-minute bars: open first, close last, high max, low min, volume sum', () => {
    const m5 = aggregateBars(es, 5 * US_PER_MINUTE);
    // Independent recomputation: group the 1-minute rows by 5-minute key with a Map.
    const groups = new Map<number, { o: number; h: number; l: number; c: number; v: number }>();
    for (const b of es) {
      const key = Math.floor(b.time / (5 * US_PER_MINUTE)) * 5 * US_PER_MINUTE;
      const g = groups.get(key);
      if (!g) groups.set(key, { o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume });
      else {
        g.h = Math.max(g.h, b.high);
        g.l = Math.min(g.l, b.low);
        g.c = b.close;
        g.v += b.volume;
      }
    }
    expect(m5.length).toBe(groups.size);
    expect(m5.length).toBeGreaterThan(3000);
    const mismatches: number[] = [];
    for (let k = 0; k < m5.length; k++) {
      const g = groups.get(m5.time[k] as number);
      const same =
        g !== undefined &&
        m5.open[k] === g.o &&
        m5.high[k] === g.h &&
        m5.low[k] === g.l &&
        m5.close[k] === g.c &&
        m5.volume[k] === g.v;
      if (!same) mismatches.push(k);
    }
    expect(mismatches).toEqual([]);
    expect(m5.volume.reduce((a, b) => a + b, 0)).toBe(es.volume.reduce((a, b) => a + b, 0));
  });

  it('RTH session days (09:30 New York, DST-aware) open at the price of Lean daily bars on every full day', () => {
    // Lean's daily bars come from a separate daily source, so only their open (the first RTH
    // trade) is comparable to an aggregation of its minute bars. A DST mistake would shift the
    // November/December opens by an hour and fail here.
    const lean = leanDaily('ES201312');
    const rth = { timeZone: 'America/New_York', open: '09:30', close: '16:15' };
    const { bars, tradeDates } = aggregateDaily(es, rth);
    let matched = 0;
    tradeDates.forEach((d, k) => {
      const ref = lean.get(d);
      if (!ref) return;
      expect(bars.open[k], d).toBe(ref[0]);
      matched++;
    });
    expect(matched).toBe(12);
    expect(tradeDates).toContain('2013-12-03');
  });

  it('builds CME session days (17:00–16:00 Chicago, DST-aware) from 1-minute bars', () => {
    const { bars, tradeDates } = aggregateDaily(es, CME_EQUITY_SESSION);
    const k = tradeDates.indexOf('2013-12-03');
    expect(k).toBeGreaterThanOrEqual(0);
    const start = Date.UTC(2013, 11, 2, 23) * 1000; // 17:00 CST
    const end = Date.UTC(2013, 11, 3, 22) * 1000; // 16:00 CST
    expect(bars.time[k]).toBe(start);
    const part = es.between(start, end);
    expect(bars.volume[k]).toBe(part.volume.reduce((a, b) => a + b, 0));
    expect(bars.open[k]).toBe(part.open[0]);
    expect(bars.close[k]).toBe(part.close[part.length - 1]);
    // October is CDT: the session of 2013-10-07 opens at 22:00 UTC on Sunday the 6th.
    expect(bars.time[tradeDates.indexOf('2013-10-07')]).toBe(Date.UTC(2013, 9, 6, 22) * 1000);
  });

  it('rejects unsorted input and bad intervals', () => {
    const bad = { time: [2, 1], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1], volume: [1, 1] };
    expect(() => aggregateBars(bad, 10)).toThrow(expect.objectContaining({ code: 'AGGREGATE_UNSORTED' }));
    expect(() => aggregateBars(es, 0)).toThrow(expect.objectContaining({ code: 'AGGREGATE_BAD_INTERVAL' }));
    expect(() => aggregateBars(es, 1.5)).toThrow(expect.objectContaining({ code: 'AGGREGATE_BAD_INTERVAL' }));
  });
});

describe('aggregateTicks / aggregateScidRecords', () => {
  const T = Date.UTC(2025, 0, 2, 15) * 1000;
  const trades = {
    time: [T + 100, T + 200_000, T + 900_000, T + 1_000_000, T + 2_500_000],
    price: [10, 10.5, 9.75, 10.25, 11],
    size: [1, 2, 3, 4, 5],
  };

  it('aggregates trades into 1-second bars with no bar for an empty second', () => {
    const s = aggregateTicks(trades, US_PER_SECOND);
    expect(s.toBars()).toEqual([
      { time: T, open: 10, high: 10.5, low: 9.75, close: 9.75, volume: 6 },
      { time: T + 1_000_000, open: 10.25, high: 10.25, low: 10.25, close: 10.25, volume: 4 },
      { time: T + 2_000_000, open: 11, high: 11, low: 11, close: 11, volume: 5 },
    ]);
  });

  it('uses the trade price of tick records, not their bid/ask, and keeps bar records whole', () => {
    const records = scidRecordsFromRows([
      {
        time: T,
        open: 0,
        high: 20,
        low: 1,
        close: 10,
        numTrades: 1,
        totalVolume: 1,
        bidVolume: 0,
        askVolume: 1,
      },
      {
        time: T + 1,
        open: SCID_FIRST_SUB_TRADE,
        high: 20,
        low: 1,
        close: 10.5,
        numTrades: 1,
        totalVolume: 2,
        bidVolume: 0,
        askVolume: 2,
      },
      {
        time: T + 60e6,
        open: 11,
        high: 12,
        low: 10,
        close: 11.5,
        numTrades: 9,
        totalVolume: 30,
        bidVolume: 10,
        askVolume: 20,
      },
    ]);
    const s = aggregateScidRecords(records, US_PER_MINUTE);
    expect(s.toBars()).toEqual([
      { time: T, open: 10, high: 10.5, low: 10, close: 10.5, volume: 3 },
      { time: T + 60e6, open: 11, high: 12, low: 10, close: 11.5, volume: 30 },
    ]);
  });

  it('respects a custom origin', () => {
    const s = aggregateBars(
      BarSeries.fromBars([{ time: 90, open: 1, high: 1, low: 1, close: 1, volume: 1 }]),
      60,
      {
        originUs: 30,
      },
    );
    expect(s.time[0]).toBe(90);
  });
});
