import { orderEffect } from './orderEffect.js';
import { executablePrice } from './orderPrices.js';
import type { PreTradeRequest, RiskCheckContext } from './RiskCheck.js';
import { worstCaseBook } from './worstCaseBook.js';

/**
 * The facts the gate derives once from a request for every check: the worst-case book, the
 * order's worst-case effect, its executable price and whether it is an exit. `validateOrder`
 * calls it; use it to run a single {@link RiskCheck} yourself.
 *
 * @example
 * ```ts
 * import { riskCheckContext, maxPositionCheck, type PreTradeRequest } from '@minhos/risk';
 * declare const request: PreTradeRequest;
 * maxPositionCheck.run(riskCheckContext(request)).outcome; // 'pass' | 'warn' | 'deny'
 * ```
 */
export function riskCheckContext(request: PreTradeRequest): RiskCheckContext {
  const { order } = request;
  // Malformed books are reported by the request check; derive the context from what is usable.
  const workingOrders = Array.isArray(request.workingOrders) ? request.workingOrders : [];
  const book = worstCaseBook(request.positions, workingOrders);
  const mine = book.get(order.instrument);
  const position = mine?.position ?? 0;
  const sameSide = order.side === 'BUY' ? (mine?.workingBuy ?? 0) : -(mine?.workingSell ?? 0);
  const quantity = Number.isFinite(order.quantity) ? order.quantity : 0;
  const effect = orderEffect(position + (Number.isFinite(sameSide) ? sameSide : 0), order.side, quantity);
  const exit = effect.reducing && (order.reduceOnly === true || order.role === 'STOP_LOSS');
  return {
    ...request,
    workingOrders,
    effect,
    price: executablePrice(order, request.market.lastPrice) ?? Number.NaN,
    book,
    exit,
  };
}
