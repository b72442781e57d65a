import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { smaKernel } from './internal/SmaKernel.js';

/**
 * Simple moving average over `period` values, as TA-Lib's `SMA` computes it (a running sum: add the
 * newest value, emit, subtract the oldest), so results agree with TA-Lib bit for bit.
 *
 * Use it for trend filters and as the middle Bollinger band. O(n), no allocation besides the output.
 * The first value is at index `period - 1`; earlier slots are `NaN`. A `NaN` input poisons the running
 * sum from then on (as in TA-Lib): clean gaps before calling.
 *
 * @param values - input series (any unit; the output has the same unit).
 * @param period - window length in bars, an integer ≥ 1.
 * @param out - optional output buffer of the same length (reused without allocation).
 * @returns `out` (or a new array) with the average at every index.
 * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_PARAM` for a bad period, `INDICATOR_BAD_INPUT` for a wrong-size `out`.
 *
 * @example
 * ```ts
 * import { sma } from '@minhos/models';
 * sma(new Float64Array([1, 2, 3, 4]), 2); // [NaN, 1.5, 2.5, 3.5]
 * ```
 */
export function sma(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('sma', 'period', period);
  const n = values.length;
  const o = outputBuffer('sma', n, out);
  runKernel(smaKernel(values, period, o), n);
  return o;
}

/**
 * Streaming {@link sma}: one value at a time, O(1) per call, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { SmaStream } from '@minhos/models';
 * const s = new SmaStream(2);
 * s.next(1); // NaN
 * s.next(2); // 1.5
 * s.update(4); // 2.5 — the last bar was revised from 2 to 4
 * s.next(6); // 5
 * ```
 */
export class SmaStream implements IndicatorStream<number, number> {
  /** Window length in bars. */
  readonly period: number;
  private readonly ring: Float64Array;
  private head = 0;
  private sum = 0;
  private committed = 0;
  private pending = Number.NaN;
  private has = false;
  private out = Number.NaN;

  /** @param period - window length in bars, an integer ≥ 1. */
  constructor(period: number) {
    checkPeriod('SmaStream', 'period', period);
    this.period = period;
    this.ring = new Float64Array(Math.max(period - 1, 1));
  }

  next(value: number): number {
    if (this.has) this.commit(this.pending);
    this.has = true;
    this.pending = value;
    this.out = this.compute(value);
    return this.out;
  }

  update(value: number): number {
    if (!this.has) throw noBarError('SmaStream');
    this.pending = value;
    this.out = this.compute(value);
    return this.out;
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.head = 0;
    this.sum = 0;
    this.committed = 0;
    this.pending = Number.NaN;
    this.has = false;
    this.out = Number.NaN;
  }

  private compute(value: number): number {
    return this.committed >= this.period - 1 ? (this.sum + value) / this.period : Number.NaN;
  }

  private commit(value: number): void {
    const m = this.period - 1;
    if (m === 0) {
      this.committed++;
      return;
    }
    if (this.committed < m) {
      this.sum += value;
    } else {
      this.sum += value;
      this.sum -= this.ring[this.head] as number;
    }
    this.ring[this.head] = value;
    this.head = this.head + 1 === m ? 0 : this.head + 1;
    this.committed++;
  }
}
