/**
 * The state of a TA-Lib-seeded EMA, split into a pure `compute` (the output if `x` were the next
 * value) and `commit` (make `x` part of the state), so streams can revise a forming bar.
 *
 * TA-Lib's EMA(n): the first output is the plain average of the first n inputs (summed in order,
 * then divided), later outputs are `(x - prev) * k + prev` with k = 2 / (n + 1).
 */
export class EmaCore {
  readonly period: number;
  readonly k: number;
  committed = 0;
  private sum = 0;
  prev = Number.NaN;

  constructor(period: number, k = 2 / (period + 1)) {
    this.period = period;
    this.k = k;
  }

  compute(x: number): number {
    const c = this.committed;
    const n = this.period;
    if (c < n - 1) return Number.NaN;
    if (c === n - 1) return (this.sum + x) / n;
    return (x - this.prev) * this.k + this.prev;
  }

  commit(x: number): void {
    const c = this.committed;
    const n = this.period;
    if (c < n - 1) this.sum += x;
    else if (c === n - 1) this.prev = (this.sum + x) / n;
    else this.prev = (x - this.prev) * this.k + this.prev;
    this.committed = c + 1;
  }

  reset(): void {
    this.committed = 0;
    this.sum = 0;
    this.prev = Number.NaN;
  }
}

/**
 * Batch TA-Lib EMA of `values[start..]` into `out[start..]` (slots before `start + period - 1` get
 * NaN). The arithmetic is exactly {@link EmaCore}'s.
 */
export function emaFrom(
  values: Float64Array,
  period: number,
  k: number,
  start: number,
  out: Float64Array,
): void {
  const n = values.length;
  const seedEnd = Math.min(start + period - 1, n);
  for (let i = 0; i < seedEnd; i++) out[i] = Number.NaN;
  if (start + period - 1 >= n) return;
  let sum = 0;
  for (let i = start; i < start + period - 1; i++) sum += values[i] as number;
  let prev = (sum + (values[start + period - 1] as number)) / period;
  out[start + period - 1] = prev;
  for (let i = start + period; i < n; i++) {
    prev = ((values[i] as number) - prev) * k + prev;
    out[i] = prev;
  }
}
