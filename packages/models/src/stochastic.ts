import type { HlcBar, IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkPeriod, checkSameLength, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { RollingExtreme } from './internal/RollingExtreme.js';
import { rawK, stochasticKernel } from './internal/StochasticKernel.js';
import { SmaStream } from './sma.js';

/** Settings of {@link stochastic} (all in bars). */
export interface StochasticOptions {
  /** Look-back of the raw %K high/low range (default 14). */
  readonly kPeriod?: number;
  /** SMA smoothing of raw %K giving the slow %K (default 3; 1 = fast stochastic). */
  readonly kSmoothing?: number;
  /** SMA of %K giving %D (default 3). */
  readonly dPeriod?: number;
}

/** %K and %D, each as long as the input (`NaN` during the warm-up), in [0, 100]. */
export interface StochasticResult {
  readonly k: Float64Array;
  readonly d: Float64Array;
}

/** One bar's %K and %D. */
export interface StochasticValue {
  readonly k: number;
  readonly d: number;
}

function settings(where: string, options: StochasticOptions): [number, number, number] {
  const kPeriod = options.kPeriod ?? 14;
  const kSmoothing = options.kSmoothing ?? 3;
  const dPeriod = options.dPeriod ?? 3;
  checkPeriod(where, 'kPeriod', kPeriod);
  checkPeriod(where, 'kSmoothing', kSmoothing);
  checkPeriod(where, 'dPeriod', dPeriod);
  return [kPeriod, kSmoothing, dPeriod];
}

/**
 * Stochastic oscillator (slow by default), as TA-Lib's `STOCH` with SMA smoothing: raw %K =
 * 100 · (close − lowest low) / (highest high − lowest low) over `kPeriod` bars, %K = SMA of raw %K
 * over `kSmoothing`, %D = SMA of %K over `dPeriod`. %K starts at index `kPeriod + kSmoothing − 2`,
 * %D at `kPeriod + kSmoothing + dPeriod − 3` (TA-Lib starts both at the latter).
 *
 * Use it as a bounded oscillator of where the close sits in the recent range. O(n) with monotonic
 * deques for the rolling extremes.
 *
 * @param high - bar highs (price units).
 * @param low - bar lows.
 * @param close - bar closes.
 * @param options - periods (default 14/3/3).
 * @param out - optional output buffers of the input's length.
 *
 * @example
 * ```ts
 * import { stochastic } from '@minhos/models';
 * const h = Float64Array.from({ length: 30 }, (_, i) => 101 + Math.sin(i));
 * const l = h.map((x) => x - 2);
 * const c = h.map((x) => x - 1);
 * const { k, d } = stochastic(h, l, c, { kPeriod: 5, kSmoothing: 3, dPeriod: 3 });
 * ```
 */
export function stochastic(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  options: StochasticOptions = {},
  out: Partial<StochasticResult> = {},
): StochasticResult {
  const [kp, ks, dp] = settings('stochastic', options);
  const n = checkSameLength('stochastic', { high, low, close });
  const k = outputBuffer('stochastic', n, out.k, 'k');
  const d = outputBuffer('stochastic', n, out.d, 'd');
  runKernel(stochasticKernel(high, low, close, [kp, ks, dp], k, d), n);
  return { k, d };
}

const NAN_STOCH: StochasticValue = Object.freeze({ k: Number.NaN, d: Number.NaN });

/**
 * Streaming {@link stochastic}: amortised O(1) per bar, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { StochasticStream } from '@minhos/models';
 * const s = new StochasticStream({ kPeriod: 14 });
 * s.next({ high: 101, low: 99, close: 100 }).k; // NaN during the warm-up
 * ```
 */
export class StochasticStream implements IndicatorStream<HlcBar, StochasticValue> {
  /** Look-back of the raw %K range. */
  readonly kPeriod: number;
  /** SMA smoothing of raw %K. */
  readonly kSmoothing: number;
  private readonly hi: RollingExtreme;
  private readonly lo: RollingExtreme;
  private readonly kSma: SmaStream;
  private readonly dSma: SmaStream;
  private has = false;
  private pHigh = Number.NaN;
  private pLow = Number.NaN;
  private out: StochasticValue = NAN_STOCH;

  /** @param options - periods (default 14/3/3). */
  constructor(options: StochasticOptions = {}) {
    const [kp, ks, dp] = settings('StochasticStream', options);
    this.kPeriod = kp;
    this.kSmoothing = ks;
    this.hi = new RollingExtreme(kp, true);
    this.lo = new RollingExtreme(kp, false);
    this.kSma = new SmaStream(ks);
    this.dSma = new SmaStream(dp);
  }

  next(bar: HlcBar): StochasticValue {
    if (this.has) {
      this.hi.commit(this.pHigh);
      this.lo.commit(this.pLow);
    }
    this.has = true;
    return this.set(bar, false);
  }

  update(bar: HlcBar): StochasticValue {
    if (!this.has) throw noBarError('StochasticStream');
    return this.set(bar, true);
  }

  get value(): StochasticValue {
    return this.out;
  }

  get count(): number {
    return this.has ? this.hi.committed + 1 : 0;
  }

  get ready(): boolean {
    return !Number.isNaN(this.out.d);
  }

  reset(): void {
    this.hi.reset();
    this.lo.reset();
    this.kSma.reset();
    this.dSma.reset();
    this.has = false;
    this.pHigh = Number.NaN;
    this.pLow = Number.NaN;
    this.out = NAN_STOCH;
  }

  private set(bar: HlcBar, revise: boolean): StochasticValue {
    this.pHigh = bar.high;
    this.pLow = bar.low;
    if (this.hi.committed < this.kPeriod - 1) {
      this.out = NAN_STOCH;
      return this.out;
    }
    const raw = rawK(bar.close, this.hi.compute(bar.high), this.lo.compute(bar.low));
    const k = revise ? this.kSma.update(raw) : this.kSma.next(raw);
    let d = Number.NaN;
    if (this.hi.committed >= this.kPeriod + this.kSmoothing - 2)
      d = revise ? this.dSma.update(k) : this.dSma.next(k);
    this.out = { k, d };
    return this.out;
  }
}
