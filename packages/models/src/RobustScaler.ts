import { AffineScaler, quantileSorted } from './internal/AffineScaler.js';
import type { Scaler } from './Scaler.js';

/**
 * Centres each column on its median and divides by its interquartile range (25th–75th percentile,
 * linear interpolation), using training rows only: insensitive to the fat tails of returns and
 * volume spikes. Like scikit-learn's `RobustScaler`. See {@link Scaler}.
 *
 * @example
 * ```ts
 * import { RobustScaler } from '@minhos/models';
 * const X = { rows: 5, cols: 1, data: Float64Array.of(1, 2, 3, 4, 100) };
 * new RobustScaler().fit(X).transform(X).data; // [-1, -0.5, 0, 0.5, 48.5]
 * ```
 */
export class RobustScaler extends AffineScaler implements Scaler {
  readonly kind = 'robust' as const;

  protected fitColumn(values: Float64Array): [number, number] {
    const sorted = Float64Array.from(values).sort();
    return [quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25)];
  }
}
