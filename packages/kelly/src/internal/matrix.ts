import { MinhosError } from '@minhos/core';

/** A dense matrix as rows of numbers (row-major). */
export type MatrixInput = readonly (readonly number[])[];

/**
 * Copies a square, finite, symmetric matrix into a row-major `Float64Array`, or throws a
 * `MinhosError` naming the offending entry. Symmetry is checked to a tolerance relative to the
 * largest entry because estimated covariances are often symmetric only to rounding.
 */
export function squareSymmetric(
  matrix: MatrixInput,
  where: string,
  code = 'KELLY_INVALID_MATRIX',
): { readonly n: number; readonly a: Float64Array } {
  if (!Array.isArray(matrix)) {
    throw new MinhosError(code, `${where}: expected an array of rows, got ${typeof matrix}`);
  }
  const n = matrix.length;
  const a = new Float64Array(n * n);
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const row = matrix[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new MinhosError(
        code,
        `${where}: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n} (square matrix)`,
        { details: { row: i, expected: n } },
      );
    }
    for (let j = 0; j < n; j++) {
      const v = row[j] as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new MinhosError(
          code,
          `${where}: entry [${i}][${j}] is ${String(v)}, expected a finite number`,
          {
            details: { row: i, column: j },
          },
        );
      }
      a[i * n + j] = v;
      scale = Math.max(scale, Math.abs(v));
    }
  }
  const tolerance = 1e-9 * Math.max(scale, Number.MIN_VALUE);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const upper = a[i * n + j] as number;
      const lower = a[j * n + i] as number;
      if (Math.abs(upper - lower) > tolerance) {
        throw new MinhosError(
          code,
          `${where}: not symmetric, [${i}][${j}] = ${upper} but [${j}][${i}] = ${lower}`,
          { details: { row: i, column: j } },
        );
      }
      const mean = 0.5 * (upper + lower);
      a[i * n + j] = mean;
      a[j * n + i] = mean;
    }
  }
  return { n, a };
}

/** Rows of a row-major `Float64Array` as plain arrays (for results handed back to callers). */
export function toRows(a: Float64Array, n: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(a.subarray(i * n, (i + 1) * n)));
  return rows;
}
