import { type Bar, BarSeries } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type FeatureMatrix, FeaturePipeline, type FeaturePipelineOptions } from './index.js';
import { ColumnBuffers } from './internal/ColumnBuffers.js';
import { computeFeatureMatrix } from './internal/computeFeatureMatrix.js';
import { esz13Minutes } from './internal/indicatorTestData.js';

const GLOBEX = { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 } as const;
// 3,000 one-minute bars: past the warm-ups and across eleven 256-bar resyncs of the rolling moments.
const bars = esz13Minutes().slice(0, 3000);

/**
 * The same bars with odd values the batch pass must treat exactly as the stream does: a NaN close,
 * a bar with NaN high and low, a NaN volume, 300 bars at one price (flat windows, zero ranges)
 * across a resync row, and an infinite volume.
 */
function oddBars(): BarSeries {
  const c = bars.clone();
  c.close[700] = Number.NaN;
  c.high[1200] = Number.NaN;
  c.low[1200] = Number.NaN;
  c.volume[1500] = Number.NaN;
  c.volume[1600] = Number.POSITIVE_INFINITY;
  for (let i = 2000; i < 2300; i++) {
    c.open[i] = 1700;
    c.high[i] = 1700;
    c.low[i] = 1700;
    c.close[i] = 1700;
  }
  return new BarSeries(c);
}

function firstDifference(actual: FeatureMatrix, expected: FeatureMatrix): string | undefined {
  for (let k = 0; k < expected.data.length; k++) {
    if (!Object.is(actual.data[k], expected.data[k])) {
      return `row ${Math.floor(k / expected.cols)} ${expected.names[k % expected.cols]}: ${actual.data[k]}, expected ${expected.data[k]}`;
    }
  }
  return undefined;
}

describe.each([
  ['default periods', {}],
  // Windows of exactly one resync interval (the first exact recomputation right after the
  // warm-up), and the shortest periods (seeds at rows 1–2).
  ['periods of 256', { bollingerPeriod: 256, volatilityPeriod: 256, volumePeriod: 256, smaPeriod: 256 }],
  [
    'periods of 1–2',
    {
      rsiPeriod: 1,
      macdFast: 1,
      macdSlow: 2,
      macdSignal: 1,
      bollingerPeriod: 1,
      atrPeriod: 1,
      volumePeriod: 1,
      volatilityPeriod: 2,
      stochasticPeriod: 1,
      stochasticSmoothing: 1,
      smaPeriod: 1,
    },
  ],
] as const)('the block-wise batch pass (%s)', (_, params) => {
  const options: FeaturePipelineOptions = { features: FEATURE_NAMES, session: GLOBEX, params };
  const pipeline = new FeaturePipeline(options);
  const whole = pipeline.compute(bars);

  it('equals the per-bar stream bit for bit', () => {
    const live = pipeline.stream();
    for (let i = 0; i < bars.length; i++) {
      const row = live.next(bars.at(i) as Bar);
      for (let j = 0; j < whole.cols; j++) {
        const want = whole.data[i * whole.cols + j] as number;
        if (!Object.is(row[j], want))
          expect.fail(`row ${i} ${whole.names[j]}: stream ${row[j]}, batch ${want}`);
      }
    }
  });

  it('equals the per-bar stream bit for bit on NaN, infinite and flat bars, at several block sizes', () => {
    const odd = oddBars();
    const live = pipeline.stream();
    const matrices = [1, 7, 256, 1024].map((block) =>
      computeFeatureMatrix(pipeline.spec, odd, { buffers: new ColumnBuffers(), block }),
    );
    for (let i = 0; i < odd.length; i++) {
      const row = live.next(odd.at(i) as Bar);
      for (const batch of matrices) {
        for (let j = 0; j < batch.cols; j++) {
          const want = batch.data[i * batch.cols + j] as number;
          if (!Object.is(row[j], want))
            expect.fail(`row ${i} ${batch.names[j]}: stream ${row[j]}, batch ${want}`);
        }
      }
    }
  });

  // Blocks of 1 and 2 rows cut through every seed and warm-up; 255/256/257 put block edges on,
  // just before and just after the resync rows; 3,000 is one block for the whole series.
  it.each([1, 2, 3, 7, 64, 255, 256, 257, 1000, 3000])(
    'gives the same matrix with blocks of %i rows',
    (block) => {
      const m = computeFeatureMatrix(pipeline.spec, bars, { buffers: new ColumnBuffers(), block });
      expect(firstDifference(m, whole)).toBeUndefined();
      expect(m.firstComplete).toBe(whole.firstComplete);
    },
  );
});
