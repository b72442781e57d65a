/**
 * In-place-free Cholesky factorisation `A = L·Lᵀ` of a symmetric matrix (row-major, n×n).
 * Returns `undefined` when a pivot is not safely positive: the matrix is not positive definite to
 * working precision, and the caller must regularise it instead of trusting a solve.
 */
export function cholesky(a: Float64Array, n: number): Float64Array | undefined {
  const l = new Float64Array(n * n);
  let maxDiagonal = 0;
  for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, a[i * n + i] as number);
  // A pivot this small relative to the largest diagonal means the factor carries no significant
  // digits; treating it as a failure sends the caller to shrinkage rather than a garbage solve.
  const pivotFloor = maxDiagonal * n * Number.EPSILON;
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j] as number;
    for (let k = 0; k < j; k++) {
      const v = l[j * n + k] as number;
      diagonal -= v * v;
    }
    if (!(diagonal > pivotFloor)) return undefined;
    const ljj = Math.sqrt(diagonal);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number;
      for (let k = 0; k < j; k++) s -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves `L·Lᵀ·x = b` given the Cholesky factor `L` (forward then back substitution). */
export function choleskySolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = s / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < n; k++) s -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = s / (l[i * n + i] as number);
  }
  return x;
}
