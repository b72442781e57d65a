import type { Side, TimestampUs } from '@minhos/core';
import type { DtcAccountBalance } from './DtcAccountBalance.js';
import type { DtcFill } from './DtcFill.js';
import type { DtcOrder } from './DtcOrder.js';
import type { DtcPosition } from './DtcPosition.js';

/** Order types the client can submit. */
export type DtcOrderKind = 'market' | 'limit' | 'stop' | 'stop-limit' | 'market-limit';

/** A new single order. Prices in quote units, quantity in whole contracts. */
export interface DtcNewOrder {
  readonly symbol: string;
  readonly exchange?: string;
  readonly tradeAccount?: string;
  /** Our id; generated when absent. The server rejects a second order with the same id. */
  readonly clientOrderId?: string;
  readonly side: Side;
  readonly type: DtcOrderKind;
  readonly quantity: number;
  /** Limit price (limit, market-limit), stop price (stop, stop-limit). */
  readonly price1?: number;
  /** Limit price of a stop-limit. */
  readonly price2?: number;
  /** Default `'day'`. */
  readonly timeInForce?: 'day' | 'gtc' | 'ioc' | 'fok';
  readonly freeFormText?: string;
  /** Marks the order as automated (`IsAutomatedOrder`; default true: MinhOS orders are). */
  readonly automated?: boolean;
  readonly timeoutMs?: number;
}

/** Identifies an existing order: by the server's id, or by ours. */
export interface DtcOrderRef {
  readonly serverOrderId?: string;
  readonly clientOrderId?: string;
  readonly tradeAccount?: string;
  readonly timeoutMs?: number;
}

/** A modification of a working order (CANCEL_REPLACE_ORDER): what is absent stays as it is. */
export interface DtcOrderChange extends DtcOrderRef {
  readonly price1?: number;
  readonly price2?: number;
  readonly quantity?: number;
}

/** Arguments of `DtcTradingClient.fills`. */
export interface DtcFillsRequest {
  /** Fills at or after this time (µs). DTC resolves whole seconds. */
  readonly since: TimestampUs;
  readonly tradeAccount?: string;
  /** Only the fills of this order. */
  readonly serverOrderId?: string;
  readonly timeoutMs?: number;
}

/** Arguments of `DtcTradingClient.reconcile`. */
export interface DtcReconcileRequest {
  /** Fills at or after this time (µs): usually the time of the last fill the caller knows of. */
  readonly fillsSince: TimestampUs;
  readonly tradeAccount?: string;
  /** Snapshot attempts before giving up when order flow keeps changing it (default 3). */
  readonly maxAttempts?: number;
  readonly timeoutMs?: number;
}

/**
 * The state of the account in one consistent snapshot: no unsolicited ORDER_UPDATE or
 * POSITION_UPDATE arrived between the first request and the last answer.
 */
export interface DtcReconciliation {
  /** Working orders. */
  readonly openOrders: readonly DtcOrder[];
  /** Fills since `fillsSince`, oldest first. */
  readonly fills: readonly DtcFill[];
  /** Non-flat and flat positions the server reports. */
  readonly positions: readonly DtcPosition[];
  /** When the snapshot completed (µs, the session's clock). */
  readonly asOf: TimestampUs;
  /** Snapshots taken (more than 1 when order flow changed the first). */
  readonly attempts: number;
}

/** Events of `DtcTradingClient.on`. */
export interface DtcTradingEvents {
  /** Every ORDER_UPDATE (solicited or not), in domain units. */
  order: (order: DtcOrder) => void;
  /** Every POSITION_UPDATE. */
  position: (position: DtcPosition) => void;
  /** Every ACCOUNT_BALANCE_UPDATE. */
  balance: (balance: DtcAccountBalance) => void;
}

/** Buffer setting of the order-flow iterators (they never drop). */
export interface DtcOrderFlowStreamOptions {
  /** Initial buffer size hint (default 1 024); the buffer grows past it, nothing is ever dropped. */
  readonly capacity?: number;
}
