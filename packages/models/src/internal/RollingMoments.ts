/**
 * Mean and sum of squared deviations (M2) of the last `period` values, updated in O(1) with the
 * sliding-window form of Welford's algorithm.
 *
 * Why not TA-Lib's Σx² − (Σx)²/n: with prices far from zero (ES ≈ 4000, variance ≈ 1) that form
 * cancels catastrophically; Welford's error scales with the deviations instead of the price level.
 * On SPY daily it is 8× closer than TA-Lib to an exact two-pass computation and still within 1e-9
 * of TA-Lib. Every `RESYNC` (256) bars the state is recomputed exactly from the window so rounding
 * cannot drift over millions of bars.
 *
 * The values are taken as offsets from an anchor (the first value, then the newest value at each
 * resync), so the running mean is a few points rather than ≈ 1700: its rounding no longer swamps
 * near-flat windows (σ ≈ 0.05 pt on ES 1-minute). On the bundled ES data the stdev is within 1e-9
 * relative of an exact integer computation on every window (it was 2.5e-9 without the anchor).
 *
 * `compute(x)` is pure (the moments if `x` were the next value; results in `mean`/`m2Out`),
 * `commit(x)` makes `x` part of the state with the very same arithmetic.
 */
export class RollingMoments {
  static readonly RESYNC = 256;
  readonly period: number;
  private readonly ring: Float64Array;
  private head = 0;
  committed = 0;
  private mean = 0;
  private m2 = 0;
  /** Values enter as `x − anchor` (see the class comment). */
  private anchor = 0;
  /** Committed values equal to the newest one, in a row: a window of identical values has M2 exactly 0. */
  private run = 0;
  private last = Number.NaN;
  /** Mean of the window ending at the value given to the last `compute`. */
  meanOut = Number.NaN;
  /** M2 of the window ending at the value given to the last `compute`. */
  m2Out = Number.NaN;

  constructor(period: number) {
    this.period = period;
    this.ring = new Float64Array(period);
  }

  /** Fills `meanOut`/`m2Out` for the window ending at `x`; returns whether the window is full. */
  compute(value: number): boolean {
    const c = this.committed;
    const n = this.period;
    const x = value - (c === 0 ? value : this.anchor);
    if (c < n) {
      const d = x - this.mean;
      const mean = this.mean + d / (c + 1);
      this.meanOut = mean + (c === 0 ? value : this.anchor);
      this.m2Out = this.m2 + d * (x - mean);
      return c === n - 1;
    }
    const old = (this.ring[this.head] as number) - this.anchor;
    const mean = this.mean + (x - old) / n;
    this.meanOut = mean + this.anchor;
    this.m2Out =
      value === this.last && this.run >= n - 1 ? 0 : this.m2 + (x - old) * (x - mean + old - this.mean);
    return true;
  }

  commit(value: number): void {
    const c = this.committed;
    const n = this.period;
    if (c === 0) this.anchor = value;
    const x = value - this.anchor;
    if (c < n) {
      const d = x - this.mean;
      const mean = this.mean + d / (c + 1);
      this.m2 = this.m2 + d * (x - mean);
      this.mean = mean;
    } else {
      const old = (this.ring[this.head] as number) - this.anchor;
      const mean = this.mean + (x - old) / n;
      this.m2 = this.m2 + (x - old) * (x - mean + old - this.mean);
      this.mean = mean;
    }
    this.run = value === this.last ? this.run + 1 : 1;
    this.last = value;
    this.ring[this.head] = value;
    this.head = this.head + 1 === n ? 0 : this.head + 1;
    this.committed = c + 1;
    if (this.committed >= n && this.committed % RollingMoments.RESYNC === 0) this.resync();
  }

  reset(): void {
    this.head = 0;
    this.committed = 0;
    this.mean = 0;
    this.m2 = 0;
    this.anchor = 0;
    this.run = 0;
    this.last = Number.NaN;
    this.meanOut = Number.NaN;
    this.m2Out = Number.NaN;
  }

  private resync(): void {
    // Oldest to newest, the order `rollingM2` sums in, so batch and stream stay bit-identical.
    const n = this.period;
    const anchor = this.ring[this.head === 0 ? n - 1 : this.head - 1] as number;
    let sum = 0;
    for (let k = 0, j = this.head; k < n; k++, j = j + 1 === n ? 0 : j + 1)
      sum += (this.ring[j] as number) - anchor;
    const mean = sum / n;
    let m2 = 0;
    for (let k = 0, j = this.head; k < n; k++, j = j + 1 === n ? 0 : j + 1) {
      const d = (this.ring[j] as number) - anchor - mean;
      m2 += d * d;
    }
    this.anchor = anchor;
    this.mean = mean;
    this.m2 = m2;
  }
}

/**
 * The first row after which the batch kernels recompute the moments exactly, as the class does
 * after every {@link RollingMoments.RESYNC}th commit past the warm-up.
 */
export function firstResyncRow(period: number): number {
  const resync = RollingMoments.RESYNC;
  return Math.ceil((period + 1) / resync) * resync - 1;
}

/** Results of {@link exactMoments}: mean, M2, anchor (a scratch buffer: no array per resync, no iterator). */
export const EXACT = new Float64Array(3);

/**
 * Exact offset mean and M2 of the window ending at `last` (of the series `values[· + from]`),
 * re-anchored at its newest value, into {@link EXACT}: the batch kernels' resync step.
 */
export function exactMoments(values: Float64Array, from: number, last: number, period: number): void {
  const anchor = values[last + from] as number;
  let sum = 0;
  for (let j = last - period + 1; j <= last; j++) sum += (values[j + from] as number) - anchor;
  const mean = sum / period;
  let m2 = 0;
  for (let j = last - period + 1; j <= last; j++) {
    const d = (values[j + from] as number) - anchor - mean;
    m2 += d * d;
  }
  EXACT[0] = mean;
  EXACT[1] = m2;
  EXACT[2] = anchor;
}
