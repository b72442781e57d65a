import type {
  ClientOrderId,
  InstrumentId,
  MinhosError,
  Money,
  OrderId,
  OrderStatus,
  OrderType,
  Result,
  Side,
  TimeInForce,
  TimestampUs,
} from '@minhos/core';

/** An order as a broker receives it. Prices in points, quantity in whole contracts. */
export interface BrokerOrder {
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce: TimeInForce;
  /** The venue must never let this order increase the position. */
  readonly reduceOnly: boolean;
}

/** One execution as a broker reports it; `executionId` is unique at the venue and stable across replays. */
export interface FillReport {
  readonly kind: 'fill';
  readonly clientOrderId: ClientOrderId;
  readonly orderId?: OrderId;
  readonly executionId: string;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly quantity: number;
  readonly price: number;
  /** Total commission of this execution (positive = cost). */
  readonly commission: Money;
  readonly time: TimestampUs;
}

/** What a broker tells the engine about its orders, in the order it happened. */
export type BrokerReport =
  | {
      readonly kind: 'accepted';
      readonly clientOrderId: ClientOrderId;
      readonly orderId: OrderId;
      readonly time: TimestampUs;
    }
  | {
      readonly kind: 'rejected';
      readonly clientOrderId: ClientOrderId;
      readonly reason: string;
      readonly time: TimestampUs;
    }
  | FillReport
  | {
      readonly kind: 'canceled';
      readonly clientOrderId: ClientOrderId;
      readonly reason: string;
      readonly time: TimestampUs;
    }
  | {
      readonly kind: 'cancelRejected';
      readonly clientOrderId: ClientOrderId;
      readonly reason: string;
      readonly time: TimestampUs;
    }
  | {
      readonly kind: 'replaced';
      readonly clientOrderId: ClientOrderId;
      readonly quantity: number;
      readonly limitPrice?: number;
      readonly stopPrice?: number;
      readonly time: TimestampUs;
    }
  | {
      readonly kind: 'replaceRejected';
      readonly clientOrderId: ClientOrderId;
      readonly reason: string;
      readonly time: TimestampUs;
    };

/**
 * The outcome of handing a request to a broker.
 * - `sent`: the broker has it; its answer comes as reports.
 * - `refused`: it certainly did not reach the venue (not connected before writing); safe to mark
 *   the order rejected.
 * - `unknown`: it may or may not have reached the venue (timeout, disconnect after writing). The
 *   order stays in flight until reconciliation says what happened; it is never resent.
 */
export type SendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'refused'; readonly reason: string }
  | { readonly status: 'unknown'; readonly reason: string };

/** One order as the venue knows it, for reconciliation. */
export interface VenueOrder {
  readonly clientOrderId: ClientOrderId;
  readonly orderId: OrderId;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly avgFillPrice: number;
}

/** What the venue holds, for reconciliation on every (re)connect. */
export interface VenueSnapshot {
  /** Orders the venue knows: every working one, and the recent done ones it still reports. */
  readonly orders: readonly VenueOrder[];
  /** Executions at or after the requested time. */
  readonly fills: readonly FillReport[];
  /** Net position per instrument, signed contracts (instruments absent are flat). */
  readonly positions: ReadonlyMap<InstrumentId, number>;
}

/**
 * A broker behind one interface: the paper broker and the DTC broker both implement it, so the
 * order manager does not know which one trades.
 */
export interface Broker {
  /** Short name for logs and the API (`paper`, `dtc`). */
  readonly name: string;
  /**
   * For a venue that must be reconciled before it takes orders (the DTC broker after every logon):
   * `false` until a snapshot succeeds. The order manager then denies submissions with `RECONCILING`
   * instead of sending them to be refused. Omit (or `true`) for a venue that needs no reconciliation.
   */
  readonly reconciled?: boolean;
  /** Where the broker delivers its reports; set once by the order manager. */
  setListener(listener: (report: BrokerReport) => void): void;
  submit(order: BrokerOrder): Promise<SendResult>;
  cancel(clientOrderId: ClientOrderId): Promise<SendResult>;
  replace(
    clientOrderId: ClientOrderId,
    changes: { readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number },
  ): Promise<SendResult>;
  /** The venue's orders, executions since `fillsSince` and positions. */
  snapshot(fillsSince: TimestampUs): Promise<Result<VenueSnapshot, MinhosError>>;
}
