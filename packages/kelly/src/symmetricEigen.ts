import { jacobiEigen } from './internal/jacobi.js';
import { type MatrixInput, squareSymmetric } from './internal/matrix.js';

/** Eigenvalues (ascending) and unit eigenvectors of a symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  readonly values: readonly number[];
  /** `vectors[k]` is the unit eigenvector of `values[k]`. */
  readonly vectors: readonly (readonly number[])[];
}

/**
 * Eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method.
 *
 * Use it for the small matrices of position sizing (correlations of open positions, covariances of
 * a few assets): it is accurate in the smallest eigenvalues, which condition numbers and the
 * portfolio-heat ratio λmin/λmax depend on. O(n³) per sweep; fine up to a few dozen assets.
 *
 * @param matrix - square, finite, symmetric (to 1e-9 of its largest entry) matrix.
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_MATRIX` naming the first bad entry (non-square,
 *   non-finite or asymmetric).
 * @example
 * ```ts
 * import { symmetricEigen } from '@minhos/kelly';
 * const { values } = symmetricEigen([[1, 0.5], [0.5, 1]]);
 * values; // [0.5, 1.5]
 * ```
 */
export function symmetricEigen(matrix: MatrixInput): SymmetricEigen {
  const { n, a } = squareSymmetric(matrix, 'symmetricEigen');
  const { values, vectors } = jacobiEigen(a, n);
  return { values: Array.from(values), vectors: vectors.map((v) => Array.from(v)) };
}

/**
 * 2-norm condition number λmax/λmin of a symmetric matrix, `Infinity` when it is singular or
 * indefinite (λmin ≤ 0).
 *
 * Use it to decide whether a covariance can be inverted without amplifying estimation noise.
 *
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_MATRIX` as {@link symmetricEigen}.
 * @example
 * ```ts
 * import { conditionNumber } from '@minhos/kelly';
 * conditionNumber([[4, 0], [0, 1]]); // 4
 * ```
 */
export function conditionNumber(matrix: MatrixInput): number {
  const { n, a } = squareSymmetric(matrix, 'conditionNumber');
  return conditionFromEigenvalues(jacobiEigen(a, n).values);
}

/** @internal λmax/λmin from ascending eigenvalues. */
export function conditionFromEigenvalues(values: ArrayLike<number>): number {
  if (values.length === 0) return 1;
  const min = values[0] as number;
  const max = values[values.length - 1] as number;
  return min > 0 ? max / min : Number.POSITIVE_INFINITY;
}
