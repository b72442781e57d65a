import { MinhosError } from '@minhos/core';
import type { ReplayBar, ReplayStrategy } from './backtestingPyReplay.js';

/** Parameters of {@link smaCrossover}. */
export interface SmaCrossoverOptions {
  /** Fast SMA length, bars (≥ 1, < `slow`). */
  readonly fast: number;
  /** Slow SMA length, bars. */
  readonly slow: number;
  /** Order size: a fraction in (0, 1) of available margin, or whole units ≥ 1. */
  readonly size: number;
}

/** Simple moving average of closes; NaN until `length` values exist (pandas `rolling(n).mean()`). */
export function simpleMovingAverage(values: readonly number[], length: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  for (let i = length - 1; i < values.length; i++) {
    let sum = 0;
    for (let k = i - length + 1; k <= i; k++) sum += values[k] as number;
    out[i] = sum / length;
  }
  return out;
}

// backtesting.py's warm-up: argmin(isnan) per indicator, which is 0 when nothing is defined.
function firstDefined(values: Float64Array): number {
  const i = values.findIndex((v) => !Number.isNaN(v));
  return Math.max(i, 0);
}

/**
 * The SMA crossover of backtesting.py's documentation (`SmaCross`): when the fast SMA of closes
 * crosses above the slow one (below at the previous bar, above now), close the position and buy;
 * when it crosses below, close and sell. Strict comparisons, so touching is not crossing.
 *
 * @example
 * ```ts
 * import { smaCrossover } from '@minhos/engine';
 * const bars = [1, 2, 3, 2, 1].map((close, i) => ({ time: i, open: close, close }));
 * smaCrossover(bars, { fast: 2, slow: 3, size: 0.5 }).warmupBars; // 2
 * ```
 */
export function smaCrossover(bars: readonly ReplayBar[], options: SmaCrossoverOptions): ReplayStrategy {
  const { fast, slow, size } = options;
  if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && fast < slow)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `smaCrossover: need whole lengths 1 ≤ fast < slow, got fast ${fast}, slow ${slow}`,
    );
  }
  const closes = bars.map((b) => b.close);
  const f = simpleMovingAverage(closes, fast);
  const s = simpleMovingAverage(closes, slow);
  const above = (a: Float64Array, b: Float64Array, i: number): boolean =>
    (a[i - 1] as number) < (b[i - 1] as number) && (a[i] as number) > (b[i] as number);
  return {
    warmupBars: Math.max(firstDefined(f), firstDefined(s)),
    onBar(i, ctx) {
      if (above(f, s, i)) {
        ctx.closePosition();
        ctx.buy(size);
      } else if (above(s, f, i)) {
        ctx.closePosition();
        ctx.sell(size);
      }
    },
  };
}
