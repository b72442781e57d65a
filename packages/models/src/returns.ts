import type { IndicatorStream } from './IndicatorStream.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';

/** Which kind of return: simple `(x − x₋ₚ)/x₋ₚ` or log `ln(x / x₋ₚ)`. */
export type ReturnKind = 'simple' | 'log';

function fill(
  where: string,
  values: Float64Array,
  period: number,
  log: boolean,
  out?: Float64Array,
): Float64Array {
  checkPeriod(where, 'period', period);
  const n = values.length;
  const o = outputBuffer(where, n, out);
  const warm = Math.min(period, n);
  for (let i = 0; i < warm; i++) o[i] = Number.NaN;
  if (log) {
    for (let i = period; i < n; i++) o[i] = Math.log((values[i] as number) / (values[i - period] as number));
  } else {
    for (let i = period; i < n; i++) {
      const p = values[i - period] as number;
      o[i] = ((values[i] as number) - p) / p;
    }
  }
  return o;
}

/**
 * Simple returns over `period` bars: `(x[i] − x[i−period]) / x[i−period]` (a fraction: 0.01 = 1 %),
 * like Tulip's `roc`. `NaN` before index `period`.
 *
 * @param values - prices (must be non-zero; any unit).
 * @param period - lag in bars, an integer ≥ 1 (default 1).
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { returns } from '@minhos/models';
 * returns(new Float64Array([100, 101, 99.99])); // [NaN, 0.01, -0.01]
 * ```
 */
export function returns(values: Float64Array, period = 1, out?: Float64Array): Float64Array {
  return fill('returns', values, period, false, out);
}

/**
 * Log returns over `period` bars: `ln(x[i] / x[i−period])`; they add up over time, which makes them
 * the usual input of volatility estimates and ML features. `NaN` before index `period`.
 *
 * @param values - prices (must be positive).
 * @param period - lag in bars, an integer ≥ 1 (default 1).
 * @param out - optional output buffer of the same length.
 *
 * @example
 * ```ts
 * import { logReturns } from '@minhos/models';
 * logReturns(new Float64Array([100, 110])); // [NaN, 0.0953…]
 * ```
 */
export function logReturns(values: Float64Array, period = 1, out?: Float64Array): Float64Array {
  return fill('logReturns', values, period, true, out);
}

/**
 * Streaming {@link returns} / {@link logReturns}: O(1) per price, identical numbers to the batch forms.
 *
 * @example
 * ```ts
 * import { ReturnsStream } from '@minhos/models';
 * const r = new ReturnsStream(1, 'log');
 * r.next(100); // NaN
 * r.next(110); // 0.0953…
 * ```
 */
export class ReturnsStream implements IndicatorStream<number, number> {
  /** Lag in bars. */
  readonly period: number;
  /** Simple or log returns. */
  readonly kind: ReturnKind;
  private readonly ring: Float64Array;
  private head = 0;
  private committed = 0;
  private has = false;
  private pending = Number.NaN;
  private out = Number.NaN;

  /**
   * @param period - lag in bars, an integer ≥ 1 (default 1).
   * @param kind - `'simple'` (default) or `'log'`.
   */
  constructor(period = 1, kind: ReturnKind = 'simple') {
    checkPeriod('ReturnsStream', 'period', period);
    this.period = period;
    this.kind = kind;
    this.ring = new Float64Array(period);
  }

  next(price: number): number {
    if (this.has) {
      this.ring[this.head] = this.pending;
      this.head = this.head + 1 === this.period ? 0 : this.head + 1;
      this.committed++;
    }
    this.has = true;
    return this.set(price);
  }

  update(price: number): number {
    if (!this.has) throw noBarError('ReturnsStream');
    return this.set(price);
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
    this.head = 0;
    this.committed = 0;
    this.has = false;
    this.pending = Number.NaN;
    this.out = Number.NaN;
  }

  private set(price: number): number {
    this.pending = price;
    if (this.committed < this.period) {
      this.out = Number.NaN;
    } else {
      // The ring holds the last `period` committed prices; `head` is the oldest: price[i − period].
      const p = this.ring[this.head] as number;
      this.out = this.kind === 'log' ? Math.log(price / p) : (price - p) / p;
    }
    return this.out;
  }
}
