import { describe, expect, it } from 'vitest';
import { continuousGrowthRate, continuousKelly } from './continuousKelly.js';

describe('continuousKelly', () => {
  const asset = { mean: 0.08, stdev: 0.2, riskFreeRate: 0.03 };

  it('is (μ − r)/σ²', () => {
    expect(continuousKelly(asset)).toBeCloseTo(1.25, 15);
    expect(continuousKelly({ mean: 0.08, stdev: 0.2 })).toBeCloseTo(2, 15);
    expect(continuousKelly({ mean: 0.01, stdev: 0.2, riskFreeRate: 0.03 })).toBeCloseTo(-0.5, 15);
  });

  it('maximises g(f) = r + f(μ − r) − f²σ²/2 with g* = r + (μ − r)²/(2σ²)', () => {
    const f = continuousKelly(asset);
    const gStar = continuousGrowthRate(asset, f);
    expect(gStar).toBeCloseTo(0.03 + 0.05 ** 2 / (2 * 0.04), 15);
    expect(continuousGrowthRate(asset, f + 0.01)).toBeLessThan(gStar);
    expect(continuousGrowthRate(asset, f - 0.01)).toBeLessThan(gStar);
  });

  it('twice Kelly earns exactly the risk-free rate and c·f* earns c(2 − c) of the excess', () => {
    const f = continuousKelly(asset);
    const excess = continuousGrowthRate(asset, f) - 0.03;
    expect(continuousGrowthRate(asset, 2 * f)).toBeCloseTo(0.03, 15);
    for (const c of [0.25, 0.5, 1.5, 3]) {
      expect(continuousGrowthRate(asset, c * f) - 0.03).toBeCloseTo(c * (2 - c) * excess, 14);
    }
  });

  it('rejects a non-positive volatility and non-finite inputs', () => {
    expect(() => continuousKelly({ mean: 0.1, stdev: 0 })).toThrow(/stdev must be a positive number, got 0/);
    expect(() => continuousKelly({ mean: Number.NaN, stdev: 0.2 })).toThrow(/mean/);
    expect(() => continuousKelly({ mean: 0.1, stdev: 0.2, riskFreeRate: Number.POSITIVE_INFINITY })).toThrow(
      /riskFreeRate/,
    );
    expect(() => continuousGrowthRate(asset, Number.NaN)).toThrow(/f must be finite/);
  });
});
