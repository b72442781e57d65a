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
 * the statuses an order in `from` may move to. The edges follow what venues really report:
 * - fills may arrive before the venue's acknowledgement and while a cancel/replace is in flight;
 * - a rejected cancel/replace returns the order to `ACCEPTED` or `PARTIALLY_FILLED`;
 * - a fill that raced a cancel can arrive after `CANCELED`/`EXPIRED`: one that completes the order
 *   moves it to `FILLED`; a partial late fill is recorded by {@link fillOrder} while the order stays
 *   `CANCELED`/`EXPIRED` (it will not work again, so it never goes back to `PARTIALLY_FILLED`).
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
  CANCELED: ['FILLED'],
  EXPIRED: ['FILLED'],
} satisfies Record<OrderStatus, readonly OrderStatus[]>);

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['DENIED', 'REJECTED', 'FILLED', 'CANCELED', 'EXPIRED']);

/**
 * Whether an order in `status` is done: it will never work at the venue again. `CANCELED` and
 * `EXPIRED` are terminal although a late fill that raced the cancel can still be recorded on them.
 */
export function isTerminalStatus(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** Whether an execution can be applied to an order in `status` (every status the venue has seen, except `REJECTED` and `FILLED`). */
export function canFill(status: OrderStatus): boolean {
  return status !== 'INITIALIZED' && status !== 'DENIED' && status !== 'REJECTED' && status !== 'FILLED';
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
  /** Execution ids already applied by {@link fillOrder}, oldest first; a repeated id is a no-op. */
  readonly executionIds: readonly string[];
  /** True for an order placed outside MinhOS (by hand, another tool) and adopted at reconciliation. */
  readonly external?: boolean;
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

function checkPrices(
  type: OrderType,
  limitPrice: number | undefined,
  stopPrice: number | undefined,
): MinhosError | undefined {
  const needsLimit = type === 'LIMIT' || type === 'STOP_LIMIT';
  const needsStop = type === 'STOP' || type === 'STOP_LIMIT';
  for (const [name, value, needed] of [
    ['limitPrice', limitPrice, needsLimit],
    ['stopPrice', stopPrice, needsStop],
  ] as const) {
    if (needed && !(value !== undefined && Number.isFinite(value) && value > 0)) {
      return invalid(`${type} order needs a finite positive ${name}, got ${value}`, { type, [name]: value });
    }
    if (!needed && value !== undefined) {
      return invalid(`${type} order must not have a ${name}`, { type, [name]: value });
    }
  }
  return undefined;
}

/**
 * Builds an {@link Order} with one fixed literal (every required property, in the same order every
 * time): V8 in Node 20 is slow on `{ ...order, status, … }` (object spread then more properties).
 * Optional properties are added only when defined, always in the same order, so an absent one stays
 * absent (as `exactOptionalPropertyTypes` and the tests expect) and orders share few shapes.
 */
function orderOf(
  clientOrderId: Order['clientOrderId'],
  orderId: Order['orderId'],
  instrumentId: Order['instrumentId'],
  side: Side,
  type: OrderType,
  quantity: number,
  limitPrice: number | undefined,
  stopPrice: number | undefined,
  timeInForce: TimeInForce,
  status: OrderStatus,
  filledQuantity: number,
  avgFillPrice: number,
  createdAt: TimestampUs,
  updatedAt: TimestampUs,
  tag: string | undefined,
  history: readonly OrderEvent[],
  executionIds: readonly string[],
  external: boolean | undefined,
): Order {
  const o: Mutable<Order> = {
    clientOrderId,
    instrumentId,
    side,
    type,
    quantity,
    timeInForce,
    status,
    filledQuantity,
    avgFillPrice,
    createdAt,
    updatedAt,
    history,
    executionIds,
  };
  if (orderId !== undefined) o.orderId = orderId;
  if (limitPrice !== undefined) o.limitPrice = limitPrice;
  if (stopPrice !== undefined) o.stopPrice = stopPrice;
  if (tag !== undefined) o.tag = tag;
  if (external !== undefined) o.external = external;
  return o;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `xs` and then `x`, as a new array (no spread). */
function appended<T>(xs: readonly T[], x: T): T[] {
  const n = xs.length;
  const out = new Array<T>(n + 1);
  for (let i = 0; i < n; i++) out[i] = xs[i] as T;
  out[n] = x;
  return out;
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
  const priceError = checkPrices(type, limitPrice, stopPrice);
  if (priceError !== undefined) throw priceError;
  return orderOf(
    params.clientOrderId,
    undefined,
    params.instrumentId,
    params.side,
    type,
    quantity,
    limitPrice,
    stopPrice,
    params.timeInForce ?? 'DAY',
    'INITIALIZED',
    0,
    Number.NaN,
    time,
    time,
    params.tag,
    [{ status: 'INITIALIZED', time }],
    [],
    undefined,
  );
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
  return ok(
    orderOf(
      order.clientOrderId,
      changes.orderId ?? order.orderId,
      order.instrumentId,
      order.side,
      order.type,
      order.quantity,
      order.limitPrice,
      order.stopPrice,
      order.timeInForce,
      to,
      order.filledQuantity,
      order.avgFillPrice,
      order.createdAt,
      time,
      order.tag,
      appended(order.history, event),
      order.executionIds,
      order.external,
    ),
  );
}

/** One execution as the venue reports it: its id, whole contracts and price (quote units). */
export interface Execution {
  /** Unique per execution at the venue (or synthetic and deterministic); a repeat is a no-op. */
  readonly executionId: string;
  readonly quantity: number;
  readonly price: number;
}

/**
 * Applies an execution to an order: updates the filled quantity and volume-weighted average fill
 * price, and moves it to `PARTIALLY_FILLED` or `FILLED`. Applying an execution id the order already
 * has returns the order unchanged (fills are idempotent, so a replayed or re-reported fill is safe).
 *
 * A partial fill while a cancel/replace is pending keeps the pending status (the request is still in
 * flight); a late partial fill on a `CANCELED`/`EXPIRED` order is recorded and the order stays done.
 * Overfill checks use the order's current quantity (after any replace).
 *
 * Refuses overfills, non-positive or fractional quantities, non-finite prices, an empty execution
 * id, and fills in states that cannot fill.
 *
 * @example
 * ```ts
 * import { fillOrder, type Order } from '@minhos/core';
 * declare const order: Order;
 * const r = fillOrder(order, { executionId: 'x-1', quantity: 1, price: 5000.25 }, 1_700_000_000_000_000);
 * ```
 */
export function fillOrder(
  order: Order,
  execution: Execution,
  time: TimestampUs,
): Result<Order, OrderTransitionError> {
  const { executionId, quantity, price } = execution;
  if (order.executionIds.includes(executionId)) return ok(order);
  if (executionId.length === 0 || !Number.isInteger(quantity) || quantity <= 0 || !Number.isFinite(price)) {
    return err({
      code: 'INVALID_FILL',
      message: `order ${order.clientOrderId}: fill must have an execution id and a positive whole quantity at a finite price, got "${executionId}" ${quantity} @ ${price}`,
      from: order.status,
    });
  }
  const filled = order.filledQuantity + quantity;
  if (filled > order.quantity) {
    return err({
      code: 'OVERFILL',
      message: `order ${order.clientOrderId}: fill ${executionId} of ${quantity} would fill ${filled} of ${order.quantity}`,
      from: order.status,
    });
  }
  if (!canFill(order.status)) {
    return err({
      code: 'INVALID_TRANSITION',
      message: `order ${order.clientOrderId}: cannot fill in status ${order.status}`,
      from: order.status,
      to: filled === order.quantity ? 'FILLED' : 'PARTIALLY_FILLED',
    });
  }
  const keepsStatus =
    filled < order.quantity &&
    (order.status === 'PENDING_CANCEL' ||
      order.status === 'PENDING_REPLACE' ||
      order.status === 'CANCELED' ||
      order.status === 'EXPIRED');
  const to: OrderStatus = keepsStatus
    ? order.status
    : filled === order.quantity
      ? 'FILLED'
      : 'PARTIALLY_FILLED';
  if (!keepsStatus && !canTransition(order.status, to)) {
    const r = transitionOrder(order, to, time);
    if (!r.ok) return r;
  }
  const event: OrderEvent = keepsStatus
    ? { status: order.status, time, reason: `fill ${executionId}` }
    : { status: to, time };
  const avg =
    order.filledQuantity === 0
      ? price
      : (order.avgFillPrice * order.filledQuantity + price * quantity) / filled;
  return ok(
    orderOf(
      order.clientOrderId,
      order.orderId,
      order.instrumentId,
      order.side,
      order.type,
      order.quantity,
      order.limitPrice,
      order.stopPrice,
      order.timeInForce,
      to,
      filled,
      avg,
      order.createdAt,
      time,
      order.tag,
      appended(order.history, event),
      appended(order.executionIds, executionId),
      order.external,
    ),
  );
}

/** The new terms of a confirmed cancel/replace; omitted fields keep their value. */
export interface OrderReplacement {
  readonly quantity?: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
}

/**
 * Applies a replace the venue confirmed: the order in `PENDING_REPLACE` takes the new quantity and
 * prices and goes back to `ACCEPTED` (or `PARTIALLY_FILLED` when it has fills). Later overfill
 * checks use the new quantity.
 *
 * Refuses (as a value) a replace outside `PENDING_REPLACE`, a quantity that is not a whole number
 * above the filled quantity, and prices the order type does not use or that are not finite and
 * positive.
 *
 * @example
 * ```ts
 * import { replaceOrder, transitionOrder, type Order } from '@minhos/core';
 * declare const working: Order; // a LIMIT order, ACCEPTED
 * const pending = transitionOrder(working, 'PENDING_REPLACE', 1);
 * if (pending.ok) replaceOrder(pending.value, { quantity: 3, limitPrice: 4999.5 }, 2);
 * ```
 */
export function replaceOrder(
  order: Order,
  changes: OrderReplacement,
  time: TimestampUs,
): Result<Order, OrderTransitionError> {
  const to: OrderStatus = order.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED';
  if (order.status !== 'PENDING_REPLACE') {
    return err({
      code: 'INVALID_TRANSITION',
      message: `order ${order.clientOrderId}: a replace applies only in PENDING_REPLACE, order is ${order.status}`,
      from: order.status,
      to,
    });
  }
  const quantity = changes.quantity ?? order.quantity;
  if (!Number.isInteger(quantity) || quantity <= order.filledQuantity) {
    return err({
      code: 'INVALID_FILL',
      message: `order ${order.clientOrderId}: replaced quantity must be a whole number above the ${order.filledQuantity} already filled, got ${quantity}`,
      from: order.status,
      to,
    });
  }
  const limitPrice = changes.limitPrice ?? order.limitPrice;
  const stopPrice = changes.stopPrice ?? order.stopPrice;
  const priceError = checkPrices(order.type, limitPrice, stopPrice);
  if (priceError !== undefined) {
    return err({
      code: 'INVALID_TRANSITION',
      message: `order ${order.clientOrderId}: ${priceError.message}`,
      from: order.status,
      to,
    });
  }
  const moved = transitionOrder(order, to, time, { reason: 'replaced' });
  if (!moved.ok) return moved;
  const m = moved.value;
  return ok(
    orderOf(
      m.clientOrderId,
      m.orderId,
      m.instrumentId,
      m.side,
      m.type,
      quantity,
      limitPrice,
      stopPrice,
      m.timeInForce,
      m.status,
      m.filledQuantity,
      m.avgFillPrice,
      m.createdAt,
      m.updatedAt,
      m.tag,
      m.history,
      m.executionIds,
      m.external,
    ),
  );
}

/** An order found at the venue that MinhOS did not place, as reconciliation reports it. */
export interface ExternalOrder extends NewOrder {
  readonly orderId: OrderId;
  /** Its status at the venue: a working status (`ACCEPTED`, `PARTIALLY_FILLED`, …) or a terminal one. */
  readonly status: OrderStatus;
  readonly filledQuantity: number;
  /** Average fill price (NaN or omitted when nothing filled). */
  readonly avgFillPrice?: number;
}

/**
 * Creates the record of an order placed outside MinhOS (by hand in Sierra Chart, another tool) and
 * discovered at reconciliation: it enters directly in its venue status, marked `external`.
 *
 * @throws {@link MinhosError} `ORDER_INVALID` on the same invariants as {@link createOrder}, a
 * filled quantity outside 0..quantity, or status `INITIALIZED`/`DENIED` (never seen by a venue).
 * @example
 * ```ts
 * import { adoptExternalOrder, clientOrderId, instrumentId, orderId } from '@minhos/core';
 * const o = adoptExternalOrder(
 *   { clientOrderId: clientOrderId('ext-77'), orderId: orderId('77'), instrumentId: instrumentId('ESZ25.CME'), side: 'SELL', type: 'LIMIT', quantity: 1, limitPrice: 5010, status: 'ACCEPTED', filledQuantity: 0 },
 *   1_700_000_000_000_000,
 * );
 * o.external; // true
 * ```
 */
export function adoptExternalOrder(params: ExternalOrder, time: TimestampUs): Order {
  const { status, filledQuantity, avgFillPrice, orderId: venueId, ...rest } = params;
  const base = createOrder(rest, time);
  if (status === 'INITIALIZED' || status === 'DENIED') {
    throw invalid(`external order ${params.clientOrderId} cannot be ${status}: a venue reported it`, {
      status,
    });
  }
  if (!Number.isInteger(filledQuantity) || filledQuantity < 0 || filledQuantity > base.quantity) {
    throw invalid(
      `external order ${params.clientOrderId}: filled quantity must be a whole number in 0..${base.quantity}, got ${filledQuantity}`,
      { filledQuantity },
    );
  }
  return orderOf(
    base.clientOrderId,
    venueId,
    base.instrumentId,
    base.side,
    base.type,
    base.quantity,
    base.limitPrice,
    base.stopPrice,
    base.timeInForce,
    status,
    filledQuantity,
    filledQuantity === 0 ? Number.NaN : (avgFillPrice ?? Number.NaN),
    base.createdAt,
    base.updatedAt,
    base.tag,
    appended(base.history, { status, time, reason: 'adopted at reconciliation' }),
    base.executionIds,
    true,
  );
}

/** Contracts still to fill. */
export function remainingQuantity(order: Order): number {
  return order.quantity - order.filledQuantity;
}
