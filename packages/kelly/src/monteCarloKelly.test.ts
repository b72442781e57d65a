import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { binaryGrowthRate } from './binaryKelly.js';
import { monteCarloKelly } from './monteCarloKelly.js';

describe('monteCarloKelly', () => {
  const p = 0.55;
  const b = 1;
  const trades = 1000;
  const paths = 2000;
  const mc = monteCarloKelly({ p, b, trades, paths, seed: 20251122 });

  it('tests ¼, ½, 1 and 2 × f* with f* = 0.1 and g* = g(0.1)', () => {
    expect(mc.kellyFraction).toBeCloseTo(0.1, 15);
    expect(mc.optimalGrowth).toBeCloseTo(binaryGrowthRate(p, b, 0.1), 15);
    expect(mc.rows.map((r) => r.multiple)).toEqual([0.25, 0.5, 1, 2]);
    expect(mc.rows.map((r) => r.fraction)).toEqual([0.025, 0.05, 0.1, 0.2].map((f) => expect.closeTo(f, 15)));
  });

  it('simulated median and mean log-growth match g(f) within their sampling error', () => {
    for (const row of mc.rows) {
      const f = row.fraction;
      const spread = Math.log1p(b * f) - Math.log1p(-f);
      // ln(W_T)/T = ln(1 − f) + spread·K/T with K ~ Binomial(T, p): its sd is known exactly.
      const sd = Math.sqrt((p * (1 - p)) / trades) * spread;
      expect(row.analyticGrowth).toBeCloseTo(binaryGrowthRate(p, b, f), 15);
      expect(row.growthStdev / sd).toBeGreaterThan(0.93);
      expect(row.growthStdev / sd).toBeLessThan(1.07);
      // 4 standard errors (the median's is √(π/2) larger) plus one binomial step for the median.
      expect(Math.abs(row.meanGrowth - row.analyticGrowth)).toBeLessThan((4 * sd) / Math.sqrt(paths));
      expect(Math.abs(row.medianGrowth - row.analyticGrowth)).toBeLessThan(
        (4 * 1.2533 * sd) / Math.sqrt(paths) + spread / trades,
      );
    }
  });

  it('growth at 2·f* is about zero (here slightly negative) while g* is not', () => {
    const [, , full, double] = mc.rows;
    // Exact: g(0.2) = 0.55·ln 1.2 + 0.45·ln 0.8 = −0.00013774, against g* = 0.0050084.
    expect(double?.analyticGrowth).toBeCloseTo(-0.00013774, 8);
    // The simulated mean is within ±0.03·g* of it at 4 standard errors (the median moves in binomial
    // steps of 0.0004 here, so the mean is the sharper check).
    expect(Math.abs(double?.meanGrowth ?? 1)).toBeLessThan(0.15 * (full?.meanGrowth ?? 0));
    // P(W_T < 1) = P(K·ln 1.1 + (T − K)·ln 0.9 < 0), K ~ Binomial(1000, 0.55), summed exactly:
    // 0.00289, 0.00866, 0.05985, 0.51225 for ¼, ½, 1, 2 × f*. Binomial sampling sd ≤ 0.0112.
    const exact = [0.002893933790487949, 0.008664593900016958, 0.05985356411390105, 0.5122538133326413];
    mc.rows.forEach((row, i) => {
      const q = exact[i] as number;
      expect(Math.abs(row.probabilityOfLoss - q)).toBeLessThan(4 * Math.sqrt((q * (1 - q)) / paths) + 1e-9);
    });
  });

  it('fractional Kelly at c earns ≈ c(2 − c)·g* (common random numbers make this precise)', () => {
    const full = mc.rows[2]!.meanGrowth;
    for (const row of mc.rows) {
      const c = row.multiple;
      // The quadratic approximation is off by O(e²) (e = 0.1: −0.0275·g* at c = 2); add 4 standard
      // errors of the simulated ratio.
      expect(Math.abs(row.analyticGrowth / mc.optimalGrowth - c * (2 - c))).toBeLessThan(0.03);
      expect(Math.abs(row.meanGrowth / full - c * (2 - c))).toBeLessThan(
        0.03 + (4 * row.standardError) / full,
      );
    }
  });

  it('over-betting deepens drawdowns monotonically', () => {
    const dd = mc.rows.map((r) => r.medianMaxDrawdown);
    for (let i = 1; i < dd.length; i++) expect(dd[i]).toBeGreaterThan(dd[i - 1] as number);
    expect(dd[0]).toBeGreaterThan(0);
    expect(dd[3]).toBeLessThan(1);
  });

  it('is deterministic per seed', () => {
    const again = monteCarloKelly({ p, b, trades: 200, paths: 100, seed: 5 });
    expect(monteCarloKelly({ p, b, trades: 200, paths: 100, seed: 5 })).toEqual(again);
    expect(monteCarloKelly({ p, b, trades: 200, paths: 100, seed: 6 }).rows[0]?.meanGrowth).not.toBe(
      again.rows[0]?.meanGrowth,
    );
  });

  it('rejects inputs with nothing to validate', () => {
    const cases: [Parameters<typeof monteCarloKelly>[0], RegExp][] = [
      [{ p: 0.5, b: 1 }, /no edge/],
      [{ p: 1, b: 1 }, /p must be in \(0, 1\)/],
      [{ p: 0.55, b: 0 }, /b must be a positive/],
      [{ p: 0.55, b: 1, multiples: [10] }, /multiple 10 gives fraction 1/],
      [{ p: 0.55, b: 1, paths: 1 }, /paths must be an integer ≥ 2/],
      [{ p: 0.55, b: 1, trades: 0.5 }, /trades must be a positive integer/],
    ];
    for (const [input, message] of cases) {
      try {
        monteCarloKelly(input);
        expect.unreachable();
      } catch (e) {
        expect(isMinhosError(e, 'KELLY_INVALID_INPUT')).toBe(true);
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
