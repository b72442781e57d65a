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
import { computeFeatureMatrix } from './internal/computeFeatureMatrix.js';
import { checkFeatures, checkParams } from './internal/featureSpecChecks.js';
import { sessionZone } from './internal/sessionMath.js';
import type { SessionSpec } from './sessionFeatures.js';
import { UTC_DAY_SESSION } from './sessionFeatures.js';

/**
 * Turns OHLCV bars into a feature matrix, with no look-ahead: every feature at bar t is computed
 * from bars ≤ t only (a test perturbs the future and checks the past stays bit-identical).
 *
 * Use {@link FeaturePipeline.compute} for history (training, backtests) and
 * {@link FeaturePipeline.stream} for live bars: both give the same numbers, bit for bit. Keep the
 * pipeline's {@link FeaturePipeline.toJSON | spec} with the model so inference uses the same features.
 * Prices in any unit; volume in contracts/shares; times in µs (UTC).
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
   * @param bars - a `BarSeries` or any object with equal-length `time/open/high/low/close/volume` columns.
   * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_INPUT` when the columns differ in length.
   */
  compute(bars: BarColumns): FeatureMatrix {
    return computeFeatureMatrix(this.spec, bars);
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
