import { describe, expect, it } from 'vitest';
import { loadLinalgFixtures } from './internal/fixtures.js';
import { ledoitWolf } from './ledoitWolf.js';
import { conditionNumber } from './symmetricEigen.js';

describe('ledoitWolf', () => {
  it("matches scikit-learn's ledoit_wolf algorithm run in NumPy", () => {
    for (const c of loadLinalgFixtures().ledoitWolf) {
      const r = ledoitWolf(c.returns);
      expect(r.shrinkage).toBeCloseTo(c.shrinkage, 12);
      expect(r.target / c.target).toBeCloseTo(1, 12);
      r.covariance.forEach((row, i) => {
        row.forEach((v, j) => {
          expect(Math.abs(v - (c.covariance[i]?.[j] as number))).toBeLessThan(1e-12 * c.target);
        });
      });
    }
  });

  it('shrinks more with fewer samples and improves the conditioning', () => {
    const [, small, large] = loadLinalgFixtures().ledoitWolf;
    const s = ledoitWolf(small?.returns ?? []);
    const l = ledoitWolf(large?.returns ?? []);
    expect(s.shrinkage).toBeGreaterThan(l.shrinkage);
    expect(conditionNumber(s.covariance)).toBeLessThan(conditionNumber(s.sampleCovariance));
  });

  it('rejects ragged or too-short samples', () => {
    expect(() => ledoitWolf([[0.1, 0.2]])).toThrow(/at least 2 rows/);
    expect(() => ledoitWolf([[0.1, 0.2], [0.3]])).toThrow(/row 1 has 1 entries, expected 2/);
    expect(() =>
      ledoitWolf([
        [0.1, Number.NaN],
        [0.3, 0.1],
      ]),
    ).toThrow(/returns\[0\]\[1\] is NaN/);
  });
});
