import { AffineScaler } from './internal/AffineScaler.js';
import type { Scaler } from './Scaler.js';

/**
 * Standardises each column to mean 0, standard deviation 1 (population, like scikit-learn's
 * `StandardScaler`), using training rows only. See {@link Scaler}.
 *
 * @example
 * ```ts
 * import { StandardScaler } from '@minhos/models';
 * const X = { rows: 3, cols: 1, data: Float64Array.of(1, 2, 3) };
 * new StandardScaler().fit(X).transform(X).data; // [-1.2247…, 0, 1.2247…]
 * ```
 */
export class StandardScaler extends AffineScaler implements Scaler {
  readonly kind = 'standard' as const;

  protected fitColumn(values: Float64Array): [number, number] {
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += values[i] as number;
    const mean = sum / values.length;
    let ss = 0;
    for (let i = 0; i < values.length; i++) {
      const d = (values[i] as number) - mean;
      ss += d * d;
    }
    return [mean, Math.sqrt(ss / values.length)];
  }
}
