import type { ClientOrderId, InstrumentId, OrderId } from './ids.js';
import { MinhosError } from './MinhosError.js';
import { err, ok, type Result } from './Result.js';
import type { Side } from './Side.js';
import type { TimestampUs } from './time.js';

/** Order types MinhOS routes. Prices are in the instrument's quote units (points for ES). */
export type OrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'STOP_LIMIT';

/** How long an order stays working. */
export type TimeInForce = 'DAY' | 'GTC' | 'IOC' | 'FOK';

/**
 * Lifecycle states of an order.
 * - `INITIALIZED`: created locally, not yet sent.
 * - `DENIED`: refused by the local risk gate (never sent). Terminal.
 * - `SUBMITTED`: sent, not yet acknowledged by the venue.
 * - `ACCEPTED`: working at the venue.
 * - `REJECTED`: refused by the venue. Terminal.
 * - `PENDING_CANCEL` / `PENDING_REPLACE`: a cancel / cancel-replace request is in flight.
 * - `PARTIALLY_FILLED`, `FILLED` (terminal), `CANCELED` (terminal), `EXPIRED` (terminal).
 */
export type OrderStatus =
  | 'INITIALIZED'
  | 'DENIED'
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'PENDING_CANCEL'
  | 'PENDING_REPLACE'
  | 'PARTIALLY_FILLED'
  | 'FILLED'
  | 'CANCELED'
  | 'EXPIRED';

