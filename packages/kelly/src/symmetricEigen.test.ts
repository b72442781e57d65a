import { isMinhosError } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadLinalgFixtures } from './internal/fixtures.js';
import { conditionNumber, symmetricEigen } from './symmetricEigen.js';

const fixtures = loadLinalgFixtures();

describe('symmetricEigen', () => {
  it('matches LAPACK eigenvalues (numpy.linalg.eigvalsh) on sample correlation matrices', () => {
    for (const { matrix, values } of fixtures.eigen) {
      const ours = symmetricEigen(matrix).values;
      expect(ours).toHaveLength(values.length);
      ours.forEach((v, i) => {
        expect(Math.abs(v - (values[i] as number))).toBeLessThan(1e-12);
      });
    }
  });

  it('matches closed forms: 1 ± ρ, and the equicorrelation spectrum 1 + (n − 1)ρ, 1 − ρ', () => {
    expect(
      symmetricEigen([
        [1, 0.3],
        [0.3, 1],
      ]).values,
    ).toEqual([expect.closeTo(0.7, 14), expect.closeTo(1.3, 14)]);
    const n = 6;
    const rho = 0.4;
    const m = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)));
    const { values } = symmetricEigen(m);
    for (let i = 0; i < n - 1; i++) expect(values[i]).toBeCloseTo(1 - rho, 13);
    expect(values[n - 1]).toBeCloseTo(1 + (n - 1) * rho, 13);
  });

  it('returns orthonormal eigenvectors with A·v = λ·v for random symmetric matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 49, maxLength: 49 }),
        (n, entries) => {
          const a = Array.from({ length: n }, (_, i) =>
            Array.from({ length: n }, (_, j) => entries[Math.min(i, j) * 7 + Math.max(i, j)] as number),
          );
          const { values, vectors } = symmetricEigen(a);
          const scale = Math.max(1, ...a.flat().map(Math.abs));
          for (let k = 0; k < n; k++) {
            const v = vectors[k] as number[];
            for (let i = 0; i < n; i++) {
              let av = 0;
              for (let j = 0; j < n; j++) av += (a[i]?.[j] as number) * (v[j] as number);
              expect(Math.abs(av - (values[k] as number) * (v[i] as number))).toBeLessThan(1e-10 * scale);
            }
            for (let l = 0; l < n; l++) {
              const dot = v.reduce((s, x, i) => s + x * ((vectors[l] as number[])[i] as number), 0);
              expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-12);
            }
            if (k > 0) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1] as number);
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('rejects non-square, asymmetric and non-finite matrices with a coded error', () => {
    const cases: [unknown, RegExp][] = [
      [[[1, 2], [3]], /row 1 has 1 entries, expected 2/],
      [
        [
          [1, 2],
          [2.5, 1],
        ],
        /not symmetric, \[0\]\[1\] = 2 but \[1\]\[0\] = 2.5/,
      ],
      [
        [
          [1, Number.NaN],
          [Number.NaN, 1],
        ],
        /entry \[0\]\[1\] is NaN/,
      ],
    ];
    for (const [m, message] of cases) {
      try {
        symmetricEigen(m as number[][]);
        expect.unreachable();
      } catch (e) {
        expect(isMinhosError(e, 'KELLY_INVALID_MATRIX')).toBe(true);
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});

describe('conditionNumber', () => {
  it('agrees with numpy.linalg.cond on SPD covariances and is Infinity when singular', () => {
    for (const { covariance, condition } of fixtures.solve) {
      expect(conditionNumber(covariance) / condition).toBeCloseTo(1, 10);
    }
    expect(
      conditionNumber([
        [1, 1],
        [1, 1],
      ]),
    ).toBe(Number.POSITIVE_INFINITY);
    expect(conditionNumber([])).toBe(1);
  });
});
