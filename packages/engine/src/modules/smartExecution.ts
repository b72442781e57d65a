import type { Side, TimestampUs } from '@minhos/core';

/** Parameters of {@link planExecution} (config `modules.smartExecution`). */
export interface SmartExecutionParams {
  readonly orderType: 'market' | 'marketable_limit';
  readonly limitOffsetTicks: number;
  readonly maxSlippageTicks: number;
  readonly chaseSeconds: number;
  readonly chaseAction: 'chase' | 'cancel';
  readonly maxChases: number;
  readonly maxChildContracts: number;
}

/** The defaults, equal to config's `modules.smartExecution` defaults. */
export const DEFAULT_SMART_EXECUTION_PARAMS: SmartExecutionParams = Object.freeze({
  orderType: 'marketable_limit',
  limitOffsetTicks: 1,
  maxSlippageTicks: 4,
  chaseSeconds: 60,
  chaseAction: 'cancel',
  maxChases: 2,
  maxChildContracts: 2,
});

/** One child order of a plan. */
export interface PlannedChild {
  readonly type: 'MARKET' | 'LIMIT';
  readonly quantity: number;
  readonly limitPrice?: number;
}

/** How an entry goes out, or why it does not. */
export type ExecutionPlan =
  | { readonly send: true; readonly children: readonly PlannedChild[]; readonly reason: string }
  | { readonly send: false; readonly reason: string; readonly slippageTicks: number };

/** What the plan is made from. */
export interface ExecutionRequest {
  readonly side: Side;
  /** Contracts (whole, ≥ 1). */
  readonly quantity: number;
  /** Price at the decision (the bar close the signal came from). */
  readonly decisionPrice: number;
  /** Last traded price now. */
  readonly lastPrice: number;
  readonly tickSize: number;
  /** Whether the order only reduces the position: those always go at market, unsplit. */
  readonly reduceOnly: boolean;
}

/**
 * How an intent becomes orders. Risk-reducing orders go at market in one piece (an exit is never
 * left unfilled). An entry whose last price has moved more than `maxSlippageTicks` against the
 * decision price is not sent; otherwise it is split into children of at most `maxChildContracts`,
 * each a market order or a marketable limit `limitOffsetTicks` through the last price (buy above,
 * sell below). Pure.
 *
 * @example
 * ```ts
 * import { DEFAULT_SMART_EXECUTION_PARAMS, planExecution } from '@minhos/engine';
 * planExecution({ side: 'BUY', quantity: 3, decisionPrice: 100, lastPrice: 100, tickSize: 0.25, reduceOnly: false }, DEFAULT_SMART_EXECUTION_PARAMS);
 * // children: LIMIT 2 @ 100.25, LIMIT 1 @ 100.25
 * ```
 */
export function planExecution(req: ExecutionRequest, params: SmartExecutionParams): ExecutionPlan {
  if (req.reduceOnly) {
    return {
      send: true,
      children: [{ type: 'MARKET', quantity: req.quantity }],
      reason: 'reduces risk: one market order',
    };
  }
  const s = req.side === 'BUY' ? 1 : -1;
  const slippageTicks = (s * (req.lastPrice - req.decisionPrice)) / req.tickSize;
  if (slippageTicks > params.maxSlippageTicks + 1e-9) {
    return {
      send: false,
      slippageTicks,
      reason: `price moved ${slippageTicks.toFixed(1)} ticks against the decision price (> ${params.maxSlippageTicks}): not sent`,
    };
  }
  const children: PlannedChild[] = [];
  const size = Math.max(1, params.maxChildContracts);
  const limitPrice = req.lastPrice + s * params.limitOffsetTicks * req.tickSize;
  for (let left = req.quantity; left > 0; left -= size) {
    const q = Math.min(size, left);
    children.push(
      params.orderType === 'market'
        ? { type: 'MARKET', quantity: q }
        : { type: 'LIMIT', quantity: q, limitPrice },
    );
  }
  return {
    send: true,
    children,
    reason: `${children.length} × ${params.orderType === 'market' ? 'market' : `limit @ ${limitPrice}`} (max ${size} per child)`,
  };
}

/** Implementation shortfall of one fill, against the decision price. */
export interface FillShortfall {
  readonly clientOrderId: string;
  readonly time: TimestampUs;
  readonly side: Side;
  readonly quantity: number;
  readonly decisionPrice: number;
  readonly fillPrice: number;
  /** Points per contract paid over the decision price (> 0 a cost, < 0 an improvement). */
  readonly points: number;
  /** Currency: points × quantity × point value. */
  readonly cost: number;
}

/**
 * The implementation shortfall of a fill: `(fill − decision) × side` in points per contract, and
 * in currency over the fill's quantity. Pure.
 *
 * @example
 * ```ts
 * import { fillShortfall } from '@minhos/engine';
 * fillShortfall({ clientOrderId: 'a', time: 0, side: 'BUY', quantity: 2, price: 100.5 }, 100, 50).cost; // 50
 * ```
 */
export function fillShortfall(
  fill: {
    readonly clientOrderId: string;
    readonly time: TimestampUs;
    readonly side: Side;
    readonly quantity: number;
    readonly price: number;
  },
  decisionPrice: number,
  pointValue: number,
): FillShortfall {
  const s = fill.side === 'BUY' ? 1 : -1;
  const points = s * (fill.price - decisionPrice);
  return {
    clientOrderId: fill.clientOrderId,
    time: fill.time,
    side: fill.side,
    quantity: fill.quantity,
    decisionPrice,
    fillPrice: fill.price,
    points,
    cost: points * fill.quantity * pointValue,
  };
}
