import { MinhosError } from '@minhos/core';
import type { Strategy, StrategyIntent } from './Strategy.js';

/** Parameters of {@link smaCrossoverStrategy}. */
export interface SmaCrossoverStrategyOptions {
  /** Fast SMA length, bars (≥ 1, < `slow`). */
  readonly fast: number;
  /** Slow SMA length, bars. */
  readonly slow: number;
  /** Contracts held long or short after a cross (whole, ≥ 1). */
  readonly quantity: number;
  /** Optional protective bracket, points from the entry. */
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
}

/**
 * The SMA crossover on the {@link Strategy} interface: when the fast SMA of closes crosses above
 * the slow one (strictly below at the previous bar, strictly above now) the target becomes
 * `+quantity`, below → `−quantity` (close and reverse), the rule of backtesting.py's `SmaCross`.
 * SMAs come from @minhos/models' `SmaStream`.
 *
 * @example
 * ```ts
 * import { smaCrossoverStrategy } from '@minhos/engine';
 * const s = smaCrossoverStrategy({ fast: 10, slow: 20, quantity: 1 });
 * s.indicators; // { fast: { kind: 'sma', period: 10 }, slow: { kind: 'sma', period: 20 } }
 * ```
 */
/** What a bar without a cross returns (shared: no array per bar). */
const NO_INTENTS: readonly StrategyIntent[] = Object.freeze([]);

export function smaCrossoverStrategy(options: SmaCrossoverStrategyOptions): Strategy {
  const { fast, slow, quantity } = options;
  if (!(Number.isInteger(fast) && Number.isInteger(slow) && fast >= 1 && fast < slow)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `smaCrossoverStrategy: need whole lengths 1 ≤ fast < slow, got fast ${fast}, slow ${slow}`,
    );
  }
  if (!(Number.isInteger(quantity) && quantity >= 1)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `smaCrossoverStrategy: quantity must be a whole number ≥ 1, got ${quantity}`,
    );
  }
  return {
    name: `sma-crossover(${fast},${slow})`,
    indicators: { fast: { kind: 'sma', period: fast }, slow: { kind: 'sma', period: slow } },
    historyBars: 1,
    onBar(ctx) {
      const f = ctx.indicators.value('fast');
      const s = ctx.indicators.value('slow');
      const pf = ctx.indicators.previous('fast');
      const ps = ctx.indicators.previous('slow');
      const sign = pf < ps && f > s ? 1 : ps < pf && s > f ? -1 : 0;
      if (sign === 0) return NO_INTENTS;
      return [
        {
          instrumentId: ctx.instrumentId,
          target: sign * quantity,
          confidence: 1,
          reason: `SMA(${fast}) crossed ${sign > 0 ? 'above' : 'below'} SMA(${slow}): ${f.toFixed(4)} vs ${s.toFixed(4)}`,
          ...(options.bracket === undefined ? {} : { bracket: options.bracket }),
        },
      ];
    },
  };
}
