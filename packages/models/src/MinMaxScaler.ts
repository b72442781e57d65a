import { AffineScaler } from './internal/AffineScaler.js';
import type { Scaler } from './Scaler.js';

/**
 * Maps each column's training range [min, max] to [0, 1]. Values outside the training range map
 * outside [0, 1] (no clipping: a new high is information, not an error). See {@link Scaler}.
 *
 * @example
 * ```ts
 * import { MinMaxScaler } from '@minhos/models';
 * const X = { rows: 3, cols: 1, data: Float64Array.of(10, 15, 20) };
 * new MinMaxScaler().fit(X).transform(X).data; // [0, 0.5, 1]
 * ```
 */
export class MinMaxScaler extends AffineScaler implements Scaler {
  readonly kind = 'minmax' as const;

  protected fitColumn(values: Float64Array): [number, number] {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return [min, max - min];
  }
}
