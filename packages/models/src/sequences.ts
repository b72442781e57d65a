import { MinhosError } from '@minhos/core';
import type { MatrixLike } from './internal/AffineScaler.js';

/** Settings of {@link sequences}. */
export interface SequenceOptions {
  /** Steps per window (default 20). */
  readonly length?: number;
  /** First row windows may use (default 0). */
  readonly start?: number;
  /** One past the last row windows may use (default `rows`). */
  readonly end?: number;
  /** Keep every `stride`-th window end (default 1 = every bar). */
  readonly stride?: number;
  /**
   * Per-row targets (e.g. `labels(...).direction`); a window is kept only if the target of its last
   * row is finite, and the targets are returned alongside.
   */
  readonly labels?: Float64Array;
  /**
   * Largest allowed time step inside a window, µs (e.g. `5 * US_PER_MINUTE`); needs `matrix.time`.
   * Windows spanning a longer gap (overnight, weekend, missing data) are dropped.
   */
  readonly maxGapUs?: number;
}

/** Windows ready for a sequence model (tfjs: `tf.tensor3d(batch.data, batch.shape)`). */
export interface SequenceBatch {
  /** `N × length × features` values, step-major (oldest step first), row-major. */
  readonly data: Float32Array;
  /** `[N, length, features]`. */
  readonly shape: readonly [number, number, number];
  /** Row index (in the input matrix) of each window's last step: where its prediction is made. */
  readonly endRows: Int32Array;
  /** The target of each window's last row, when `labels` was given. */
  readonly labels?: Float32Array;
}

function fail(message: string): never {
  throw new MinhosError('FEATURE_BAD_INPUT', `sequences: ${message}`);
}

/**
 * Cuts a (scaled) feature matrix into overlapping windows of `length` consecutive rows — the
 * `[N, 20, F]` tensors the LSTM reads. Window i holds rows `endRows[i] − length + 1 … endRows[i]`;
 * it is kept only if every value is finite (so warm-up rows are skipped), its target (if any) is
 * finite, and no time gap exceeds `maxGapUs`. Only rows inside `[start, end)` are used, so train
 * and test windows never share rows.
 *
 * @param matrix - row-major features (a {@link FeatureMatrix} or a scaled copy).
 * @param options - window length, row range, stride, targets, gap limit.
 * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_INPUT` for inconsistent options.
 *
 * @example
 * ```ts
 * import type { BarSeries } from '@minhos/core';
 * import { FeaturePipeline, labels, sequences } from '@minhos/models';
 * declare const bars: BarSeries;
 * const X = new FeaturePipeline().compute(bars);
 * const y = labels(bars.close, { horizon: 1 });
 * const batch = sequences(X, { length: 20, labels: y.direction });
 * batch.shape; // [N, 20, 8]
 * ```
 */
export function sequences(
  matrix: MatrixLike & { readonly time?: Float64Array },
  options: SequenceOptions = {},
): SequenceBatch {
  const { rows, cols, data } = matrix;
  const length = options.length ?? 20;
  const start = options.start ?? 0;
  const end = options.end ?? rows;
  const stride = options.stride ?? 1;
  const y = options.labels;
  const maxGap = options.maxGapUs;
  if (data.length !== rows * cols) fail(`matrix data has ${data.length} values, expected ${rows} × ${cols}`);
  if (!Number.isInteger(length) || length < 1) fail(`length must be an integer ≥ 1, got ${String(length)}`);
  if (!Number.isInteger(stride) || stride < 1) fail(`stride must be an integer ≥ 1, got ${String(stride)}`);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > rows || start > end) {
    fail(`rows must satisfy 0 ≤ start ≤ end ≤ ${rows}, got [${start}, ${end})`);
  }
  if (y !== undefined && y.length !== rows)
    fail(`labels has ${y.length} values, expected ${rows} (one per row)`);
  const time = matrix.time;
  if (maxGap !== undefined) {
    if (!(maxGap > 0)) fail(`maxGapUs must be > 0, got ${String(maxGap)}`);
    if (time === undefined || time.length !== rows) fail('maxGapUs needs matrix.time with one time per row');
  }
  // run[t] = number of consecutive usable rows ending at t (finite values, no oversized gap).
  const run = new Int32Array(Math.max(end - start, 0));
  let kept = 0;
  for (let t = start; t < end; t++) {
    let finite = true;
    for (let j = 0; j < cols; j++) {
      if (!Number.isFinite(data[t * cols + j] as number)) {
        finite = false;
        break;
      }
    }
    let r = 0;
    if (finite) {
      const joined =
        t > start &&
        (maxGap === undefined ||
          ((time as Float64Array)[t] as number) - ((time as Float64Array)[t - 1] as number) <= maxGap);
      r = joined ? (run[t - start - 1] as number) + 1 : 1;
    }
    run[t - start] = r;
    if (
      r >= length &&
      (t - start - length + 1) % stride === 0 &&
      (y === undefined || Number.isFinite(y[t] as number))
    ) {
      kept++;
    }
  }
  const out = new Float32Array(kept * length * cols);
  const endRows = new Int32Array(kept);
  const targets = y === undefined ? undefined : new Float32Array(kept);
  let w = 0;
  for (let t = start; t < end; t++) {
    const r = run[t - start] as number;
    if (r < length || (t - start - length + 1) % stride !== 0) continue;
    if (y !== undefined && !Number.isFinite(y[t] as number)) continue;
    out.set(data.subarray((t - length + 1) * cols, (t + 1) * cols), w * length * cols);
    endRows[w] = t;
    if (targets !== undefined) targets[w] = y?.[t] as number;
    w++;
  }
  return {
    data: out,
    shape: [kept, length, cols],
    endRows,
    ...(targets === undefined ? {} : { labels: targets }),
  };
}
