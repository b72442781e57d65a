import type { FeatureName } from './featureSpec.js';

/**
 * A feature matrix: `rows` bars × `cols` features, row-major (`data[r * cols + c]`), with the
 * feature names and each row's bar time. Structurally a `Matrix` of this package, so it feeds
 * scalers, {@link sequences} and models directly. Warm-up rows hold `NaN`.
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
  /** Column names, `cols` of them. */
  readonly names: readonly FeatureName[];
  /** Bar start time of each row, µs since the Unix epoch (UTC). */
  readonly time: Float64Array;
  /** Index of the first row where every feature is finite (`rows` if none). */
  readonly firstComplete: number;
}
