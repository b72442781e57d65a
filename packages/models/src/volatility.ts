import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { checkFinite, checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { RollingMoments } from './internal/RollingMoments.js';
import { volatilityKernel } from './internal/VolatilityKernel.js';

/** Settings of {@link volatility}. */
export interface VolatilityOptions {
  /** Number of log returns in the window (default 20). */
  readonly period?: number;
  /** Delta degrees of freedom: 1 = sample standard deviation (default, as pandas), 0 = population. */
  readonly ddof?: 0 | 1;
  /**
   * Bars per year to annualise with √annualization (e.g. 252 for daily bars); default 1 = per-bar
   * volatility.
   */
  readonly annualization?: number;
}

function settings(where: string, options: VolatilityOptions): [number, number, number] {
  const period = options.period ?? 20;
  const ddof = options.ddof ?? 1;
  const ann = options.annualization ?? 1;
  checkPeriod(where, 'period', period, ddof + 1);
  checkFinite(where, 'annualization', ann, true);
  return [period, ddof, Math.sqrt(ann)];
}

/**
 * Rolling volatility: the standard deviation of the last `period` one-bar log returns (a fraction
 * per bar, or per year with `annualization`). The first value is at index `period` (it needs
 * `period + 1` prices).
 *
 * Use it for regime detection and volatility targeting. Sliding Welford update (see
 * {@link stddev}), O(n).
 *
 * @param close - prices (positive).
 * @param options - period (default 20), ddof (default 1), annualization (default 1).
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { volatility } from '@minhos/models';
 * const closes = Float64Array.from({ length: 60 }, (_, i) => 100 * Math.exp(0.01 * Math.sin(i)));
 * volatility(closes, { period: 20, annualization: 252 }); // annualised, first at index 20
 * ```
 */
export function volatility(
  close: Float64Array,
  options: VolatilityOptions = {},
  out?: Float64Array,
): Float64Array {
  const [period, ddof, scale] = settings('volatility', options);
  const n = close.length;
  const o = outputBuffer('volatility', n, out);
  runKernel(volatilityKernel(close, [period, ddof, scale], new Float64Array(Math.max(n - 1, 0)), o), n);
  return o;
}

/**
 * The settings of {@link volatility} as `[period, ddof, √annualization]`, validated.
 *
 * @internal Shared with the feature pipeline's batch path; not exported from the package.
 */
export function volatilitySettings(options: VolatilityOptions): [number, number, number] {
  return settings('volatility', options);
}

/**
 * Streaming {@link volatility}: O(1) per price, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { VolatilityStream } from '@minhos/models';
 * const v = new VolatilityStream({ period: 20 });
 * v.next(100); // NaN until 21 prices
 * ```
 */
export class VolatilityStream implements IndicatorStream<number, number> {
  /** Number of returns in the window. */
  readonly period: number;
  private readonly ddof: number;
  private readonly scale: number;
  private readonly mom: RollingMoments;
  private committed = 0;
  private has = false;
  private prevClose = Number.NaN;
  private pending = Number.NaN;
  private out = Number.NaN;

  /** @param options - period (default 20), ddof (default 1), annualization (default 1). */
  constructor(options: VolatilityOptions = {}) {
    [this.period, this.ddof, this.scale] = settings('VolatilityStream', options);
    this.mom = new RollingMoments(this.period);
  }

  next(close: number): number {
    if (this.has) {
      if (this.committed > 0) this.mom.commit(Math.log(this.pending / this.prevClose));
      this.prevClose = this.pending;
      this.committed++;
    }
    this.has = true;
    return this.set(close);
  }

  update(close: number): number {
    if (!this.has) throw noBarError('VolatilityStream');
    return this.set(close);
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
    this.mom.reset();
    this.committed = 0;
    this.has = false;
    this.prevClose = Number.NaN;
    this.pending = Number.NaN;
    this.out = Number.NaN;
  }

  private set(close: number): number {
    this.pending = close;
    if (this.committed === 0) {
      this.out = Number.NaN;
    } else {
      const r = Math.log(close / this.prevClose);
      this.out = this.mom.compute(r)
        ? Math.sqrt(Math.max(this.mom.m2Out, 0) / (this.period - this.ddof)) * this.scale
        : Number.NaN;
    }
    return this.out;
  }
}
