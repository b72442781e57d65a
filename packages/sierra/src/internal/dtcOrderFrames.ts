import { MinhosError } from '@minhos/core';
import type { DtcNewOrder, DtcOrderKind, DtcOrderRef } from '../DtcTradingRequests.js';
import type { DtcJsonFrame } from '../dtcFraming.js';
import type { DtcOrderUpdate, DtcServerMessage } from '../dtcMessages.js';
import { DtcBuySell, DtcOrderType, DtcTimeInForce, DtcMessageType as T } from '../dtcProtocol.js';

/*
 * The order side of DTC as data: request frames, checks of an order before it is sent, matching of
 * updates to orders, and the errors of order requests. `DtcTradingClient` holds the request flow.
 */

const ORDER_TYPE: Record<DtcOrderKind, number> = {
  market: DtcOrderType.ORDER_TYPE_MARKET,
  limit: DtcOrderType.ORDER_TYPE_LIMIT,
  stop: DtcOrderType.ORDER_TYPE_STOP,
  'stop-limit': DtcOrderType.ORDER_TYPE_STOP_LIMIT,
  'market-limit': DtcOrderType.ORDER_TYPE_MARKET_LIMIT,
};
const TIF = {
  day: DtcTimeInForce.TIF_DAY,
  gtc: DtcTimeInForce.TIF_GOOD_TILL_CANCELED,
  ioc: DtcTimeInForce.TIF_IMMEDIATE_OR_CANCEL,
  fok: DtcTimeInForce.TIF_FILL_OR_KILL,
} as const;

/** The error of an order request whose outcome cannot be known from here. Never retryable. */
export function unknownState(
  what: string,
  cause: MinhosError | undefined,
  details: Record<string, unknown>,
): MinhosError {
  return new MinhosError(
    'DTC_ORDER_STATE_UNKNOWN',
    `${what}: outcome unknown${cause === undefined ? '' : ` (${cause.message})`}; do not resend — reconcile() to learn what happened`,
    { retryable: false, details, ...(cause === undefined ? {} : { cause }) },
  );
}

export function isUnsolicited(m: DtcServerMessage): boolean {
  return (m.Type === T.ORDER_UPDATE || m.Type === T.POSITION_UPDATE) && m.RequestID === 0;
}

/** Why `order` cannot be sent (`DTC_INVALID_REQUEST`), or `undefined` when it can. */
export function dtcNewOrderProblem(order: DtcNewOrder): MinhosError | undefined {
  const invalid = (msg: string) =>
    new MinhosError('DTC_INVALID_REQUEST', `submitOrder: ${msg}`, { details: { order } });
  if (!(Number.isInteger(order.quantity) && order.quantity > 0))
    return invalid(`quantity must be a positive whole number of contracts, got ${order.quantity}`);
  if (!(order.type in ORDER_TYPE)) return invalid(`unknown order type ${JSON.stringify(order.type)}`);
  if (order.type !== 'market' && !(order.price1 !== undefined && Number.isFinite(order.price1)))
    return invalid(`${order.type} order needs price1`);
  if (order.type === 'stop-limit' && !(order.price2 !== undefined && Number.isFinite(order.price2)))
    return invalid('stop-limit order needs price2 (the limit)');
  return undefined;
}

/** The SUBMIT_NEW_SINGLE_ORDER frame of a checked order. */
export function dtcNewOrderFrame(
  order: DtcNewOrder,
  clientOrderId: string,
  tradeAccount: string,
): DtcJsonFrame {
  return {
    Type: T.SUBMIT_NEW_SINGLE_ORDER,
    Symbol: order.symbol,
    Exchange: order.exchange ?? '',
    TradeAccount: tradeAccount,
    ClientOrderID: clientOrderId,
    OrderType: ORDER_TYPE[order.type],
    BuySell: order.side === 'BUY' ? DtcBuySell.BUY : DtcBuySell.SELL,
    Price1: order.price1 ?? 0,
    Price2: order.price2 ?? 0,
    Quantity: order.quantity,
    TimeInForce: TIF[order.timeInForce ?? 'day'],
    GoodTillDateTime: 0,
    IsAutomatedOrder: order.automated === false ? 0 : 1,
    IsParentOrder: 0,
    FreeFormText: order.freeFormText ?? '',
    OpenOrClose: 0,
  };
}

/** Whether an ORDER_UPDATE is about the order `ref` names (server or client order id). */
export function dtcMatchesRef(m: DtcOrderUpdate, ref: DtcOrderRef): boolean {
  return (
    (ref.serverOrderId !== undefined && ref.serverOrderId !== '' && m.ServerOrderID === ref.serverOrderId) ||
    (ref.clientOrderId !== undefined && ref.clientOrderId !== '' && m.ClientOrderID === ref.clientOrderId)
  );
}

/** A request the server rejected with `text`. */
export function dtcRequestRejected(what: string, text: string): MinhosError {
  return new MinhosError('DTC_REJECTED', `${what} rejected: ${text || '(no text)'}`, {
    details: { rejectText: text },
  });
}

/** `DTC_TRADING_DISABLED`: the server said it does not accept orders (Sierra's "Allow Trading" off). */
export function dtcTradingDisabled(what: string): MinhosError {
  return new MinhosError(
    'DTC_TRADING_DISABLED',
    `${what}: not sent, the DTC server does not accept orders (TradingIsSupported 0). In Sierra Chart enable Global Settings › Data/Trade Service Settings › DTC Protocol Server › "Allow Trading"`,
    { retryable: false },
  );
}
