import { isMinhosError, US_PER_MINUTE } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { labels } from './labels.js';
import { sequences } from './sequences.js';

function matrix(rows: number, cols: number, f: (r: number, c: number) => number) {
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = f(r, c);
  return { rows, cols, data, time: Float64Array.from({ length: rows }, (_, r) => r * US_PER_MINUTE) };
}

describe('sequences', () => {
  it('cuts [N, length, F] windows, oldest step first, as Float32', () => {
    const m = matrix(6, 2, (r, c) => r * 10 + c);
    const b = sequences(m, { length: 3 });
    expect(b.shape).toEqual([4, 3, 2]);
    expect(Array.from(b.endRows)).toEqual([2, 3, 4, 5]);
    expect(b.data).toBeInstanceOf(Float32Array);
    expect(Array.from(b.data.subarray(0, 6))).toEqual([0, 1, 10, 11, 20, 21]);
    expect(Array.from(b.data.subarray(18, 24))).toEqual([30, 31, 40, 41, 50, 51]);
  });

  it('skips windows touching non-finite rows (warm-up) and unlabelled targets', () => {
    const m = matrix(8, 1, (r) => (r < 2 || r === 5 ? Number.NaN : r));
    const y = Float64Array.of(0, 0, 1, 0, 1, 1, 0, Number.NaN);
    const b = sequences(m, { length: 2, labels: y });
    // Windows ending at 3 (rows 2-3), 4 (3-4); 6 needs row 5 (NaN); 7 has no label.
    expect(Array.from(b.endRows)).toEqual([3, 4]);
    expect(Array.from(b.labels ?? [])).toEqual([0, 1]);
  });

  it('keeps windows inside [start, end) and applies the stride', () => {
    const m = matrix(20, 1, (r) => r);
    expect(Array.from(sequences(m, { length: 3, start: 5, end: 10 }).endRows)).toEqual([7, 8, 9]);
    expect(Array.from(sequences(m, { length: 3, stride: 5 }).endRows)).toEqual([2, 7, 12, 17]);
  });

  it('drops windows spanning a time gap larger than maxGapUs', () => {
    const m = matrix(6, 1, (r) => r);
    (m.time as Float64Array)[3] = 100 * US_PER_MINUTE; // gap between rows 2 and 3
    for (let r = 4; r < 6; r++) (m.time as Float64Array)[r] = (100 + r - 3) * US_PER_MINUTE;
    const b = sequences(m, { length: 2, maxGapUs: 5 * US_PER_MINUTE });
    expect(Array.from(b.endRows)).toEqual([1, 2, 4, 5]);
  });

  it('rejects inconsistent options', () => {
    const m = matrix(4, 1, (r) => r);
    for (const options of [
      { length: 0 },
      { start: 3, end: 2 },
      { labels: new Float64Array(3) },
      { stride: 0 },
    ]) {
      let caught: unknown;
      try {
        sequences(m, options);
      } catch (e) {
        caught = e;
      }
      expect(isMinhosError(caught, 'FEATURE_BAD_INPUT')).toBe(true);
    }
    expect(() => sequences({ rows: 2, cols: 1, data: Float64Array.of(1, 2) }, { maxGapUs: 1 })).toThrow(
      /matrix.time/,
    );
  });
});

describe('labels', () => {
  it('direction and forward return at t + h; last h rows unlabelled; flat moves unlabelled', () => {
    const y = labels(Float64Array.of(100, 101, 101, 100, 102), { horizon: 1, returnKind: 'simple' });
    expect(Array.from(y.forwardReturn).slice(0, 4)).toEqual([0.01, 0, -1 / 101, 0.02]);
    expect(Array.from(y.direction)).toEqual([1, Number.NaN, 0, 1, Number.NaN]);
    expect(y.labelled).toBe(3);
  });

  it('log returns by default, over the horizon, with a dead band', () => {
    const close = Float64Array.of(100, 100.05, 101, 99);
    const y = labels(close, { horizon: 2, threshold: 0.005 });
    expect(y.forwardReturn[0]).toBeCloseTo(Math.log(1.01), 15);
    expect(Array.from(y.direction)).toEqual([1, 0, Number.NaN, Number.NaN]);
    const z = labels(Float64Array.of(100, 100.1, 100.2), { horizon: 1, threshold: 0.01 });
    expect(z.labelled).toBe(0);
  });

  it('rejects a bad horizon or threshold', () => {
    expect(() => labels(Float64Array.of(1, 2), { horizon: 0 })).toThrow(/horizon/);
    expect(() => labels(Float64Array.of(1, 2), { horizon: 1, threshold: -1 })).toThrow(/threshold/);
  });
});
