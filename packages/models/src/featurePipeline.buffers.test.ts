import { BarSeries } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FEATURES,
  FEATURE_NAMES,
  type FeatureMatrix,
  FeaturePipeline,
  sessionFeatures,
  sma,
} from './index.js';
import { FEATURE_BLOCK } from './internal/computeFeatureMatrix.js';
import { esz13Minutes } from './internal/indicatorTestData.js';
import { throwsCode } from './internal/throwsCode.js';

const GLOBEX = { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 } as const;

/** `Object.is` on every cell, row time and the header fields. */
function expectSame(actual: FeatureMatrix, expected: FeatureMatrix, label: string): void {
  expect([actual.rows, actual.cols, actual.firstComplete], label).toEqual([
    expected.rows,
    expected.cols,
    expected.firstComplete,
  ]);
  expect(actual.names, label).toEqual(expected.names);
  expect(actual.data.length, label).toBe(expected.data.length);
  expect(actual.time.length, label).toBe(expected.time.length);
  for (let k = 0; k < expected.data.length; k++) {
    if (!Object.is(actual.data[k], expected.data[k])) {
      const row = Math.floor(k / expected.cols);
      const name = expected.names[k % expected.cols];
      expect.fail(
        `${label}: row ${row} ${name} is ${actual.data[k]}, a fresh pipeline gives ${expected.data[k]}`,
      );
    }
  }
  for (let i = 0; i < expected.time.length; i++) {
    if (!Object.is(actual.time[i], expected.time[i])) expect.fail(`${label}: time[${i}] differs`);
  }
}

const bars = esz13Minutes();
// Longer, shorter (down to below every warm-up and empty), longer again, then the longest.
const LENGTHS = [3000, 700, 40, 1, 0, 5, 2500, 4000, 12, 6000];

describe.each([
  ['DEFAULT_FEATURES', DEFAULT_FEATURES],
  ['FEATURE_NAMES', FEATURE_NAMES],
] as const)('FeaturePipeline.compute reusing its buffers (%s)', (_, features) => {
  const options = { features, session: GLOBEX };

  it('repeated calls with changing lengths equal a fresh pipeline bit for bit', () => {
    const reused = new FeaturePipeline(options);
    for (const n of LENGTHS) {
      const slice = bars.slice(bars.length - 6000 - n, bars.length - 6000);
      expectSame(reused.compute(slice), new FeaturePipeline(options).compute(slice), `${n} bars`);
    }
  });

  it('with a caller-owned `out` reused across calls, equals a fresh pipeline bit for bit', () => {
    const reused = new FeaturePipeline(options);
    const out = new Float64Array(6000 * features.length + 7);
    out.fill(123.5);
    for (const n of LENGTHS) {
      const slice = bars.slice(1000, 1000 + n);
      const X = reused.compute(slice, { out });
      expect(X.data.buffer === out.buffer, 'data is a view on out').toBe(true);
      expect(X.data.byteOffset).toBe(out.byteOffset);
      expect(X.data.length).toBe(n * features.length);
      expectSame(X, new FeaturePipeline(options).compute(slice), `${n} bars into out`);
    }
  });

  it('never changes the matrix of an earlier call', () => {
    const reused = new FeaturePipeline(options);
    const first = bars.slice(0, 3000);
    const A = reused.compute(first);
    const copy = { ...A, data: A.data.slice(), time: A.time.slice() };
    const B = reused.compute(bars.slice(5000, 9000));
    reused.compute(bars.slice(9000, 9100));
    expect(A.data.buffer === B.data.buffer, 'two calls share data').toBe(false);
    expect(A.time.buffer === B.time.buffer, 'two calls share time').toBe(false);
    expectSame(A, copy, 'earlier matrix after two later calls');
    // Nor does the matrix share memory with the bars.
    expect(A.time.buffer === first.time.buffer, 'time shares the bars').toBe(false);
  });

  it('releaseBuffers() drops the kept buffers and the next call still gives the same matrix', () => {
    const reused = new FeaturePipeline(options);
    const slice = bars.slice(0, 2000);
    reused.compute(slice);
    // As documented: 8 block-sized scratch columns for the defaults (RSI, MACD histogram, the
    // MACD/Bollinger scratch, upper, lower, ATR, volume SMA, minutes since the open); 13 for all
    // 17, plus the volatility's n − 1 returns, the one full-length column.
    const block = Math.min(FEATURE_BLOCK, 2000);
    const expected = features.length === 8 ? 8 * 8 * block : 13 * 8 * block + 8 * 1999;
    expect(reused.bufferBytes).toBe(expected);
    const short = new FeaturePipeline(options);
    short.compute(bars.slice(0, 100));
    expect(short.bufferBytes, 'a series shorter than a block takes only its length').toBe(
      features.length === 8 ? 8 * 8 * 100 : 13 * 8 * 100 + 8 * 99,
    );
    reused.compute(bars.slice(0, 100));
    expect(reused.bufferBytes, 'a shorter series reuses the buffers').toBe(expected);
    reused.releaseBuffers();
    expect(reused.bufferBytes).toBe(0);
    expectSame(reused.compute(slice), new FeaturePipeline(options).compute(slice), 'after release');
  });
});

describe('FeaturePipeline.compute options', () => {
  const pipeline = new FeaturePipeline({ session: GLOBEX });
  const slice = bars.slice(0, 500);

  it('rejects an `out` shorter than rows × cols, naming both sizes', () => {
    const message = throwsCode(
      () => pipeline.compute(slice, { out: new Float64Array(500 * 8 - 1) }),
      'FEATURE_BAD_OUTPUT',
    );
    expect(message).toContain('3999');
    expect(message).toContain('4000');
    expect(message).toContain('500 rows × 8 features');
  });

  it('rejects an `outTime` shorter than rows, naming both sizes', () => {
    const message = throwsCode(
      () => pipeline.compute(slice, { outTime: new Float64Array(499) }),
      'FEATURE_BAD_OUTPUT',
    );
    expect(message).toContain('499');
    expect(message).toContain('500');
  });

  it('writes row times into a caller-owned `outTime`', () => {
    const outTime = new Float64Array(600);
    const X = pipeline.compute(slice, { outTime });
    expect(X.time.buffer === outTime.buffer, 'time is a view on outTime').toBe(true);
    expect(X.time.length).toBe(500);
    expect(Array.from(X.time)).toEqual(Array.from(slice.time));
  });

  it('still takes plain column objects, and rejects columns of different lengths', () => {
    const c = slice.clone();
    const X = pipeline.compute(new BarSeries(c));
    expectSame(pipeline.compute({ ...c }), X, 'plain columns');
    throwsCode(() => pipeline.compute({ ...c, volume: c.volume.subarray(1) }), 'INDICATOR_BAD_INPUT');
  });

  it('rejects more than 2³¹ − 1 rows (the kernels index rows as int32) before reading any', () => {
    // Columns that only have a length: nothing is read before the check.
    const huge = { length: 2 ** 31 } as unknown as Float64Array;
    const columns = { time: huge, open: huge, high: huge, low: huge, close: huge, volume: huge };
    expect(() => pipeline.compute(columns)).toThrow(/2147483648 values is more than the 2147483647/);
    throwsCode(() => pipeline.compute(columns), 'INDICATOR_BAD_INPUT');
    throwsCode(() => sma(huge, 20), 'INDICATOR_BAD_INPUT');
    throwsCode(() => sessionFeatures(huge, GLOBEX), 'INDICATOR_BAD_INPUT');
  });
});
