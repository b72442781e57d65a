import type { Side, TimestampUs } from '@minhos/core';
import type { DtcOrderUpdate } from './dtcMessages.js';
import { isDtcUnset } from './dtcMessages.js';
import { DtcBuySell, DtcOrderStatus, DtcOrderType, DtcOrderUpdateReason } from './dtcProtocol.js';
import { dtcSecondsToUs } from './dtcTime.js';

/** An order's status (DTC `OrderStatusEnum`) by name. */
export type DtcOrderStatusName =
  | 'unspecified'
  | 'sent'
  | 'pending-open'
  | 'pending-child'
  | 'open'
  | 'pending-cancel-replace'
  | 'pending-cancel'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'partially-filled';

/** Why an ORDER_UPDATE was sent (DTC `OrderUpdateReasonEnum`) by name. */
export type DtcOrderUpdateReasonName =
  | 'unset'
  | 'open-orders-response'
  | 'accepted'
  | 'general'
  | 'filled'
  | 'partially-filled'
  | 'canceled'
  | 'replaced'
  | 'rejected'
  | 'cancel-rejected'
  | 'replace-rejected';

/** Order types as reported by the server (DTC `OrderTypeEnum`) by name. */
export type DtcReportedOrderType =
  | 'unset'
  | 'market'
  | 'limit'
  | 'stop'
  | 'stop-limit'
  | 'market-if-touched'
  | 'limit-if-touched'
  | 'market-limit';

/** The most recent fill an ORDER_UPDATE reports. */
export interface DtcLastFill {
  readonly price: number;
  /** Contracts. */
  readonly quantity: number;
  /** µs (the header's `LastFillDateTime` is integer milliseconds). */
  readonly time: TimestampUs;
  readonly executionId: string;
}

/** An ORDER_UPDATE in domain units: camelCase, names for enums, times in µs, unset values absent. */
export interface DtcOrder {
  readonly serverOrderId: string;
  readonly clientOrderId: string;
  readonly exchangeOrderId: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly tradeAccount: string;
  /** Absent when the server leaves `BuySell` unset. */
  readonly side?: Side;
  readonly type: DtcReportedOrderType;
  readonly status: DtcOrderStatusName;
  readonly reason: DtcOrderUpdateReasonName;
  /** Order quantity, contracts. */
  readonly quantity?: number;
  readonly filledQuantity?: number;
  readonly remainingQuantity?: number;
  readonly price1?: number;
  readonly price2?: number;
  readonly averageFillPrice?: number;
  readonly lastFill?: DtcLastFill;
  /** When the server received the order (µs). */
  readonly receivedTime?: TimestampUs;
  /** The latest transaction on the order (µs). */
  readonly time?: TimestampUs;
  readonly infoText: string;
  readonly freeFormText: string;
  /** Filled, canceled or rejected: nothing more will happen to it. */
  readonly done: boolean;
  /** The message as received. */
  readonly raw: DtcOrderUpdate;
}

const STATUS: Record<number, DtcOrderStatusName> = {
  [DtcOrderStatus.ORDER_STATUS_UNSPECIFIED]: 'unspecified',
  [DtcOrderStatus.ORDER_STATUS_ORDER_SENT]: 'sent',
  [DtcOrderStatus.ORDER_STATUS_PENDING_OPEN]: 'pending-open',
  [DtcOrderStatus.ORDER_STATUS_PENDING_CHILD]: 'pending-child',
  [DtcOrderStatus.ORDER_STATUS_OPEN]: 'open',
  [DtcOrderStatus.ORDER_STATUS_PENDING_CANCEL_REPLACE]: 'pending-cancel-replace',
  [DtcOrderStatus.ORDER_STATUS_PENDING_CANCEL]: 'pending-cancel',
  [DtcOrderStatus.ORDER_STATUS_FILLED]: 'filled',
  [DtcOrderStatus.ORDER_STATUS_CANCELED]: 'canceled',
  [DtcOrderStatus.ORDER_STATUS_REJECTED]: 'rejected',
  [DtcOrderStatus.ORDER_STATUS_PARTIALLY_FILLED]: 'partially-filled',
};
const REASON: Record<number, DtcOrderUpdateReasonName> = {
  [DtcOrderUpdateReason.ORDER_UPDATE_REASON_UNSET]: 'unset',
  [DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE]: 'open-orders-response',
  [DtcOrderUpdateReason.NEW_ORDER_ACCEPTED]: 'accepted',
  [DtcOrderUpdateReason.GENERAL_ORDER_UPDATE]: 'general',
  [DtcOrderUpdateReason.ORDER_FILLED]: 'filled',
  [DtcOrderUpdateReason.ORDER_FILLED_PARTIALLY]: 'partially-filled',
  [DtcOrderUpdateReason.ORDER_CANCELED]: 'canceled',
  [DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_COMPLETE]: 'replaced',
  [DtcOrderUpdateReason.NEW_ORDER_REJECTED]: 'rejected',
  [DtcOrderUpdateReason.ORDER_CANCEL_REJECTED]: 'cancel-rejected',
  [DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_REJECTED]: 'replace-rejected',
};
const TYPE: Record<number, DtcReportedOrderType> = {
  [DtcOrderType.ORDER_TYPE_UNSET]: 'unset',
  [DtcOrderType.ORDER_TYPE_MARKET]: 'market',
  [DtcOrderType.ORDER_TYPE_LIMIT]: 'limit',
  [DtcOrderType.ORDER_TYPE_STOP]: 'stop',
  [DtcOrderType.ORDER_TYPE_STOP_LIMIT]: 'stop-limit',
  [DtcOrderType.ORDER_TYPE_MARKET_IF_TOUCHED]: 'market-if-touched',
  [DtcOrderType.ORDER_TYPE_LIMIT_IF_TOUCHED]: 'limit-if-touched',
  [DtcOrderType.ORDER_TYPE_MARKET_LIMIT]: 'market-limit',
};

