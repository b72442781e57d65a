import type { BarColumns } from '@minhos/core';
import { MinhosError } from '@minhos/core';
import type { FeatureMatrix } from './FeatureMatrix.js';
import { FeatureStream } from './FeatureStream.js';
import {
  DEFAULT_FEATURE_PARAMS,
  DEFAULT_FEATURES,
  type FeatureName,
  type FeatureParams,
  type FeaturePipelineOptions,
  type FeatureSpec,
} from './featureSpec.js';
import { ColumnBuffers } from './internal/ColumnBuffers.js';
import { computeFeatureMatrix } from './internal/computeFeatureMatrix.js';
import { checkFeatures, checkParams } from './internal/featureSpecChecks.js';
import { sessionZone } from './internal/sessionMath.js';
import type { SessionSpec } from './sessionFeatures.js';
import { UTC_DAY_SESSION } from './sessionFeatures.js';

/** Options of {@link FeaturePipeline.compute}. */
export interface FeatureComputeOptions {
  /**
   * Write the matrix here instead of a fresh array: at least `rows × cols` long (extra room is left
   * untouched); the returned matrix's `data` is a view on its first `rows × cols` values. Reuse
   * one across calls (walk-forward folds, repeated training) to skip the fresh memory of a new
   * matrix; the previous call's matrix then changes with it. Must not overlap the bars' columns.
   */
  readonly out?: Float64Array;
  /**
   * Write the row times here instead of a copy of `bars.time`: at least `rows` long; the returned
   * matrix's `time` is a view on its first `rows` values.
   */
  readonly outTime?: Float64Array;
}

/**
 * Turns OHLCV bars into a feature matrix, with no look-ahead: every feature at bar t is computed
 * from bars ≤ t only (a test perturbs the future and checks the past stays bit-identical).
 *
 * Use {@link FeaturePipeline.compute} for history (training, backtests) and
 * {@link FeaturePipeline.stream} for live bars: both give the same numbers, bit for bit. Keep the
 * pipeline's {@link FeaturePipeline.toJSON | spec} with the model so inference uses the same features.
 * Prices in any unit; volume in contracts/shares; times in µs (UTC).
 *
 * Memory: `compute` runs its indicators a block of 1,024 rows at a time into small scratch
 * columns, kept on the pipeline between calls: 8 × 8 KiB for the 8 default features, 13 × 8 KiB
 * for all 17 plus the volatility's one-bar returns, the one full-length column (8 bytes per bar)
 * ({@link FeaturePipeline.bufferBytes} tells). Call {@link FeaturePipeline.releaseBuffers} to give
 * them back; pass `out` to {@link FeaturePipeline.compute} to reuse the matrix too. The returned
 * matrix never shares memory with those buffers.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { FeaturePipeline, StandardScaler, sequences } from '@minhos/models';
 * declare const bars: BarSeries; // e.g. ES 1-minute bars
 * const pipeline = new FeaturePipeline({
 *   session: { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 },
 * });
 * const X = pipeline.compute(bars); // X.rows × 8, NaN in the first 33 rows
 * const scaler = new StandardScaler().fit(X, { start: 0, end: 10_000 }); // training rows only
 * const seq = sequences(scaler.transform(X), { length: 20 }); // Float32Array [N, 20, 8]
 * ```
 */
export class FeaturePipeline {
  /** The pipeline's full description (serialise it with {@link FeaturePipeline.toJSON}). */
  readonly spec: FeatureSpec;
  readonly #buffers = new ColumnBuffers();

  /**
   * @param options - features (default the 8 of {@link DEFAULT_FEATURES}), indicator periods, session.
   * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SPEC` / `FEATURE_BAD_SESSION` for an invalid option.
   */
  constructor(options: FeaturePipelineOptions = {}) {
    const features = checkFeatures(options.features ?? DEFAULT_FEATURES);
    const params: FeatureParams = Object.freeze({ ...DEFAULT_FEATURE_PARAMS, ...(options.params ?? {}) });
    checkParams(params);
    const session = Object.freeze({ ...(options.session ?? UTC_DAY_SESSION) });
    sessionZone(session);
    this.spec = Object.freeze({ version: 1, features, params, session });
  }

