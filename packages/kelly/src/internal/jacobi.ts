/**
 * Cyclic Jacobi eigen-decomposition of a symmetric matrix (row-major, n×n, not modified).
 *
 * Jacobi is chosen over a tridiagonal QR for the sizes this package sees (a handful of open
 * positions, a few assets): it is short, unconditionally stable and accurate to a few ulps in the
 * small eigenvalues, which is exactly what condition numbers and λmin/λmax need.
 * Returns eigenvalues in ascending order and the matching unit eigenvectors (`vectors[k]` is the
 * eigenvector of `values[k]`).
 */
export function jacobiEigen(
  input: Float64Array,
  n: number,
): { readonly values: Float64Array; readonly vectors: Float64Array[] } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += (a[i] as number) ** 2;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += (a[p * n + q] as number) ** 2;
    // Converged once the off-diagonal mass is at rounding level relative to the whole matrix.
    if (off <= total * 1e-32 || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (apq === 0) continue;
        const app = a[p * n + p] as number;
        const aqq = a[q * n + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t =
          Math.abs(theta) > 1e150
            ? 1 / (2 * theta)
            : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        a[p * n + p] = app - t * apq;
        a[q * n + q] = aqq + t * apq;
        a[p * n + q] = 0;
        a[q * n + p] = 0;
        for (let r = 0; r < n; r++) {
          if (r !== p && r !== q) {
            const arp = a[r * n + p] as number;
            const arq = a[r * n + q] as number;
            const newRp = c * arp - s * arq;
            const newRq = s * arp + c * arq;
            a[r * n + p] = newRp;
            a[p * n + r] = newRp;
            a[r * n + q] = newRq;
            a[q * n + r] = newRq;
          }
          const vrp = v[r * n + p] as number;
          const vrq = v[r * n + q] as number;
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => (a[i * n + i] as number) - (a[j * n + j] as number),
  );
  const values = new Float64Array(n);
  const vectors: Float64Array[] = [];
  order.forEach((column, k) => {
    values[k] = a[column * n + column] as number;
    const vector = new Float64Array(n);
    for (let r = 0; r < n; r++) vector[r] = v[r * n + column] as number;
    vectors.push(vector);
  });
  return { values, vectors };
}
