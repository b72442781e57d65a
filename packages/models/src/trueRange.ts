import type { HlcBar, IndicatorStream } from './IndicatorStream.js';
import { checkSameLength, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { trueRangeOf } from './internal/trueRangeOf.js';

/**
 * True range, as TA-Lib's `TRANGE`: max(high, prevClose) − min(low, prevClose), so gaps
 * count as range. The first value is at index 1 (it needs a previous close).
 *
 * Use it as the per-bar volatility unit (points); {@link atr} smooths it.
 *
 * @param high - bar highs (price units).
 * @param low - bar lows.
 * @param close - bar closes.
 * @param out - optional output buffer of the same length.
 * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_INPUT` when the columns differ in length.
 *
 * @example
 * ```ts
 * import { trueRange } from '@minhos/models';
 * const f = (...v: number[]) => Float64Array.from(v);
 * trueRange(f(10, 12), f(9, 11.5), f(9.5, 12)); // [NaN, 2.5] — the gap from 9.5 counts
 * ```
 */
export function trueRange(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  out?: Float64Array,
): Float64Array {
  const n = checkSameLength('trueRange', { high, low, close });
  const o = outputBuffer('trueRange', n, out);
  if (n > 0) o[0] = Number.NaN;
  for (let i = 1; i < n; i++) {
    o[i] = trueRangeOf(high[i] as number, low[i] as number, close[i - 1] as number);
  }
  return o;
}

/**
 * Streaming {@link trueRange}: O(1) per bar, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { TrueRangeStream } from '@minhos/models';
 * const tr = new TrueRangeStream();
 * tr.next({ high: 10, low: 9, close: 9.5 }); // NaN
 * tr.next({ high: 12, low: 11.5, close: 12 }); // 2.5
 * ```
 */
export class TrueRangeStream implements IndicatorStream<HlcBar, number> {
  private committed = 0;
  private has = false;
  private prevClose = Number.NaN;
  private pendingClose = Number.NaN;
  private out = Number.NaN;

  next(bar: HlcBar): number {
    if (this.has) {
      this.prevClose = this.pendingClose;
      this.committed++;
    }
    this.has = true;
    return this.set(bar);
  }

  update(bar: HlcBar): number {
    if (!this.has) throw noBarError('TrueRangeStream');
    return this.set(bar);
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count >= 2;
  }

  reset(): void {
    this.committed = 0;
    this.has = false;
    this.prevClose = Number.NaN;
    this.pendingClose = Number.NaN;
    this.out = Number.NaN;
  }

  private set(bar: HlcBar): number {
    this.pendingClose = bar.close;
    this.out = this.committed > 0 ? trueRangeOf(bar.high, bar.low, this.prevClose) : Number.NaN;
    return this.out;
  }
}
