import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sameTimeVolatilityReading } from './sameTimeVolatilityReading.js';
import { volatilityReading } from './volatilityReading.js';

// ES December 2013 1-minute bars (Lean/AlgoSeek, bundled in data/ohlcv with provenance).
const rows = readFileSync(new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .filter((c) => c[1] === 'ES201312');

function upTo(iso: string) {
  const k = rows.findIndex((c) => c[0] === iso);
  if (k < 0) throw new Error(`no bar at ${iso}`);
  const bars = rows.slice(0, k + 1);
  return {
    closes: Float64Array.from(bars, (c) => Number(c[5])),
    times: Float64Array.from(bars, (c) => Date.parse(c[0] as string) * 1000),
  };
}

function ratio(r: ReturnType<typeof sameTimeVolatilityReading>): number {
  if (!r.ok) throw r.error;
  return r.value.realisedPerBar / r.value.baselinePerBar;
}

describe('sameTimeVolatilityReading on real ES data', () => {
  it('does not call an ordinary cash-session morning a spike, unlike a recent-windows baseline', () => {
    const { closes, times } = upTo('2013-12-03T15:30:00Z'); // 10:30 New York
    expect(ratio(volatilityReading(closes))).toBeGreaterThan(2.5);
    const seasonal = ratio(sameTimeVolatilityReading(closes, times, { days: 60 }));
    expect(seasonal).toBeGreaterThan(0.7);
    expect(seasonal).toBeLessThan(1.6);
  });

  it('still flags the FOMC taper announcement (2013-12-18 14:00 New York)', () => {
    const { closes, times } = upTo('2013-12-18T19:30:00Z');
    expect(ratio(sameTimeVolatilityReading(closes, times, { days: 60 }))).toBeGreaterThan(4);
  });
});

describe('sameTimeVolatilityReading on constructed data', () => {
  // 30 days of 1-minute bars, 13:30–20:00 UTC; the first hour of every day is 4× as volatile.
  function series(spikeLastDay: number) {
    const closes: number[] = [];
    const times: number[] = [];
    let seed = 11;
    const noise = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647) * 2 - 1;
    };
    let logP = Math.log(100);
    for (let d = 0; d < 30; d++) {
      for (let m = 0; m < 390; m++) {
        const base = m < 60 ? 0.004 : 0.001;
        const vol = d === 29 && m >= 30 && m < 60 ? base * spikeLastDay : base;
        logP += vol * noise();
        closes.push(Math.exp(logP));
        times.push((Date.UTC(2024, 0, 1 + d, 13, 30) + m * 60_000) * 1000);
      }
    }
    // End at 14:29 on the last day: inside the volatile first hour.
    return { closes: closes.slice(0, 29 * 390 + 60), times: times.slice(0, 29 * 390 + 60) };
  }

  it('is ≈ 1 in the seasonal high-volatility hour and large for a real spike', () => {
    const normal = series(1);
    const r = ratio(sameTimeVolatilityReading(normal.closes, normal.times, { window: 30 }));
    expect(r).toBeGreaterThan(0.7);
    expect(r).toBeLessThan(1.4);
    const spiked = series(5);
    expect(ratio(sameTimeVolatilityReading(spiked.closes, spiked.times, { window: 30 }))).toBeGreaterThan(
      3.5,
    );
  });

  it('needs enough previous days and continuous windows, with typed errors for bad input', () => {
    const { closes, times } = series(1);
    const r = sameTimeVolatilityReading(closes.slice(-1000), times.slice(-1000), { window: 30 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VOLATILITY_INSUFFICIENT_DATA');
    expect(() => sameTimeVolatilityReading(closes, times.slice(1))).toThrowError(/times has/);
    const shuffled = Float64Array.from(times);
    shuffled[5] = 0;
    expect(() => sameTimeVolatilityReading(closes, shuffled)).toThrowError(/non-decreasing, bad at index 5/);
    expect(() => sameTimeVolatilityReading([1, -1], [0, 1])).toThrowError(/positive finite price/);
    expect(() => sameTimeVolatilityReading(closes, times, { minDays: 30, days: 20 })).toThrowError(/minDays/);
  });
});
