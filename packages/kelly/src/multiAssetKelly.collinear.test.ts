import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multiAssetKelly } from './multiAssetKelly.js';

const norm = (v: readonly number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('multiAssetKelly on collinear assets (default: pseudo-inverse with rank tolerance)', () => {
  it('ES and MES with identical returns (4.0 vs 3.9 bp a day) get the minimum-norm 1.98 each', () => {
    const sigma2 = 0.01 ** 2; // 1 % daily
    const r = multiAssetKelly({
      mean: [4.0e-4, 3.9e-4],
      covariance: [
        [sigma2, sigma2],
        [sigma2, sigma2],
      ],
    });
    expect(r.method).toBe('pseudoInverse');
    expect(r.rank).toBe(1);
    expect(r.droppedEigenvalues).toHaveLength(1);
    // Minimum-norm solution: the common direction (1, 1)/√2 carries (μ1 + μ2)/√2 over λ = 2σ².
    const each = (4.0e-4 + 3.9e-4) / 2 / (2 * sigma2);
    expect(r.fractions[0]).toBeCloseTo(each, 10);
    expect(r.fractions[1]).toBeCloseTo(each, 10);
    expect(each).toBeCloseTo(1.975, 10);
  });

  it('reports the rank and tolerance and keeps full rank on well-conditioned covariances', () => {
    const r = multiAssetKelly({
      mean: [0.1, 0.08],
      covariance: [
        [0.04, 0.018],
        [0.018, 0.09],
      ],
    });
    expect(r).toMatchObject({
      method: 'pseudoInverse',
      rank: 2,
      rankTolerance: 0.01,
      droppedEigenvalues: [],
    });
  });

  it('property: collinear or near-collinear pairs never give ‖f‖ beyond ‖μ − r‖ / (tolerance · m̄)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.002, max: 0.05, noNaN: true }), // daily stdev
        fc.double({ min: 0.1, max: 10, noNaN: true }), // size ratio (MES vs ES)
        fc.double({ min: 0.99, max: 1, noNaN: true }), // correlation
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        fc.double({ min: -1e-3, max: 1e-3, noNaN: true }),
        (s, k, rho, m1, m2) => {
          const s2 = s * k;
          const cov = [
            [s * s, rho * s * s2],
            [rho * s * s2, s2 * s2],
          ];
          const r = multiAssetKelly({ mean: [m1, m2], covariance: cov });
          const mbar = (s * s + s2 * s2) / 2;
          const bound = norm([m1, m2]) / (r.rankTolerance * mbar);
          expect(norm(r.fractions)).toBeLessThanOrEqual(bound * (1 + 1e-9) + 1e-12);
          for (const f of r.fractions) expect(Number.isFinite(f)).toBe(true);
        },
      ),
      { numRuns: 2000, seed: 8 },
    );
  });

  it("the old path stays available: method 'shrinkage' caps the condition number", () => {
    const sigma2 = 1e-4;
    const r = multiAssetKelly({
      mean: [4.0e-4, 3.9e-4],
      covariance: [
        [sigma2, sigma2],
        [sigma2, sigma2],
      ],
      method: 'shrinkage',
    });
    expect(r.method).toBe('shrinkage');
    expect(r.shrinkageReason).toBe('not positive definite');
    // The finding: a 1e6 condition cap makes the solve safe, not the answer sane.
    expect(Math.abs(r.fractions[0] as number)).toBeGreaterThan(1000);
  });
});
