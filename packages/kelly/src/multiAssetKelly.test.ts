import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { continuousKelly } from './continuousKelly.js';
import { loadLinalgFixtures } from './internal/fixtures.js';
import { ledoitWolf } from './ledoitWolf.js';
import { multiAssetKelly } from './multiAssetKelly.js';
import { conditionNumber } from './symmetricEigen.js';

const fixtures = loadLinalgFixtures();

describe('multiAssetKelly', () => {
  it('solves Σ f = μ − r like numpy.linalg.solve on well-conditioned covariances, without shrinkage', () => {
    for (const c of fixtures.solve) {
      const r = multiAssetKelly({ mean: c.mean, covariance: c.covariance, riskFreeRate: c.riskFreeRate });
      expect(r.shrinkage).toBe(0);
      expect(r.shrinkageReason).toBe('none');
      expect(r.conditionNumberBefore / c.condition).toBeCloseTo(1, 10);
      expect(r.conditionNumberAfter).toBe(r.conditionNumberBefore);
      r.fractions.forEach((f, i) => {
        expect(Math.abs(f - (c.fractions[i] as number))).toBeLessThan(1e-10 * Math.max(1, Math.abs(f)));
      });
    }
  });

  it('reduces to (μ − r)/σ² for one asset and to separate bets for a diagonal Σ', () => {
    const one = multiAssetKelly({ mean: [0.08], covariance: [[0.04]], riskFreeRate: 0.03 });
    expect(one.fractions[0]).toBeCloseTo(continuousKelly({ mean: 0.08, stdev: 0.2, riskFreeRate: 0.03 }), 14);
    const diag = multiAssetKelly({
      mean: [0.1, 0.05],
      covariance: [
        [0.04, 0],
        [0, 0.01],
      ],
    });
    expect(diag.fractions).toEqual([expect.closeTo(2.5, 13), expect.closeTo(5, 13)]);
    // growth = ½ μᵀΣ⁻¹μ at the optimum
    expect(diag.growthRate).toBeCloseTo(0.5 * (0.1 * 2.5 + 0.05 * 5), 13);
  });

  it('shrinks ill-conditioned and singular Σ with the minimal intensity found by bisection on numpy.linalg.cond', () => {
    for (const c of fixtures.shrink) {
      const r = multiAssetKelly({
        mean: c.mean,
        covariance: c.covariance,
        maxConditionNumber: c.maxConditionNumber,
        method: 'shrinkage',
      });
      expect(r.shrinkage).toBeGreaterThan(0);
      // Closed form vs 200-step bisection: agree to ~1e-9 relative.
      expect(Math.abs(r.shrinkage / c.shrinkage - 1)).toBeLessThan(1e-6);
      expect(r.conditionNumberAfter).toBeLessThanOrEqual(c.maxConditionNumber);
      expect(r.conditionNumberAfter / c.maxConditionNumber).toBeCloseTo(1, 6);
      expect(conditionNumber(r.covarianceUsed)).toBeCloseTo(r.conditionNumberAfter, 3);
      if (c.conditionBefore === null) {
        expect(r.shrinkageReason).toBe('not positive definite');
      } else {
        expect(r.shrinkageReason).toBe('ill-conditioned');
        expect(r.conditionNumberBefore / c.conditionBefore).toBeCloseTo(1, 2);
      }
      r.fractions.forEach((f, i) => {
        const ref = c.fractions[i] as number;
        expect(Math.abs(f - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)));
      });
    }
  });

  it('applies a requested Ledoit–Wolf intensity and reports it', () => {
    const lw = ledoitWolf(fixtures.ledoitWolf[1]?.returns ?? []);
    const r = multiAssetKelly({ mean: lw.mean, covariance: lw.sampleCovariance, shrinkage: lw.shrinkage });
    expect(r.shrinkageReason).toBe('requested');
    expect(r.shrinkage).toBeCloseTo(lw.shrinkage, 15);
    r.covarianceUsed.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(lw.covariance[i]?.[j] as number, 15);
      });
    });
  });

  it('handles the empty portfolio and rejects bad input with coded errors', () => {
    expect(multiAssetKelly({ mean: [], covariance: [] }).fractions).toEqual([]);
    const bad: [Parameters<typeof multiAssetKelly>[0], RegExp][] = [
      [{ mean: [0.1], covariance: [[0.04, 0]] }, /row 0 has 2 entries, expected 1/],
      [{ mean: [0.1, 0.2], covariance: [[0.04]] }, /mean has 2 entries, expected 1/],
      [{ mean: [Number.NaN], covariance: [[0.04]] }, /mean\[0\] must be finite/],
      [{ mean: [0.1], covariance: [[-0.04]] }, /must be ≥ 0, got -0.04/],
      [
        {
          mean: [0.1, 0.1],
          covariance: [
            [0, 0],
            [0, 0],
          ],
        },
        /zero trace/,
      ],
      [{ mean: [0.1], covariance: [[0.04]], maxConditionNumber: 1 }, /maxConditionNumber/],
      [{ mean: [0.1], covariance: [[0.04]], shrinkage: 2 }, /shrinkage must be in \[0, 1\]/],
      [{ mean: [0.1], covariance: [[0.04]], rankTolerance: 0 }, /rankTolerance must be in \(0, 1\)/],
      [
        { mean: [0.1], covariance: [[0.04]], shrinkage: 0.1, method: 'pseudoInverse' },
        /shrinkage is only used with method 'shrinkage'/,
      ],
    ];
    for (const [input, message] of bad) {
      try {
        multiAssetKelly(input);
        expect.unreachable();
      } catch (e) {
        expect(isMinhosError(e, 'KELLY_INVALID_INPUT')).toBe(true);
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