/**
 * The one transition table every order status change goes through: `ORDER_TRANSITIONS[from]` lists
 * the statuses an order in `from` may move to. Fills may arrive before the venue's acknowledgement
 * and while a cancel/replace is in flight, so those edges exist; a rejected cancel/replace returns
 * the order to `ACCEPTED` or `PARTIALLY_FILLED`.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = Object.freeze({
  INITIALIZED: ['SUBMITTED', 'DENIED'],
  DENIED: [],
  SUBMITTED: ['ACCEPTED', 'REJECTED', 'PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
  ACCEPTED: ['PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'PENDING_REPLACE', 'CANCELED', 'EXPIRED'],
  PENDING_CANCEL: ['CANCELED', 'ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'EXPIRED'],
  PENDING_REPLACE: ['ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'PENDING_CANCEL', 'CANCELED', 'EXPIRED'],
  PARTIALLY_FILLED: [
    'PARTIALLY_FILLED',
    'FILLED',
    'PENDING_CANCEL',
    'PENDING_REPLACE',
    'CANCELED',
    'EXPIRED',
  ],
  FILLED: [],
  REJECTED: [],
  CANCELED: [],
  EXPIRED: [],
} satisfies Record<OrderStatus, readonly OrderStatus[]>);

/** Whether an order in `status` can never change again. */
export function isTerminalStatus(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

/** Whether the order is live at the venue (can still fill or be cancelled). */
export function isWorkingStatus(status: OrderStatus): boolean {
  return (
    status === 'SUBMITTED' ||
    status === 'ACCEPTED' ||
    status === 'PARTIALLY_FILLED' ||
    status === 'PENDING_CANCEL' ||
    status === 'PENDING_REPLACE'
  );
}

/** Whether `from → to` is allowed by {@link ORDER_TRANSITIONS}. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** One recorded status change. */
export interface OrderEvent {
  readonly status: OrderStatus;
  readonly time: TimestampUs;
  readonly reason?: string;
}

/**
 * An order: immutable; every change returns a new object. Quantities are whole contracts;
 * `avgFillPrice` is NaN until the first fill.
 */
export interface Order {
  readonly clientOrderId: ClientOrderId;
  readonly orderId?: OrderId;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  readonly avgFillPrice: number;
  readonly createdAt: TimestampUs;
  readonly updatedAt: TimestampUs;
  /** Why the order exists (signal id, "manual", "flatten"), for audit. */
  readonly tag?: string;
  /** Every status the order went through, oldest first. */
  readonly history: readonly OrderEvent[];
}

/** What {@link createOrder} needs. */
export interface NewOrder {
  readonly clientOrderId: ClientOrderId;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: TimeInForce;
  readonly tag?: string;
}

function invalid(message: string, details: Record<string, unknown>): MinhosError {
  return new MinhosError('ORDER_INVALID', message, { details });
}

/**
 * Creates an order in `INITIALIZED` state.
 *
 * @param time - creation time from the injected `Clock`.
 * @throws {@link MinhosError} `ORDER_INVALID` on broken invariants: quantity not a positive integer,
 * a LIMIT/STOP_LIMIT without a finite positive `limitPrice`, a STOP/STOP_LIMIT without `stopPrice`,
 * or a price given for a type that does not use it.
 * @example
 * ```ts
 * import { clientOrderId, createOrder, instrumentId } from '@minhos/core';
 * const order = createOrder(
 *   { clientOrderId: clientOrderId('c-1'), instrumentId: instrumentId('ESZ25.CME'), side: 'BUY', type: 'LIMIT', quantity: 2, limitPrice: 5000.25 },
 *   1_700_000_000_000_000,
 * );
 * order.status; // 'INITIALIZED'
 * ```
 */
export function createOrder(params: NewOrder, time: TimestampUs): Order {
  const { quantity, type, limitPrice, stopPrice } = params;
  if (!Number.isInteger(quantity) || quantity <= 0) {
    throw invalid(`order quantity must be a positive whole number of contracts, got ${quantity}`, {
      quantity,
    });
  }
  const needsLimit = type === 'LIMIT' || type === 'STOP_LIMIT';
  const needsStop = type === 'STOP' || type === 'STOP_LIMIT';
  for (const [name, value, needed] of [
    ['limitPrice', limitPrice, needsLimit],
    ['stopPrice', stopPrice, needsStop],
  ] as const) {
    if (needed && !(value !== undefined && Number.isFinite(value) && value > 0)) {
      throw invalid(`${type} order needs a finite positive ${name}, got ${value}`, { type, [name]: value });
    }
    if (!needed && value !== undefined) {
      throw invalid(`${type} order must not have a ${name}`, { type, [name]: value });
    }
  }
  return {
    ...params,
    timeInForce: params.timeInForce ?? 'DAY',
    status: 'INITIALIZED',
    filledQuantity: 0,
    avgFillPrice: Number.NaN,
    createdAt: time,
    updatedAt: time,
    history: [{ status: 'INITIALIZED', time }],
  };
}

/** Why an order change was refused. */
export interface OrderTransitionError {
  readonly code: 'INVALID_TRANSITION' | 'OVERFILL' | 'INVALID_FILL';
  readonly message: string;
  readonly from: OrderStatus;
  readonly to?: OrderStatus;
}

/**
 * Moves an order to `to` if {@link ORDER_TRANSITIONS} allows it. Use {@link fillOrder} for fills
 * (it also updates quantities).
 *
 * @example
 * ```ts
 * import { transitionOrder, type Order } from '@minhos/core';
 * declare const order: Order;
 * const r = transitionOrder(order, 'SUBMITTED', 1_700_000_000_000_000);
 * if (!r.ok) console.error(r.error.message);
 * ```
 */
export function transitionOrder(
  order: Order,
  to: OrderStatus,
  time: TimestampUs,
  changes: { readonly orderId?: OrderId; readonly reason?: string } = {},
): Result<Order, OrderTransitionError> {
  if (!canTransition(order.status, to)) {
    return err({
      code: 'INVALID_TRANSITION',
      message: `order ${order.clientOrderId}: cannot move from ${order.status} to ${to} (allowed: ${ORDER_TRANSITIONS[order.status].join(', ') || 'none, terminal'})`,
      from: order.status,
      to,
    });
  }
  const event: OrderEvent =
    changes.reason === undefined ? { status: to, time } : { status: to, time, reason: changes.reason };
  return ok({
    ...order,
    ...(changes.orderId === undefined ? {} : { orderId: changes.orderId }),
    status: to,
    updatedAt: time,
    history: [...order.history, event],
  });
}

/**
 * Applies an execution of `quantity` contracts at `price` to an order: updates the filled quantity
 * and volume-weighted average fill price, and moves it to `PARTIALLY_FILLED` or `FILLED`.
 * Refuses overfills, non-positive or fractional quantities, non-finite prices, and fills in states
 * that cannot fill.
 */
export function fillOrder(
  order: Order,
  quantity: number,
  price: number,
  time: TimestampUs,
): Result<Order, OrderTransitionError> {
  if (!Number.isInteger(quantity) || quantity <= 0 || !Number.isFinite(price)) {
    return err({
      code: 'INVALID_FILL',
      message: `order ${order.clientOrderId}: fill must be a positive whole quantity at a finite price, got ${quantity} @ ${price}`,
      from: order.status,
    });
  }
  const filled = order.filledQuantity + quantity;
  if (filled > order.quantity) {
    return err({
      code: 'OVERFILL',
      message: `order ${order.clientOrderId}: fill of ${quantity} would fill ${filled} of ${order.quantity}`,
      from: order.status,
    });
  }
  const to: OrderStatus = filled === order.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
  const moved = transitionOrder(order, to, time);
  if (!moved.ok) return moved;
  const avg =
    order.filledQuantity === 0
      ? price
      : (order.avgFillPrice * order.filledQuantity + price * quantity) / filled;
  return ok({ ...moved.value, filledQuantity: filled, avgFillPrice: avg });
}

/** Contracts still to fill. */
export function remainingQuantity(order: Order): number {
  return order.quantity - order.filledQuantity;
}
