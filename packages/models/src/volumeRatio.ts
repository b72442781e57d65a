import type { IndicatorStream } from './IndicatorStream.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { SmaStream } from './sma.js';

/** Settings of {@link volumeRatio}. */
export interface VolumeRatioOptions {
  /** Short average length in bars (default 1 = the bar's own volume). */
  readonly fast?: number;
  /** Long average length in bars (default 20); must be ≥ `fast`. */
  readonly slow?: number;
}

function settings(where: string, options: VolumeRatioOptions): [number, number] {
  const fast = options.fast ?? 1;
  const slow = options.slow ?? 20;
  checkPeriod(where, 'fast', fast);
  checkPeriod(where, 'slow', slow, fast);
  return [fast, slow];
}

/**
 * Relative volume: SMA(volume, fast) / SMA(volume, slow), both windows ending at the current bar.
 * 1 = average activity, 2 = twice the usual volume. `NaN` before index `slow − 1` and when the slow
 * average is 0.
 *
 * Use `fast: 5, slow: 20` for the original MinhOS "volume trend" (> 1.2 rising, < 0.8 falling);
 * the default feature uses `ln((v + 1) / (SMA20 + 1))`.
 *
 * @param volume - bar volumes (contracts or shares).
 * @param options - `fast` (default 1) and `slow` (default 20).
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { volumeRatio } from '@minhos/models';
 * volumeRatio(new Float64Array([10, 10, 40]), { slow: 3 }); // [NaN, NaN, 2]
 * ```
 */
export function volumeRatio(
  volume: Float64Array,
  options: VolumeRatioOptions = {},
  out?: Float64Array,
): Float64Array {
  const [fast, slow] = settings('volumeRatio', options);
  const n = volume.length;
  const o = outputBuffer('volumeRatio', n, out);
  let fs = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = volume[i] as number;
    fs += v;
    ss += v;
    const f = fs / fast;
    const s = ss / slow;
    if (i >= fast - 1) fs -= volume[i - fast + 1] as number;
    if (i >= slow - 1) {
      ss -= volume[i - slow + 1] as number;
      o[i] = s !== 0 ? f / s : Number.NaN;
    } else {
      o[i] = Number.NaN;
    }
  }
  return o;
}

/**
 * Streaming {@link volumeRatio}: O(1) per bar, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { VolumeRatioStream } from '@minhos/models';
 * const vr = new VolumeRatioStream({ fast: 5, slow: 20 });
 * vr.next(1200); // NaN until 20 bars
 * ```
 */
export class VolumeRatioStream implements IndicatorStream<number, number> {
  private readonly fastSma: SmaStream;
  private readonly slowSma: SmaStream;
  private out = Number.NaN;

  /** @param options - `fast` (default 1) and `slow` (default 20). */
  constructor(options: VolumeRatioOptions = {}) {
    const [fast, slow] = settings('VolumeRatioStream', options);
    this.fastSma = new SmaStream(fast);
    this.slowSma = new SmaStream(slow);
  }

  next(volume: number): number {
    return this.set(this.fastSma.next(volume), this.slowSma.next(volume));
  }

  update(volume: number): number {
    if (this.count === 0) throw noBarError('VolumeRatioStream');
    return this.set(this.fastSma.update(volume), this.slowSma.update(volume));
  }

  get value(): number {
    return this.out;
  }

  get count(): number {
    return this.slowSma.count;
  }

  get ready(): boolean {
    return this.slowSma.ready;
  }

  reset(): void {
    this.fastSma.reset();
    this.slowSma.reset();
    this.out = Number.NaN;
  }

  private set(f: number, s: number): number {
    this.out = Number.isNaN(s) || s === 0 ? Number.NaN : f / s;
    return this.out;
  }
}
