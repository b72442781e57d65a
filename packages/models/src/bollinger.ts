import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { bollingerKernel } from './internal/BollingerKernel.js';
import { checkFinite, checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { RollingMoments } from './internal/RollingMoments.js';
import { SmaStream } from './sma.js';

/** Bollinger band settings. */
export interface BollingerOptions {
  /** Window length in bars (default 20). */
  readonly period?: number;
  /** Band width in population standard deviations (default 2). */
  readonly multiplier?: number;
}

/** The three bands, each as long as the input (`NaN` before index `period - 1`), price units. */
export interface BollingerResult {
  readonly upper: Float64Array;
  readonly middle: Float64Array;
  readonly lower: Float64Array;
}

/** One bar's bands (price units). */
export interface BollingerValue {
  readonly upper: number;
  readonly middle: number;
  readonly lower: number;
}

function settings(where: string, options: BollingerOptions): [number, number] {
  const period = options.period ?? 20;
  const multiplier = options.multiplier ?? 2;
  checkPeriod(where, 'period', period);
  checkFinite(where, 'multiplier', multiplier);
  return [period, multiplier];
}

/**
 * Bollinger bands as TA-Lib's `BBANDS(period, k, k, SMA)`: middle = SMA, upper/lower = middle ±
 * k · population standard deviation.
 *
 * Use it for mean-reversion and volatility regimes; %B = (close − lower)/(upper − lower) is a default
 * feature. O(n), no allocation besides the outputs. See {@link stddev} for the numerics.
 *
 * @param values - closes (any price unit).
 * @param options - period (default 20) and multiplier (default 2).
 * @param out - optional output buffers of the input's length.
 *
 * @example
 * ```ts
 * import { bollinger } from '@minhos/models';
 * const closes = Float64Array.from({ length: 30 }, (_, i) => 100 + (i % 3));
 * const { upper, middle, lower } = bollinger(closes); // first values at index 19
 * ```
 */
export function bollinger(
  values: Float64Array,
  options: BollingerOptions = {},
  out: Partial<BollingerResult> = {},
): BollingerResult {
  const [period, k] = settings('bollinger', options);
  const n = values.length;
  const up = outputBuffer('bollinger', n, out.upper, 'upper');
  const mid = outputBuffer('bollinger', n, out.middle, 'middle');
  const lo = outputBuffer('bollinger', n, out.lower, 'lower');
  runKernel(bollingerKernel(values, period, k, up, mid, lo), n);
  return { upper: up, middle: mid, lower: lo };
}

const NAN_BANDS: BollingerValue = Object.freeze({ upper: Number.NaN, middle: Number.NaN, lower: Number.NaN });

/**
 * Streaming {@link bollinger}: O(1) per close, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { BollingerStream } from '@minhos/models';
 * const bb = new BollingerStream({ period: 20, multiplier: 2 });
 * bb.next(100).middle; // NaN until 20 closes
 * ```
 */
export class BollingerStream implements IndicatorStream<number, BollingerValue> {
  /** Window length in bars. */
  readonly period: number;
  /** Band width in standard deviations. */
  readonly multiplier: number;
  private readonly sma: SmaStream;
  private readonly mom: RollingMoments;
  private pending = Number.NaN;
  private has = false;
  private out: BollingerValue = NAN_BANDS;

  /** @param options - period (default 20) and multiplier (default 2). */
  constructor(options: BollingerOptions = {}) {
    [this.period, this.multiplier] = settings('BollingerStream', options);
    this.sma = new SmaStream(this.period);
    this.mom = new RollingMoments(this.period);
  }

  next(close: number): BollingerValue {
    if (this.has) this.mom.commit(this.pending);
    this.has = true;
    return this.set(close, this.sma.next(close));
  }

  update(close: number): BollingerValue {
    if (!this.has) throw noBarError('BollingerStream');
    return this.set(close, this.sma.update(close));
  }

  get value(): BollingerValue {
    return this.out;
  }

  get count(): number {
    return this.sma.count;
  }

  get ready(): boolean {
    return this.count >= this.period;
  }

  reset(): void {
    this.sma.reset();
    this.mom.reset();
    this.pending = Number.NaN;
    this.has = false;
    this.out = NAN_BANDS;
  }

  private set(close: number, middle: number): BollingerValue {
    this.pending = close;
    if (!this.mom.compute(close)) {
      this.out = NAN_BANDS;
    } else {
      const w = Math.sqrt(Math.max(this.mom.m2Out, 0) / this.period) * this.multiplier;
      this.out = { upper: middle + w, middle, lower: middle - w };
    }
    return this.out;
  }
}
