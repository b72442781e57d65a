import { MinhosError } from '@minhos/core';
import type { Strategy } from './Strategy.js';
import { actionDirection, traditionalTaSignal } from './traditionalTaSignal.js';

/** Parameters of {@link traditionalTaStrategy}. */
export interface TraditionalTaStrategyOptions {
  /** Contracts held in the signal's direction (whole, ≥ 1). */
  readonly quantity: number;
  /** Bars the rules look at (≥ 20; default 20). */
  readonly window?: number;
  /** Go flat on HOLD (default false: keep the position until the opposite signal). */
  readonly flatOnHold?: boolean;
}

/**
 * The original's traditional TA rules ({@link traditionalTaSignal}) as a {@link Strategy}: the
 * target is `±quantity` in the signal's direction, with the signal's confidence and a bracket from
 * its target/stop (+1 % / −0.5 % of the close).
 *
 * @example
 * ```ts
 * import { traditionalTaStrategy } from '@minhos/engine';
 * traditionalTaStrategy({ quantity: 1 }).historyBars; // 20
 * ```
 */
export function traditionalTaStrategy(options: TraditionalTaStrategyOptions): Strategy {
  const window = options.window ?? 20;
  if (!(Number.isInteger(window) && window >= 20)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `traditionalTaStrategy: window must be a whole number ≥ 20, got ${window}`,
    );
  }
  if (!(Number.isInteger(options.quantity) && options.quantity >= 1)) {
    throw new MinhosError(
      'INVALID_STRATEGY',
      `traditionalTaStrategy: quantity must be a whole number ≥ 1, got ${options.quantity}`,
    );
  }
  return {
    name: 'traditional-ta',
    indicators: {},
    historyBars: window,
    onBar(ctx) {
      if (ctx.history.length < window) return [];
      const s = traditionalTaSignal(ctx.history.closes(), ctx.history.volumes());
      const dir = actionDirection(s.action);
      if (dir === 0 && options.flatOnHold !== true) return [];
      const target = dir * options.quantity;
      if (target === ctx.position + ctx.pending) return [];
      const close = ctx.bar.close;
      return [
        {
          instrumentId: ctx.instrumentId,
          target,
          confidence: s.confidence,
          reason: `${s.action}: ${s.reason}`,
          ...(dir === 0
            ? {}
            : {
                bracket: {
                  stopLossPoints: Math.abs(close - s.stopPrice),
                  takeProfitPoints: Math.abs(s.targetPrice - close),
                },
              }),
        },
      ];
    },
  };
}