/** `value` unless it is DTC-unset (absent, DBL_MAX …). */
function set(value: number | undefined): number | undefined {
  return isDtcUnset(value) ? undefined : value;
}

/** Whether an ORDER_UPDATE says the order was rejected: by its status **or** by its reason. */
export function isDtcOrderRejection(m: DtcOrderUpdate): boolean {
  return (
    m.OrderStatus === DtcOrderStatus.ORDER_STATUS_REJECTED ||
    m.OrderUpdateReason === DtcOrderUpdateReason.NEW_ORDER_REJECTED
  );
}

/**
 * Converts an ORDER_UPDATE to a {@link DtcOrder}: `LastFillDateTime` integer ms → µs,
 * `OrderReceivedDateTime` seconds → µs, `LatestTransactionDateTime` fractional seconds → µs; unset
 * (DBL_MAX / absent) prices and quantities are left out. Pure.
 *
 * @example
 * ```ts
 * import { dtcOrderFromUpdate, parseDtcServerMessage } from '@minhos/sierra';
 * const r = parseDtcServerMessage({ Type: 301, ServerOrderID: '7', OrderStatus: 7, BuySell: 1,
 *   LastFillPrice: 4500.25, LastFillQuantity: 1, LastFillDateTime: 1_700_000_000_123 });
 * if (r.kind === 'message' && r.message.Type === 301) dtcOrderFromUpdate(r.message).lastFill?.time; // 1700000000123000
 * ```
 */
export function dtcOrderFromUpdate(m: DtcOrderUpdate): DtcOrder {
  const status = STATUS[m.OrderStatus] ?? 'unspecified';
  const side: Side | undefined =
    m.BuySell === DtcBuySell.BUY ? 'BUY' : m.BuySell === DtcBuySell.SELL ? 'SELL' : undefined;
  const fillPrice = set(m.LastFillPrice);
  const fillQty = set(m.LastFillQuantity);
  const lastFill: DtcLastFill | undefined =
    fillPrice !== undefined && fillQty !== undefined && fillQty > 0
      ? {
          price: fillPrice,
          quantity: fillQty,
          time: m.LastFillDateTime > 0 ? Math.round(m.LastFillDateTime * 1000) : 0,
          executionId: m.LastFillExecutionID,
        }
      : undefined;
  const out: { -readonly [K in keyof DtcOrder]: DtcOrder[K] } = {
    serverOrderId: m.ServerOrderID,
    clientOrderId: m.ClientOrderID,
    exchangeOrderId: m.ExchangeOrderID,
    symbol: m.Symbol,
    exchange: m.Exchange,
    tradeAccount: m.TradeAccount,
    type: TYPE[m.OrderType] ?? 'unset',
    status,
    reason: REASON[m.OrderUpdateReason] ?? 'unset',
    infoText: m.InfoText,
    freeFormText: m.FreeFormText,
    done: status === 'filled' || status === 'canceled' || status === 'rejected',
    raw: m,
  };
  if (side !== undefined) out.side = side;
  const fields = [
    ['quantity', m.OrderQuantity],
    ['filledQuantity', m.FilledQuantity],
    ['remainingQuantity', m.RemainingQuantity],
    ['price1', m.Price1],
    ['price2', m.Price2],
    ['averageFillPrice', m.AverageFillPrice],
  ] as const;
  for (const [k, v] of fields) {
    const x = set(v);
    if (x !== undefined) out[k] = x;
  }
  if (lastFill !== undefined) out.lastFill = lastFill;
  if (m.OrderReceivedDateTime > 0) out.receivedTime = dtcSecondsToUs(m.OrderReceivedDateTime);
  if (m.LatestTransactionDateTime > 0) out.time = dtcSecondsToUs(m.LatestTransactionDateTime);
  return out;
}
