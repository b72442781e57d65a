import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { rsiKernel } from './internal/RsiKernel.js';

/**
 * Relative Strength Index with Wilder smoothing, as TA-Lib's `RSI`: the first value (index `period`)
 * uses the plain averages of the first `period` gains and losses, later ones smooth them with
 * `avg = avg · (period − 1)/period + x/period`; RSI = 100 · avgGain / (avgGain + avgLoss).
 * (TA-Lib divides at every step; this branch-free multiply-add form — (d + |d|)/2 is the gain,
 * exactly — is several times faster on real prices and agrees with TA-Lib to ~1e-12 relative.)
 *
 * Use it as a bounded momentum oscillator (0..100, conventionally overbought > 70, oversold < 30).
 * When prices did not move at all over the warm-up (avgGain + avgLoss = 0) the output is 0, as in
 * TA-Lib (TA-Lib tests |sum| < 1e-8; this tests exactly 0 so instruments quoted in tiny units work).
 *
 * @param values - closes (any price unit).
 * @param period - Wilder period in bars, an integer ≥ 1 (14 is standard).
 * @param out - optional output buffer of the same length.
 * @returns RSI in [0, 100], `NaN` before index `period`.
 *
 * @example
 * ```ts
 * import { rsi } from '@minhos/models';
 * const r = rsi(new Float64Array([1, 2, 3, 2, 3]), 2); // [NaN, NaN, 100, 50, 75]
 * ```
 */
export function rsi(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('rsi', 'period', period);
  const n = values.length;
  const o = outputBuffer('rsi', n, out);
  runKernel(rsiKernel(values, period, o), n);
  return o;
}

/**
 * Streaming {@link rsi} (Wilder): O(1) per close, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { RsiStream } from '@minhos/models';
 * const r = new RsiStream(14);
 * for (const c of [44.34, 44.09, 44.15]) r.next(c);
 * r.ready; // false until 15 closes
 * ```
 */
export class RsiStream implements IndicatorStream<number, number> {
  /** Wilder period in bars. */
  readonly period: number;
  private readonly keep: number;
  private readonly w: number;
  private committed = 0;
  private prevClose = Number.NaN;
  private gain = 0;
  private loss = 0;
  private pending = Number.NaN;
  private has = false;
  private out = Number.NaN;

  /** @param period - Wilder period in bars, an integer ≥ 1. */
  constructor(period: number) {
    checkPeriod('RsiStream', 'period', period);
    this.period = period;
    this.keep = (period - 1) / period;
    this.w = 0.5 / period;
  }

  next(close: number): number {
    if (this.has) this.commit(this.pending);
    this.has = true;
    this.pending = close;
    this.out = this.compute(close);
    return this.out;
  }

  update(close: number): number {
    if (!this.has) throw noBarError('RsiStream');
    this.pending = close;
    this.out = this.compute(close);
    return this.out;
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count > this.period;
  }

  reset(): void {
    this.committed = 0;
    this.prevClose = Number.NaN;
    this.gain = 0;
    this.loss = 0;
    this.pending = Number.NaN;
    this.has = false;
    this.out = Number.NaN;
  }

  private compute(x: number): number {
    const c = this.committed;
    const p = this.period;
    if (c < p) return Number.NaN;
    const d = x - this.prevClose;
    let gain = this.gain;
    let loss = this.loss;
    if (c === p) {
      if (d < 0) loss -= d;
      else gain += d;
      gain /= p;
      loss /= p;
    } else {
      gain = gain * this.keep + (d + Math.abs(d)) * this.w;
      loss = loss * this.keep + (Math.abs(d) - d) * this.w;
    }
    const s = gain + loss;
    return s !== 0 ? 100 * (gain / s) : 0;
  }

  private commit(x: number): void {
    const c = this.committed;
    const p = this.period;
    if (c > 0) {
      const d = x - this.prevClose;
      if (c < p) {
        if (d < 0) this.loss -= d;
        else this.gain += d;
      } else if (c === p) {
        if (d < 0) this.loss -= d;
        else this.gain += d;
        this.gain /= p;
        this.loss /= p;
      } else {
        this.gain = this.gain * this.keep + (d + Math.abs(d)) * this.w;
        this.loss = this.loss * this.keep + (Math.abs(d) - d) * this.w;
      }
    }
    this.prevClose = x;
    this.committed = c + 1;
  }
}
