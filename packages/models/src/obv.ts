import type { IndicatorStream } from './IndicatorStream.js';
import { checkSameLength, noBarError, outputBuffer } from './internal/indicatorArgs.js';

/** Close and volume of one bar. */
export interface CloseVolumeBar {
  readonly close: number;
  readonly volume: number;
}

/**
 * On-balance volume as TA-Lib's `OBV`: starts at the first bar's volume, then adds the volume of an
 * up-close bar and subtracts that of a down-close bar (unchanged close: unchanged OBV). Defined from
 * index 0. Only its changes carry information (Tulip starts at 0, Lean at the first volume).
 *
 * @param close - closes (any price unit).
 * @param volume - volumes (contracts or shares); the output is in the same unit.
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { obv } from '@minhos/models';
 * obv(Float64Array.from([10, 11, 10.5]), Float64Array.from([100, 200, 50])); // [100, 300, 250]
 * ```
 */
export function obv(close: Float64Array, volume: Float64Array, out?: Float64Array): Float64Array {
  const n = checkSameLength('obv', { close, volume });
  const o = outputBuffer('obv', n, out);
  if (n === 0) return o;
  let acc = volume[0] as number;
  let prev = close[0] as number;
  o[0] = acc;
  for (let i = 1; i < n; i++) {
    const c = close[i] as number;
    if (c > prev) acc += volume[i] as number;
    else if (c < prev) acc -= volume[i] as number;
    prev = c;
    o[i] = acc;
  }
  return o;
}

/**
 * Streaming {@link obv}: O(1) per bar, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { ObvStream } from '@minhos/models';
 * const o = new ObvStream();
 * o.next({ close: 10, volume: 100 }); // 100
 * o.next({ close: 11, volume: 200 }); // 300
 * ```
 */
export class ObvStream implements IndicatorStream<CloseVolumeBar, number> {
  private committed = 0;
  private has = false;
  private acc = 0;
  private prevClose = Number.NaN;
  private pClose = Number.NaN;
  private pVolume = Number.NaN;
  private out = Number.NaN;

  next(bar: CloseVolumeBar): number {
    if (this.has) {
      this.acc = this.step(this.pClose, this.pVolume);
      this.prevClose = this.pClose;
      this.committed++;
    }
    this.has = true;
    return this.set(bar);
  }

  update(bar: CloseVolumeBar): number {
    if (!this.has) throw noBarError('ObvStream');
    return this.set(bar);
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.has ? this.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.has;
  }

  reset(): void {
    this.committed = 0;
    this.has = false;
    this.acc = 0;
    this.prevClose = Number.NaN;
    this.pClose = Number.NaN;
    this.pVolume = Number.NaN;
    this.out = Number.NaN;
  }

  private step(close: number, volume: number): number {
    if (this.committed === 0) return volume;
    if (close > this.prevClose) return this.acc + volume;
    if (close < this.prevClose) return this.acc - volume;
    return this.acc;
  }

  private set(bar: CloseVolumeBar): number {
    this.pClose = bar.close;
    this.pVolume = bar.volume;
    this.out = this.step(bar.close, bar.volume);
    return this.out;
  }
}
