import type { OrderType } from '@minhos/core';

/** The price fields an order may carry (a {@link ProposedOrder} or a {@link WorkingOrder}). */
export interface PricedOrder {
  readonly type?: OrderType;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
}

/**
 * The order's type: `type` when given, else `LIMIT` with a limit price and `MARKET` without (the
 * gate's first request shape had no type).
 *
 * @example
 * ```ts
 * import { orderTypeOf } from '@minhos/risk';
 * orderTypeOf({ limitPrice: 6000 }); // 'LIMIT'
 * orderTypeOf({}); // 'MARKET'
 * ```
 */
export function orderTypeOf(order: PricedOrder): OrderType {
  return order.type ?? (order.limitPrice === undefined ? 'MARKET' : 'LIMIT');
}

/**
 * The price at which the order can execute, points: the limit price for `LIMIT` and `STOP_LIMIT`,
 * the stop price for `STOP` (it becomes a market order there), the last trade for `MARKET`.
 * `undefined` when the price the type needs is missing.
 *
 * @example
 * ```ts
 * import { executablePrice } from '@minhos/risk';
 * executablePrice({ type: 'STOP', stopPrice: 6010 }, 6000); // 6010
 * executablePrice({ type: 'MARKET' }, 6000); // 6000
 * ```
 */
export function executablePrice(order: PricedOrder, lastPrice: number): number | undefined {
  switch (orderTypeOf(order)) {
    case 'MARKET':
      return lastPrice;
    case 'STOP':
      return order.stopPrice;
    default:
      return order.limitPrice;
  }
}
