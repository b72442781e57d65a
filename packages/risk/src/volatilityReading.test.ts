import { describe, expect, it } from 'vitest';
import { linearTrend, median, pearson, sampleStdev } from './internal/stats.js';
import { volatilityReading } from './volatilityReading.js';

describe('volatilityReading', () => {
  it('realised = stdev of the last window of log returns, baseline = median of window stdevs', () => {
    // Windows of 4 returns, alternating ±a with a = 0.001, 0.002, 0.003 (oldest first): stdevs ∝ a.
    const returns = [0.001, 0.002, 0.003].flatMap((a) => [a, -a, a, -a]);
    const closes = [100];
    for (const r of returns) closes.push((closes.at(-1) as number) * Math.exp(r));
    const r = volatilityReading(closes, { window: 4, baselineWindows: 3, minBaselineWindows: 3 });
    if (!r.ok) throw r.error;
    const sd = (a: number) => sampleStdev([a, -a, a, -a]);
    // Per-bar figures, named as such: annualise with @minhos/kelly's annualizeVolatility before sizing.
    expect(r.value.realisedPerBar).toBeCloseTo(sd(0.003), 12);
    expect(r.value.baselinePerBar).toBeCloseTo(sd(0.002), 12);
  });
  it('needs enough history', () => {
    const r = volatilityReading([1, 2, 3], { window: 2, minBaselineWindows: 2 });
    expect(!r.ok && r.error.code).toBe('VOLATILITY_INSUFFICIENT_DATA');
    expect(() => volatilityReading([1, -2, 3])).toThrowError(/close\[1\]/);
  });
});

describe('stats helpers', () => {
  it('linearTrend recovers an exact line and its R²', () => {
    const y = Array.from({ length: 10 }, (_, i) => 3 + 2 * i);
    expect(linearTrend(y, 0, 10)).toEqual({ slope: 2, r2: 1 });
    expect(linearTrend([5, 5, 5], 0, 3)).toEqual({ slope: 0, r2: 0 });
    // y = x² on 0..4: slope 4, R² = 0.9195 (hand computation: Sxy = 40, Sxx = 10, Syy = 174).
    const q = linearTrend([0, 1, 4, 9, 16], 0, 5);
    expect(q.slope).toBeCloseTo(4, 12);
    expect(q.r2).toBeCloseTo(1600 / 1740, 12);
  });
  it('pearson, median and sample stdev', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(sampleStdev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });
});
