import { MinhosError } from '@minhos/core';
import type { EvaluationData, SampleAccounting } from './evaluate.js';
import type { Matrix } from './Model.js';

/** Options of {@link prepareEvaluationData}. */
export interface PrepareEvaluationOptions {
  /** Closes, one per bar. */
  readonly close: Float64Array;
  /** Per-bar features aligned with `close` (warm-up rows may hold NaN; they are skipped). */
  readonly features: Matrix;
  /** Label horizon in bars. */
  readonly horizon: number;
  /** Window length: > 1 flattens `sequenceLength` consecutive feature rows per sample (LSTM input). Default 1. */
  readonly sequenceLength?: number;
  /** Lagged one-bar returns for the baselines. Default 5. */
  readonly lags?: number;
  /** Bar times (µs), copied per sample. */
  readonly time?: Float64Array;
  /** Drop samples whose window spans a time gap above this many µs (needs `time`). */
  readonly maxGapUs?: number;
  /**
   * What to do with bars whose close does not move over the horizon (38.8% of ES 1-minute bars on
   * the tick grid):
   * - `'no-trade'` (default): keep them with label `NaN`. {@link evaluate} does not train on them
   *   and does not score their direction, but every model predicts them and the trading simulation
   *   runs through them, so a position change made there pays its cost; the three-way score counts
   *   a call there as wrong. Which bars are scored never depends on the future.
   * - `'drop'`: remove them (the old behaviour; the choice of rows then peeks at the future).
   */
  readonly flat?: 'no-trade' | 'drop';
}

/**
 * Builds {@link EvaluationData} from bars' closes and a per-bar feature matrix, leak-free: the
 * features and lagged returns of sample t use bars ≤ t; the label and forward return use bar
 * t + horizon. Warm-up rows (a non-finite feature in the window), windows across a time gap,
 * non-positive prices and the last `horizon` bars are dropped and counted in `accounting`; bars
 * whose close does not move are kept as flat samples (label `NaN`) unless `flat: 'drop'`.
 *
 * @example
 * ```ts
 * import { FeaturePipeline, prepareEvaluationData } from '@minhos/models';
 * // const f = new FeaturePipeline().compute(bars);
 * // const data = prepareEvaluationData({ close: bars.close, features: f, horizon: 1, sequenceLength: 20, time: f.time });
 * // data.accounting.dropped; // { incompleteFeatures: 33, timeGap: 0, nonPositivePrice: 0, noFuture: 1, flat: 0 }
 * ```
 */
export function prepareEvaluationData(options: PrepareEvaluationOptions): EvaluationData & {
  /** Bar index of each sample. */
  readonly barIndex: Int32Array;
  readonly accounting: SampleAccounting;
} {
  const { close, features, horizon } = options;
  const L = options.sequenceLength ?? 1;
  const lags = options.lags ?? 5;
  const flatMode = options.flat ?? 'no-trade';
  if (features.rows !== close.length) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `prepareEvaluationData: features has ${features.rows} rows but close has ${close.length} bars`,
    );
  }
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `prepareEvaluationData: horizon must be an integer ≥ 1, got ${horizon}`,
    );
  }
  if (!Number.isInteger(L) || L < 1 || !Number.isInteger(lags) || lags < 1) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `prepareEvaluationData: sequenceLength and lags must be integers ≥ 1, got ${L} and ${lags}`,
    );
  }
  if (flatMode !== 'no-trade' && flatMode !== 'drop') {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `prepareEvaluationData: flat must be 'no-trade' or 'drop', got ${String(flatMode)}`,
    );
  }
  const F = features.cols;
  const keep: number[] = [];
  const dropped = { incompleteFeatures: 0, timeGap: 0, nonPositivePrice: 0, noFuture: 0, flat: 0 };
  const start = Math.max(L - 1, lags);
  dropped.incompleteFeatures = Math.min(start, close.length);
  let flatKept = 0;
  for (let t = start; t < close.length; t++) {
    if (t + horizon >= close.length) {
      dropped.noFuture++;
      continue;
    }
    let finite = true;
    let gap = false;
    for (let r = t - L + 1; r <= t && finite; r++) {
      for (let c = 0; c < F; c++) {
        if (!Number.isFinite(features.data[r * F + c])) {
          finite = false;
          break;
        }
      }
      if (options.maxGapUs !== undefined && options.time && r > t - L + 1) {
        if (options.time[r]! - options.time[r - 1]! > options.maxGapUs) gap = true;
      }
    }
    if (!finite) {
      dropped.incompleteFeatures++;
      continue;
    }
    if (gap) {
      dropped.timeGap++;
      continue;
    }
    let positive = close[t + horizon]! > 0;
    for (let k = 0; k <= lags && positive; k++) if (!(close[t - k]! > 0)) positive = false;
    if (!positive) {
      dropped.nonPositivePrice++;
      continue;
    }
    if (close[t + horizon] === close[t]) {
      if (flatMode === 'drop') {
        dropped.flat++;
        continue;
      }
      flatKept++;
    }
    keep.push(t);
  }
  const n = keep.length;
  const X = new Float64Array(n * L * F);
  const lagged = new Float64Array(n * lags);
  const y = new Float64Array(n);
  const fwd = new Float64Array(n);
  const time = new Float64Array(n);
  const barIndex = new Int32Array(n);
  keep.forEach((t, i) => {
    X.set(features.data.subarray((t - L + 1) * F, (t + 1) * F), i * L * F);
    for (let k = 0; k < lags; k++) lagged[i * lags + k] = Math.log(close[t - k]! / close[t - k - 1]!);
    const a = close[t]!;
    const b = close[t + horizon]!;
    y[i] = b > a ? 1 : b < a ? 0 : Number.NaN;
    fwd[i] = (b - a) / a;
    time[i] = options.time?.[t] ?? t;
    barIndex[i] = t;
  });
  const accounting: SampleAccounting = {
    bars: close.length,
    samples: n,
    flat: flatKept,
    flatMode,
    dropped,
  };
  return {
    X: { rows: n, cols: L * F, data: X },
    y,
    forwardReturn: fwd,
    laggedReturns: { rows: n, cols: lags, data: lagged },
    time,
    barIndex,
    accounting,
  };
}
