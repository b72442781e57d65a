// Small numeric helpers shared by the statistics. NaN in, NaN out, like numpy, so that the
// backtesting.py-compatible figures keep its "nan where undefined" behaviour.

/** Arithmetic mean; NaN for an empty sample. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i] as number;
  return sum / n;
}

/** Variance with `ddof` delta degrees of freedom; NaN when `n - ddof <= 0`. */
export function variance(values: ArrayLike<number>, ddof: number): number {
  const n = values.length;
  if (n - ddof <= 0) return Number.NaN;
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - m;
    sum += d * d;
  }
  return sum / (n - ddof);
}

/** Sample covariance (ddof = 1) of two equally long samples; NaN below two points. */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ((x[i] as number) - mx) * ((y[i] as number) - my);
  return sum / (n - 1);
}

/**
 * backtesting.py's geometric mean of simple returns: NaN returns count as 0, any return at or
 * below −100 % makes the result 0 (not NaN), an empty sample gives NaN;
 * otherwise `exp(Σ ln(1 + rᵢ) / n) − 1`.
 */
export function geometricMean(returns: ArrayLike<number>): number {
  const n = returns.length;
  let logSum = 0;
  for (let i = 0; i < n; i++) {
    const r = returns[i] as number;
    const g = (Number.isNaN(r) ? 0 : r) + 1;
    if (g <= 0) return 0;
    logSum += Math.log(g);
  }
  return n === 0 ? Number.NaN : Math.exp(logSum / n) - 1;
}

/** Python's `x or nan` for a number: 0 and NaN become NaN (a zero denominator means "undefined"). */
export function orNaN(x: number): number {
  return x === 0 || Number.isNaN(x) ? Number.NaN : x;
}

/** Maximum ignoring NaN (pandas `Series.max`); NaN when nothing is left. */
export function nanMax(values: ArrayLike<number>): number {
  let best = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v) && (Number.isNaN(best) || v > best)) best = v;
  }
  return best;
}

/** Minimum ignoring NaN (pandas `Series.min`); NaN when nothing is left. */
export function nanMin(values: ArrayLike<number>): number {
  let best = Number.NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v) && (Number.isNaN(best) || v < best)) best = v;
  }
  return best;
}

/** Mean ignoring NaN (pandas `Series.mean`); NaN when nothing is left. */
export function nanMean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? Number.NaN : sum / n;
}
