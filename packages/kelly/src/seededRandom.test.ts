import { describe, expect, it } from 'vitest';
import { seededRandom, xoshiro128ss } from './seededRandom.js';

describe('seededRandom', () => {
  it('implements xoshiro128** (reference outputs for state 1, 2, 3, 4)', () => {
    const next = xoshiro128ss([1, 2, 3, 4]);
    expect(Array.from({ length: 6 }, next)).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = Array.from({ length: 5 }, seededRandom(42));
    expect(Array.from({ length: 5 }, seededRandom(42))).toEqual(a);
    expect(Array.from({ length: 5 }, seededRandom(43))).not.toEqual(a);
  });

  it('is uniform on [0, 1): chi-square over 20 bins and the first two moments', () => {
    const rnd = seededRandom(2025);
    const n = 200_000;
    const bins = new Array<number>(20).fill(0);
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rnd();
      if (!(u >= 0 && u < 1)) outside++;
      bins[Math.floor(u * 20)]! += 1;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const expected = n / 20;
    const chi2 = bins.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(43.8); // 99.9th percentile of χ²(19)
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSq / n - 1 / 3)).toBeLessThan(0.003);
  });

  it('rejects a non-integer seed', () => {
    expect(() => seededRandom(1.5)).toThrow(/seed must be an integer/);
  });
});
