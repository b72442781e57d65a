import type { SignalMember } from '@minhos/engine';

/** Indicator names {@link smaCrossoverMember} reads from the context's indicator view. */
export const SMA_FAST = 'smaFast';
/** See {@link SMA_FAST}. */
export const SMA_SLOW = 'smaSlow';

/**
 * The SMA crossover as a fusion member named `sma-crossover`: long while the fast SMA of closes is
 * above the slow one, short while below (the view a crossover strategy holds between crosses),
 * confidence 1 (a rule, not a probability, as the engine's `smaCrossoverStrategy`). The SMAs are
 * the context's indicators {@link SMA_FAST} and {@link SMA_SLOW} (declare them in the
 * `IndicatorBook`); during their warm-up the member is `warming_up` and weighs 0.
 *
 * @example
 * ```ts
 * import { smaCrossoverMember } from '@minhos/server';
 * smaCrossoverMember(10, 30).name; // 'sma-crossover'
 * ```
 */
export function smaCrossoverMember(fast: number, slow: number): SignalMember {
  return {
    name: 'sma-crossover',
    historyBars: 1,
    evaluate(ctx) {
      const f = ctx.indicators.value(SMA_FAST);
      const s = ctx.indicators.value(SMA_SLOW);
      if (!(Number.isFinite(f) && Number.isFinite(s))) {
        return {
          name: 'sma-crossover',
          state: 'warming_up',
          direction: 0,
          confidence: 0,
          reason: `SMA(${fast})/SMA(${slow}) not defined yet`,
        };
      }
      const direction = f > s ? 1 : f < s ? -1 : 0;
      return {
        name: 'sma-crossover',
        state: 'active',
        direction,
        confidence: direction === 0 ? 0 : 1,
        reason:
          direction === 0
            ? `SMA(${fast}) = SMA(${slow}) = ${f.toFixed(4)}: no view`
            : `SMA(${fast}) ${f.toFixed(4)} ${direction > 0 ? 'above' : 'below'} SMA(${slow}) ${s.toFixed(4)}`,
        details: { smaFast: f, smaSlow: s, fast, slow, spread: f - s },
      };
    },
  };
}
