import { pearson } from './internal/stats.js';

/**
 * Pearson correlation of two equally long return series, the statistic the risk package's
 * correlation check uses (`exposureCorrelation`). `NaN` when the lengths differ, when there are
 * fewer than 3 values, or when either series has no variance: no number rather than a made-up one.
 *
 * @example
 * ```ts
 * import { returnCorrelation } from '@minhos/risk';
 * returnCorrelation([0.1, -0.2, 0.3], [0.2, -0.4, 0.6]); // 1
 * returnCorrelation([0.1, -0.2, 0.3], [0.1, 0.1, 0.1]); // NaN (no variance)
 * ```
 */
export function returnCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(a, b);
}
