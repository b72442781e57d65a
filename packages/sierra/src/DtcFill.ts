import type { Side, TimestampUs } from '@minhos/core';
import type { DtcHistoricalOrderFillResponse } from './dtcMessages.js';
import { isDtcUnset } from './dtcMessages.js';
import { DtcBuySell, DtcOpenClose } from './dtcProtocol.js';
import { dtcSecondsToUs } from './dtcTime.js';

/** One execution, from HISTORICAL_ORDER_FILL_RESPONSE (304), in domain units. */
export interface DtcFill {
  readonly serverOrderId: string;
  readonly executionId: string;
  readonly symbol: string;
  readonly exchange: string;
  readonly tradeAccount: string;
  readonly side: Side;
  readonly price: number;
  /** Contracts (positive). */
  readonly quantity: number;
  /** µs (the header's `DateTime` is whole seconds). */
  readonly time: TimestampUs;
  /** Whether the fill opened or closed a position, when the server says. */
  readonly openClose?: 'open' | 'close';
  /** Signed position after this fill, when the server says. */
  readonly positionQuantity?: number;
  readonly raw: DtcHistoricalOrderFillResponse;
}

/**
 * Converts a HISTORICAL_ORDER_FILL_RESPONSE to a {@link DtcFill}; `undefined` for the "no fills"
 * marker (`NoOrderFills` 1) and for a fill without a side. Pure.
 *
 * @example
 * ```ts
 * import { dtcFillFromResponse, parseDtcServerMessage } from '@minhos/sierra';
 * const r = parseDtcServerMessage({ Type: 304, ServerOrderID: '7', BuySell: 1, Price: 4500.25, Quantity: 2, DateTime: 1_700_000_000 });
 * if (r.kind === 'message' && r.message.Type === 304) dtcFillFromResponse(r.message)?.time; // 1700000000000000
 * ```
 */
export function dtcFillFromResponse(m: DtcHistoricalOrderFillResponse): DtcFill | undefined {
  if (m.NoOrderFills === 1) return undefined;
  const side: Side | undefined =
    m.BuySell === DtcBuySell.BUY ? 'BUY' : m.BuySell === DtcBuySell.SELL ? 'SELL' : undefined;
  if (side === undefined) return undefined;
  const openClose =
    m.OpenClose === DtcOpenClose.TRADE_OPEN
      ? 'open'
      : m.OpenClose === DtcOpenClose.TRADE_CLOSE
        ? 'close'
        : undefined;
  return {
    serverOrderId: m.ServerOrderID,
    executionId: m.UniqueExecutionID,
    symbol: m.Symbol,
    exchange: m.Exchange,
    tradeAccount: m.TradeAccount,
    side,
    price: m.Price,
    quantity: Math.abs(m.Quantity),
    time: dtcSecondsToUs(m.DateTime),
    ...(openClose === undefined ? {} : { openClose }),
    ...(isDtcUnset(m.PositionQuantity) ? {} : { positionQuantity: m.PositionQuantity }),
    raw: m,
  };
}
