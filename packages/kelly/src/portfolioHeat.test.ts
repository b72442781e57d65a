import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { loadLinalgFixtures } from './internal/fixtures.js';
import { portfolioHeat } from './portfolioHeat.js';

describe('portfolioHeat', () => {
  it('is 2|ρ|/(1 + |ρ|) for two positions', () => {
    for (const rho of [0, 0.2, 0.5, -0.5, 0.9, 1]) {
      expect(
        portfolioHeat([
          [1, rho],
          [rho, 1],
        ]).heat,
      ).toBeCloseTo((2 * Math.abs(rho)) / (1 + Math.abs(rho)), 13);
    }
  });

  it('matches 1 − λmin/λmax from LAPACK on sample correlation matrices', () => {
    for (const { matrix, heat } of loadLinalgFixtures().eigen) {
      expect(portfolioHeat(matrix).heat).toBeCloseTo(heat, 12);
    }
  });

  it('is 0 for no or one position and for independent positions', () => {
    expect(portfolioHeat([]).heat).toBe(0);
    expect(portfolioHeat([[1]]).heat).toBe(0);
    expect(
      portfolioHeat([
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ]).heat,
    ).toBeCloseTo(0, 15);
  });

  it('rises with concentration: equicorrelated books with higher ρ are hotter', () => {
    const book = (rho: number) =>
      Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i === j ? 1 : rho)));
    const heats = [0.1, 0.3, 0.6, 0.9].map((r) => portfolioHeat(book(r)).heat);
    for (let i = 1; i < heats.length; i++) expect(heats[i]).toBeGreaterThan(heats[i - 1] as number);
    // λmin = 1 − ρ, λmax = 1 + 3ρ
    expect(heats[1]).toBeCloseTo(1 - 0.7 / 1.9, 13);
  });

  it('clamps to 1 for an indefinite (inconsistent) estimated matrix', () => {
    // Pairwise correlations that no real data can produce: λmin < 0.
    const m = [
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ];
    const r = portfolioHeat(m);
    expect(r.lambdaMin).toBeLessThan(0);
    expect(r.heat).toBe(1);
  });

  it('rejects a non-unit diagonal and out-of-range correlations', () => {
    expect(() =>
      portfolioHeat([
        [2, 0],
        [0, 1],
      ]),
    ).toThrow(/\[0\]\[0\] is 2, expected 1 on the diagonal/);
    try {
      portfolioHeat([
        [1, 1.5],
        [1.5, 1],
      ]);
      expect.unreachable();
    } catch (e) {
      expect(isMinhosError(e, 'KELLY_INVALID_MATRIX')).toBe(true);
    }
  });
});
