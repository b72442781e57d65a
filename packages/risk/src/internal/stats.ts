/** Numeric helpers shared by the checks and the market state classifier. Plain loops: inputs are small. */

/** Sample standard deviation (n − 1) of `values[from, to)`; NaN when fewer than two values. */
export function sampleStdev(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  if (n < 2) return Number.NaN;
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] as number;
  const mean = sum / n;
  let ss = 0;
  for (let i = from; i < to; i++) {
    const d = (values[i] as number) - mean;
    ss += d * d;
  }
  return Math.sqrt(ss / (n - 1));
}

/** Median of a list (copied before sorting); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Pearson correlation of two equally long series; NaN when either has zero variance or n < 3. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length || n < 3) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return sab / Math.sqrt(saa * sbb);
}

/** Ordinary least squares of `y[from, to)` on the index 0..n−1: slope per step and R². */
export function linearTrend(
  y: ArrayLike<number>,
  from: number,
  to: number,
): { readonly slope: number; readonly r2: number } {
  const n = to - from;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (let i = from; i < to; i++) yMean += y[i] as number;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const dx = i - from - xMean;
    const dy = (y[i] as number) - yMean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  // A flat series has no variance to explain: R² is 0 (no trend), not NaN.
  const r2 = syy === 0 || sxx === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope, r2 };
}

/** Whether `x` is a finite number. */
export function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}
