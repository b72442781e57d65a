import { MinhosError } from '@minhos/core';
import { jacobiEigen } from './internal/jacobi.js';
import { type MatrixInput, squareSymmetric } from './internal/matrix.js';

/** Result of {@link portfolioHeat}. */
export interface PortfolioHeat {
  /** `1 − λmin/λmax`, clamped to [0, 1]: 0 = independent positions, → 1 = one concentrated bet. */
  readonly heat: number;
  /** Smallest eigenvalue of the correlation matrix (can be slightly negative for an estimated matrix). */
  readonly lambdaMin: number;
  /** Largest eigenvalue (≤ n; equals n when all positions move as one). */
  readonly lambdaMax: number;
  /** Number of positions (matrix size). */
  readonly positions: number;
}

/**
 * Correlation "portfolio heat" of the open positions: `1 − λmin/λmax` of their correlation matrix.
 *
 * Use it to shrink a new position when the book is already concentrated in one risk factor.
 * With fewer than two positions the heat is 0. For n ≥ 2, heat is 0 only when all eigenvalues are
 * equal (uncorrelated positions) and approaches 1 as one eigenvector dominates; for two positions
 * with correlation ρ it is `2|ρ| / (1 + |ρ|)`. Note that λmin/λmax of a sample correlation matrix
 * shrinks as n grows even for independent series, so the heat of many positions estimated from
 * short samples is biased upward; the sizing pipeline floors its multiplier for that reason.
 *
 * @param correlation - n×n symmetric correlation matrix: unit diagonal, entries in [−1, 1].
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_MATRIX` for a non-square, asymmetric or non-finite
 *   matrix, a diagonal entry that is not 1, or an entry outside [−1, 1].
 * @example
 * ```ts
 * import { portfolioHeat } from '@minhos/kelly';
 * portfolioHeat([[1, 0.8], [0.8, 1]]).heat; // 1 − 0.2/1.8 ≈ 0.889
 * ```
 */
export function portfolioHeat(correlation: MatrixInput): PortfolioHeat {
  const { n, a } = squareSymmetric(correlation, 'portfolioHeat');
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = a[i * n + j] as number;
      if (i === j ? Math.abs(v - 1) > 1e-9 : Math.abs(v) > 1 + 1e-12) {
        throw new MinhosError(
          'KELLY_INVALID_MATRIX',
          `portfolioHeat: entry [${i}][${j}] is ${v}, expected ${i === j ? '1 on the diagonal' : 'a correlation in [−1, 1]'}`,
          { details: { row: i, column: j } },
        );
      }
    }
  }
  if (n < 2) return { heat: 0, lambdaMin: 1, lambdaMax: 1, positions: n };
  const { values } = jacobiEigen(a, n);
  const lambdaMin = values[0] as number;
  const lambdaMax = values[n - 1] as number;
  const heat = Math.min(1, Math.max(0, 1 - lambdaMin / lambdaMax));
  return { heat, lambdaMin, lambdaMax, positions: n };
}
