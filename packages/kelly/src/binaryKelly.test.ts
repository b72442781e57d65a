import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { binaryGrowthRate, binaryKelly, breakEvenProbability } from './binaryKelly.js';

describe('binaryKelly', () => {
  it('matches the closed-form fixtures', () => {
    expect(binaryKelly(0.55, 1)).toBeCloseTo(0.1, 15);
    expect(binaryKelly(0.5, 1)).toBe(0); // fair game
    expect(binaryKelly(0.4, 1)).toBe(0); // negative edge
    expect(binaryKelly(0.6, 2)).toBeCloseTo(0.4, 15); // 0.6 − 0.4/2
    expect(binaryKelly(0.3, 3)).toBeCloseTo(0.3 - 0.7 / 3, 15);
  });

  it('is zero at and below break-even and positive just above it', () => {
    for (const b of [0.5, 1, 1.5, 3]) {
      const pe = breakEvenProbability(b);
      expect(binaryKelly(pe, b)).toBeCloseTo(0, 14);
      expect(binaryKelly(pe - 1e-6, b)).toBe(0);
      expect(binaryKelly(pe + 1e-3, b)).toBeGreaterThan(0);
    }
  });

  it('returns 0 when there is nothing to win and p itself when losses cost nothing', () => {
    expect(binaryKelly(0.9, 0)).toBe(0);
    expect(binaryKelly(0.9, -2)).toBe(0);
    expect(binaryKelly(0.7, Number.POSITIVE_INFINITY)).toBe(0.7);
  });

  it('maximises the analytic growth rate', () => {
    for (const [p, b] of [
      [0.55, 1],
      [0.4, 2],
      [0.62, 0.8],
    ] as const) {
      const f = binaryKelly(p, b);
      const g = binaryGrowthRate(p, b, f);
      // The first-order condition p·b/(1 + b·f) = q/(1 − f) holds at f*.
      expect((p * b) / (1 + b * f)).toBeCloseTo((1 - p) / (1 - f), 12);
      expect(binaryGrowthRate(p, b, f * 0.99)).toBeLessThan(g);
      expect(binaryGrowthRate(p, b, Math.min(0.999, f * 1.01))).toBeLessThan(g);
    }
  });

  it('rejects values that are not probabilities or payoff ratios', () => {
    for (const [p, b] of [
      [Number.NaN, 1],
      [1.2, 1],
      [-0.1, 1],
      [0.5, Number.NaN],
    ]) {
      expect(() => binaryKelly(p as number, b as number)).toThrow(/binaryKelly/);
      try {
        binaryKelly(p as number, b as number);
      } catch (e) {
        expect(isMinhosError(e, 'KELLY_INVALID_INPUT')).toBe(true);
      }
    }
  });
});

describe('binaryGrowthRate', () => {
  it('matches hand-computed values', () => {
    // 0.55·ln 1.1 + 0.45·ln 0.9
    expect(binaryGrowthRate(0.55, 1, 0.1)).toBeCloseTo(0.0050083668, 9);
    expect(binaryGrowthRate(0.55, 1, 0)).toBe(0);
    expect(binaryGrowthRate(0.55, 1, 1)).toBe(Number.NEGATIVE_INFINITY);
    expect(binaryGrowthRate(1, 1, 1)).toBeCloseTo(Math.LN2, 15);
    expect(() => binaryGrowthRate(0.5, 1, 1.5)).toThrow(/f must be in \[0, 1\]/);
  });

  // The slogan "2·f* has zero growth" is exact only in the quadratic (continuous) approximation.
  // For a binary bet g(2f*) is O(edge³)-small relative to g*, and its sign depends on the payoff skew.
  describe('growth at twice Kelly', () => {
    it('even money: g(2f*) = −(4/3)e⁴ − (64/15)e⁶ + O(e⁸) < 0 with e = p − q', () => {
      for (const p of [0.51, 0.52, 0.55, 0.6]) {
        const e = 2 * p - 1;
        const g2 = binaryGrowthRate(p, 1, 2 * binaryKelly(p, 1));
        expect(g2).toBeLessThan(0);
        // g(f) = e·f − f²/2 + e·f³/3 − f⁴/4 + e·f⁵/5 − f⁶/6 + …; at f = 2e the e⁸ term is −13.7e⁸.
        expect(Math.abs(g2 + (4 / 3) * e ** 4 + (64 / 15) * e ** 6)).toBeLessThan(20 * e ** 8);
      }
    });

    it('relative to g*, g(2f*) vanishes as the edge shrinks', () => {
      const ratio = (p: number, b: number): number =>
        binaryGrowthRate(p, b, 2 * binaryKelly(p, b)) / binaryGrowthRate(p, b, binaryKelly(p, b));
      // b = 1: ratio ≈ −(8/3)e²
      expect(ratio(0.55, 1)).toBeCloseTo(-(8 / 3) * 0.1 ** 2, 2);
      expect(Math.abs(ratio(0.51, 1))).toBeLessThan(0.0011);
      expect(Math.abs(ratio(0.501, 1))).toBeLessThan(1.1e-5);
      expect(Math.abs(ratio(0.51, 1))).toBeLessThan(Math.abs(ratio(0.55, 1)));
    });

    it('with a positively skewed payoff (b > 1), 2·f* still grows', () => {
      // p = 0.3, b = 3: f* = 1/15, g(2f*) ≈ +0.00077 while g* ≈ 0.0064
      const f = binaryKelly(0.3, 3);
      const g2 = binaryGrowthRate(0.3, 3, 2 * f);
      expect(g2).toBeGreaterThan(0);
      expect(g2).toBeCloseTo(0.3 * Math.log(1.4) + 0.7 * Math.log(1 - 2 / 15), 12);
      expect(g2 / binaryGrowthRate(0.3, 3, f)).toBeCloseTo(0.12, 2);
    });
  });

  it('fractional Kelly at c gives ≈ c(2 − c)·g* for small edges', () => {
    const p = 0.52;
    const f = binaryKelly(p, 1);
    const gStar = binaryGrowthRate(p, 1, f);
    for (const c of [0.25, 0.5, 0.75, 1.5]) {
      const g = binaryGrowthRate(p, 1, c * f);
      // Relative error of the quadratic approximation is O(e²) = O(1.6e-3) here.
      expect(Math.abs(g / (c * (2 - c) * gStar) - 1)).toBeLessThan(0.01);
    }
  });
});

describe('breakEvenProbability', () => {
  it('is 1/(1 + b)', () => {
    expect(breakEvenProbability(1)).toBe(0.5);
    expect(breakEvenProbability(3)).toBe(0.25);
    expect(breakEvenProbability(0)).toBe(1);
  });
});
