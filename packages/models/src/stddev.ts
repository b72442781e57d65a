import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkFinite, checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { rollingM2Kernel } from './internal/RollingM2Kernel.js';
import { RollingMoments } from './internal/RollingMoments.js';

/**
 * Rolling **population** standard deviation (divides by `period`, like TA-Lib's `STDDEV` and
 * Bollinger bands), times `multiplier`.
 *
 * Use it for dispersion of prices in their own unit (for dispersion of returns see
 * {@link volatility}). Computed with a sliding Welford update, which stays accurate when values are
 * far from zero (TA-Lib's Σx² − (Σx)²/n loses digits there); agrees with TA-Lib to < 1e-9 relative
 * on the reference data. O(n); the first value is at index `period - 1`.
 *
 * @param values - input series (any unit; the output has the same unit).
 * @param period - window length in bars, an integer ≥ 1.
 * @param multiplier - scale factor (TA-Lib's `optInNbDev`, default 1).
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { stddev } from '@minhos/models';
 * stddev(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]), 8)[7]; // 2
 * ```
 */
export function stddev(
  values: Float64Array,
  period: number,
  multiplier = 1,
  out?: Float64Array,
): Float64Array {
  checkPeriod('stddev', 'period', period);
  checkFinite('stddev', 'multiplier', multiplier);
  const n = values.length;
  const o = outputBuffer('stddev', n, out);
  runKernel(rollingM2Kernel(values, 0, period, o), n);
  for (let i = period - 1; i < n; i++) o[i] = Math.sqrt(Math.max(o[i] as number, 0) / period) * multiplier;
  return o;
}

/**
 * Streaming {@link stddev}: O(1) per value, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { StddevStream } from '@minhos/models';
 * const s = new StddevStream(20);
 * s.next(100); // NaN until 20 values
 * ```
 */
export class StddevStream implements IndicatorStream<number, number> {
  /** Window length in bars. */
  readonly period: number;
  /** Scale factor applied to the deviation. */
  readonly multiplier: number;
  private readonly mom: RollingMoments;
  private pending = Number.NaN;
  private has = false;
  private out = Number.NaN;

  /**
   * @param period - window length in bars, an integer ≥ 1.
   * @param multiplier - scale factor (default 1).
   */
  constructor(period: number, multiplier = 1) {
    checkPeriod('StddevStream', 'period', period);
    checkFinite('StddevStream', 'multiplier', multiplier);
    this.period = period;
    this.multiplier = multiplier;
    this.mom = new RollingMoments(period);
  }

  next(value: number): number {
    if (this.has) this.mom.commit(this.pending);
    this.has = true;
    return this.set(value);
  }

  update(value: number): number {
    if (!this.has) throw noBarError('StddevStream');
    return this.set(value);
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.mom.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.mom.reset();
    this.pending = Number.NaN;
    this.has = false;
    this.out = Number.NaN;
  }

  private set(value: number): number {
    this.pending = value;
    this.out = this.mom.compute(value)
      ? Math.sqrt(Math.max(this.mom.m2Out, 0) / this.period) * this.multiplier
      : Number.NaN;
    return this.out;
  }
}