  /**
   * Rebuilds a pipeline from a stored {@link FeatureSpec} (e.g. read from a model registry).
   * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SPEC` when the value is not a valid spec.
   */
  static fromJSON(spec: unknown): FeaturePipeline {
    if (typeof spec !== 'object' || spec === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', `feature spec must be an object, got ${String(spec)}`);
    }
    const s = spec as Record<string, unknown>;
    if (s.version !== 1) {
      throw new MinhosError('FEATURE_BAD_SPEC', `feature spec version must be 1, got ${String(s.version)}`);
    }
    if (!Array.isArray(s.features)) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.features must be an array of feature names');
    }
    const params = s.params as Record<string, unknown> | undefined;
    if (typeof params !== 'object' || params === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.params must be an object');
    }
    for (const key of Object.keys(params)) {
      if (!(key in DEFAULT_FEATURE_PARAMS)) {
        throw new MinhosError('FEATURE_BAD_SPEC', `feature spec.params has an unknown key "${key}"`);
      }
    }
    const session = s.session as SessionSpec | undefined;
    if (typeof session !== 'object' || session === null) {
      throw new MinhosError('FEATURE_BAD_SPEC', 'feature spec.session must be an object');
    }
    return new FeaturePipeline({
      features: s.features as FeatureName[],
      params: params as Partial<FeatureParams>,
      session: {
        timeZone: session.timeZone,
        openMinute: session.openMinute,
        lengthMinutes: session.lengthMinutes,
      },
    });
  }

  /** Column names, in order. */
  get names(): readonly FeatureName[] {
    return this.spec.features;
  }

  /** The spec as plain JSON data. */
  toJSON(): FeatureSpec {
    return this.spec;
  }

  /**
   * Computes the feature matrix of `bars` (O(rows × features)).
   *
   * The matrix (and its row times) is fresh unless `options.out` (`options.outTime`) is given;
   * the scratch columns behind it are kept on the pipeline for the next call (see the class
   * notes on memory). The call is synchronous, so calls on one pipeline never overlap.
   *
   * @param bars - a `BarSeries` or any object with equal-length `time/open/high/low/close/volume` columns.
   * @param options - optional caller-owned output arrays (`out` for the matrix, `outTime` for the row times).
   * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_INPUT` when the columns differ in length;
   * `FEATURE_BAD_OUTPUT` when `out` is shorter than rows × cols or `outTime` shorter than rows.
   *
   * @example
   * ```ts
   * import type { BarSeries } from '@minhos/core';
   * import { type FeatureMatrix, FeaturePipeline } from '@minhos/models';
   * declare const folds: BarSeries[]; // walk-forward training windows, at most 500,000 bars each
   * declare function train(X: FeatureMatrix): void;
   * const pipeline = new FeaturePipeline();
   * const out = new Float64Array(500_000 * pipeline.names.length);
   * // X.data is a view on out: each fold's matrix is used before the next overwrites it.
   * for (const bars of folds) train(pipeline.compute(bars, { out }));
   * pipeline.releaseBuffers(); // done: give the kept columns back
   * ```
   */
  compute(bars: BarColumns, options: FeatureComputeOptions = {}): FeatureMatrix {
    return computeFeatureMatrix(this.spec, bars, { ...options, buffers: this.#buffers });
  }

  /**
   * Bytes of scratch columns this pipeline keeps between {@link FeaturePipeline.compute} calls
   * (0 before the first call and after {@link FeaturePipeline.releaseBuffers}).
   */
  get bufferBytes(): number {
    return this.#buffers.bytes;
  }

  /**
   * Drops the scratch columns kept between {@link FeaturePipeline.compute} calls, e.g. after
   * training on a long history; the next `compute` allocates them again. Matrices already
   * returned are not affected.
   */
  releaseBuffers(): void {
    this.#buffers.release();
  }

  /**
   * A live feature stream: feed bars one at a time (`next`), revise the forming bar (`update`);
   * each call returns that bar's feature row, equal bit for bit to the matching row of
   * {@link FeaturePipeline.compute}.
   */
  stream(): FeatureStream {
    return new FeatureStream(this.spec);
  }
}
