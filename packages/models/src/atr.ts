import type { HlcBar, IndicatorStream } from './IndicatorStream.js';
import { atrKernel } from './internal/AtrKernel.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkPeriod, checkSameLength, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { trueRangeOf } from './internal/trueRangeOf.js';

/**
 * Average true range with Wilder smoothing, as TA-Lib's `ATR`: the first value (index `period`) is
 * the plain average of true ranges 1..period, then `atr = atr · (period − 1)/period + tr/period`.
 * (TA-Lib divides at every step; this multiply-add form is faster and agrees with TA-Lib to ~1e-12
 * relative.)
 *
 * Use it for volatility-scaled stops and position sizing (price units: points for futures; multiply
 * by the point value for dollars). ATR/close is a default feature.
 *
 * @param high - bar highs (price units).
 * @param low - bar lows.
 * @param close - bar closes.
 * @param period - Wilder period in bars, an integer ≥ 1 (14 is standard).
 * @param out - optional output buffer of the same length.
 * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_PARAM` / `INDICATOR_BAD_INPUT`.
 *
 * @example
 * ```ts
 * import { atr } from '@minhos/models';
 * const h = Float64Array.from([11, 12, 13, 12]);
 * const l = Float64Array.from([9, 10, 11, 10]);
 * const c = Float64Array.from([10, 11, 12, 11]);
 * atr(h, l, c, 2); // [NaN, NaN, 2, 2]
 * ```
 */
export function atr(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period = 14,
  out?: Float64Array,
): Float64Array {
  checkPeriod('atr', 'period', period);
  const n = checkSameLength('atr', { high, low, close });
  const o = outputBuffer('atr', n, out);
  runKernel(atrKernel(high, low, close, period, o), n);
  return o;
}

/**
 * Streaming {@link atr} (Wilder): O(1) per bar, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { AtrStream } from '@minhos/models';
 * const a = new AtrStream(14);
 * a.next({ high: 11, low: 9, close: 10 }); // NaN until 15 bars
 * ```
 */
export class AtrStream implements IndicatorStream<HlcBar, number> {
  /** Wilder period in bars. */
  readonly period: number;
  private readonly keep: number;
  private readonly gain: number;
  private committed = 0;
  private has = false;
  private prevClose = Number.NaN;
  private acc = 0;
  private pHigh = Number.NaN;
  private pLow = Number.NaN;
  private pClose = Number.NaN;
  private out = Number.NaN;

  /** @param period - Wilder period in bars, an integer ≥ 1. */
  constructor(period = 14) {
    checkPeriod('AtrStream', 'period', period);
    this.period = period;
    this.keep = (period - 1) / period;
    this.gain = 1 / period;
  }

  next(bar: HlcBar): number {
    if (this.has) this.commit(this.pHigh, this.pLow, this.pClose);
    this.has = true;
    return this.set(bar);
  }

  update(bar: HlcBar): number {
    if (!this.has) throw noBarError('AtrStream');
    return this.set(bar);
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
    this.has = false;
    this.prevClose = Number.NaN;
    this.acc = 0;
    this.out = Number.NaN;
  }

  private set(bar: HlcBar): number {
    this.pHigh = bar.high;
    this.pLow = bar.low;
    this.pClose = bar.close;
    const c = this.committed;
    const p = this.period;
    if (c < p) {
      this.out = Number.NaN;
    } else {
      const tr = trueRangeOf(bar.high, bar.low, this.prevClose);
      this.out = c === p ? (this.acc + tr) / p : this.acc * this.keep + tr * this.gain;
    }
    return this.out;
  }

  private commit(high: number, low: number, close: number): void {
    const c = this.committed;
    const p = this.period;
    if (c > 0) {
      const tr = trueRangeOf(high, low, this.prevClose);
      if (c < p) this.acc += tr;
      else if (c === p) this.acc = (this.acc + tr) / p;
      else this.acc = this.acc * this.keep + tr * this.gain;
    }
    this.prevClose = close;
    this.committed = c + 1;
  }
}
