import type { IndicatorStream } from './IndicatorStream.js';
import { EmaCore, emaFrom } from './internal/EmaCore.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';

/**
 * Exponential moving average with TA-Lib's seeding: the first output (index `period - 1`) is the
 * simple average of the first `period` values, then `ema = (x - ema) * k + ema` with
 * `k = 2 / (period + 1)`. Same convention as TradingView and Lean; Tulip seeds with the first value
 * instead, so its early values differ.
 *
 * Use it for trend following and as the building block of MACD. O(n), no allocation besides `out`.
 *
 * @param values - input series (any unit; the output has the same unit).
 * @param period - smoothing length in bars, an integer ≥ 1.
 * @param out - optional output buffer of the same length.
 * @returns the EMA at every index, `NaN` before index `period - 1`.
 * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_PARAM` / `INDICATOR_BAD_INPUT`.
 *
 * @example
 * ```ts
 * import { ema } from '@minhos/models';
 * ema(new Float64Array([1, 2, 3, 4]), 3); // [NaN, NaN, 2, 3]
 * ```
 */
export function ema(values: Float64Array, period: number, out?: Float64Array): Float64Array {
  checkPeriod('ema', 'period', period);
  const o = outputBuffer('ema', values.length, out);
  emaFrom(values, period, 2 / (period + 1), 0, o);
  return o;
}

/**
 * Streaming {@link ema}: O(1) per value, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { EmaStream } from '@minhos/models';
 * const e = new EmaStream(3);
 * [1, 2, 3].forEach((x) => e.next(x));
 * e.value; // 2
 * ```
 */
export class EmaStream implements IndicatorStream<number, number> {
  /** Smoothing length in bars. */
  readonly period: number;
  private readonly core: EmaCore;
  private pending = Number.NaN;
  private has = false;
  private out = Number.NaN;

  /** @param period - smoothing length in bars, an integer ≥ 1. */
  constructor(period: number) {
    checkPeriod('EmaStream', 'period', period);
    this.period = period;
    this.core = new EmaCore(period);
  }

  next(value: number): number {
    if (this.has) this.core.commit(this.pending);
    this.has = true;
    this.pending = value;
    this.out = this.core.compute(value);
    return this.out;
  }

  update(value: number): number {
    if (!this.has) throw noBarError('EmaStream');
    this.pending = value;
    this.out = this.core.compute(value);
    return this.out;
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.core.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.core.reset();
    this.pending = Number.NaN;
    this.has = false;
    this.out = Number.NaN;
  }
}
