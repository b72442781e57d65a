import {
  adoptExternalOrder,
  type ClientOrderId,
  type Clock,
  clientOrderId,
  type InstrumentId,
  isTerminalStatus,
  type MinhosError,
  ok,
  type Position,
  type Result,
  type TimestampUs,
} from '@minhos/core';
import type { Broker, BrokerReport, VenueOrder } from '../brokers/index.js';
import type { EngineStore, OrderRecord } from '../store/index.js';

/** Whether new risk may be opened: `REDUCE_ONLY` allows only orders that shrink a position. */
export type TradingPermission = 'ACTIVE' | 'REDUCE_ONLY';

/** What a reconciliation found and did. */
export interface ReconcileReport {
  /** Fills the venue had that the store did not, now applied. */
  readonly fillsApplied: number;
  /** Local orders whose status was brought in line with the venue (acknowledged, closed, …). */
  readonly ordersResolved: readonly string[];
  /** Venue orders placed outside MinhOS, now tracked as external. */
  readonly externalAdopted: readonly string[];
  /** Instruments whose position still differs from the venue's after applying fills. */
  readonly positionMismatches: readonly {
    readonly instrumentId: InstrumentId;
    readonly local: number;
    readonly venue: number;
  }[];
  /** The permission after reconciliation. */
  readonly permission: TradingPermission;
}

/** @internal The order manager's internals reconciliation works on. */
export interface ReconcileContext {
  readonly broker: Broker;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly records: Map<string, OrderRecord>;
  readonly positions: ReadonlyMap<string, Position>;
  put(record: OrderRecord): void;
  apply(report: BrokerReport): void;
  resendCancel(id: ClientOrderId): Promise<unknown>;
  setPermission(p: TradingPermission, reason: string): void;
  permission(): TradingPermission;
}

/**
 * @internal Reconciles local orders, fills and positions with the venue's. Never resends an order
 * and never edits a position: missing executions are applied as reports, and what still differs
 * afterwards switches trading to REDUCE_ONLY with a recorded alert.
 */
export async function reconcileWithVenue(
  ctx: ReconcileContext,
): Promise<Result<ReconcileReport, MinhosError>> {
  const { store, clock } = ctx;
  const lastFill = store.lastFillTime();
  const snap = await ctx.broker.snapshot(lastFill);
  if (!snap.ok) return snap;
  const venue = snap.value;
  const resolved = new Set<string>();
  const adopted: string[] = [];
  const now = clock.now();

  // Orders created while reconciling (a bracket for a fill found now) were sent after the snapshot.
  const known = new Set(ctx.records.keys());
  const venueById = new Map(venue.orders.map((o) => [o.clientOrderId as string, o]));
  // 1. Venue orders MinhOS never placed: adopt them (as working, their fills follow below).
  const withFills = new Set(venue.fills.map((f) => f.clientOrderId as string));
  for (const v of venue.orders) {
    if (ctx.records.has(v.clientOrderId)) continue;
    // A done external order with no execution in the window is history; a position it left shows in step 5.
    if (isTerminalStatus(v.status) && !withFills.has(v.clientOrderId)) continue;
    const order = adoptExternalOrder(
      {
        clientOrderId: clientOrderId(v.clientOrderId),
        orderId: v.orderId,
        instrumentId: v.instrumentId,
        side: v.side,
        type: v.type,
        quantity: v.quantity,
        ...(v.limitPrice === undefined ? {} : { limitPrice: v.limitPrice }),
        ...(v.stopPrice === undefined ? {} : { stopPrice: v.stopPrice }),
        timeInForce: 'GTC',
        tag: 'external',
        status: 'ACCEPTED',
        filledQuantity: 0,
      },
      now,
    );
    ctx.put({ order, role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
    adopted.push(v.clientOrderId);
  }
  // 2. Acknowledgements the engine missed.
  for (const v of venue.orders) {
    const r = ctx.records.get(v.clientOrderId);
    if (r !== undefined && (r.order.status === 'SUBMITTED' || r.outcomeUnknown)) {
      ctx.apply({ kind: 'accepted', clientOrderId: r.order.clientOrderId, orderId: v.orderId, time: now });
      resolved.add(v.clientOrderId);
    }
  }
  // 3. Replaces whose answer was lost, before the executions: the venue filled at the terms it holds,
  // so a fill must meet the order at those terms (a replace down then filled would otherwise stay
  // PENDING_REPLACE at the old quantity; one up, overfill and go unbooked).
  for (const v of venue.orders) {
    const r = ctx.records.get(v.clientOrderId);
    if (r !== undefined && r.order.status === 'PENDING_REPLACE') {
      ctx.apply(replaceAnswer(r, v, now));
      resolved.add(v.clientOrderId);
    }
  }
  // 4. Executions the engine missed (idempotent: known execution ids are skipped).
  let fillsApplied = 0;
  const byVenueId = new Map<string, OrderRecord>();
  for (const r of ctx.records.values()) if (r.order.orderId !== undefined) byVenueId.set(r.order.orderId, r);
  for (const raw of venue.fills) {
    // Some venues (DTC's fill history) name only their own order id: match on it when needed.
    const viaVenueId = raw.orderId === undefined ? undefined : byVenueId.get(raw.orderId);
    const f =
      ctx.records.has(raw.clientOrderId) || viaVenueId === undefined
        ? raw
        : { ...raw, clientOrderId: viaVenueId.order.clientOrderId };
    const r = ctx.records.get(f.clientOrderId);
    if (r === undefined || r.order.executionIds.includes(f.executionId)) continue;
    ctx.apply(f);
    fillsApplied += 1;
    resolved.add(f.clientOrderId);
  }
  // 5. Statuses: venue says done, or the venue has never heard of a local working order.
  const cancels: ClientOrderId[] = [];
  for (const r of [...ctx.records.values()]) {
    const o = r.order;
    if (
      !known.has(o.clientOrderId) ||
      isTerminalStatus(o.status) ||
      r.dormant === true ||
      o.status === 'INITIALIZED'
    )
      continue;
    const v = venueById.get(o.clientOrderId);
    if (v === undefined) {
      const reason = 'not found at the venue at reconciliation (never resent)';
      ctx.apply(
        o.status === 'SUBMITTED'
          ? { kind: 'rejected', clientOrderId: o.clientOrderId, reason, time: now }
          : { kind: 'canceled', clientOrderId: o.clientOrderId, reason, time: now },
      );
      resolved.add(o.clientOrderId);
    } else if (v.status === 'CANCELED' || v.status === 'EXPIRED') {
      ctx.apply({
        kind: 'canceled',
        clientOrderId: o.clientOrderId,
        reason: `venue reports ${v.status}`,
        time: now,
      });
      resolved.add(o.clientOrderId);
    } else if (v.status === 'REJECTED') {
      ctx.apply({
        kind: 'rejected',
        clientOrderId: o.clientOrderId,
        reason: 'venue reports REJECTED',
        time: now,
      });
      resolved.add(o.clientOrderId);
    } else if (o.status === 'PENDING_CANCEL') {
      // A cancel is safe to repeat (unlike an order): the venue still works it, so ask again.
      cancels.push(o.clientOrderId);
    }
  }
  for (const id of cancels) {
    await ctx.resendCancel(id);
    resolved.add(id);
  }
  // 6. Positions: compare, never fix.
  const mismatches: Array<{ instrumentId: InstrumentId; local: number; venue: number }> = [];
  const ids = new Set<string>([...ctx.positions.keys(), ...venue.positions.keys()]);
  for (const id of ids) {
    const local = ctx.positions.get(id)?.quantity ?? 0;
    const remote = venue.positions.get(id as InstrumentId) ?? 0;
    if (local !== remote) mismatches.push({ instrumentId: id as InstrumentId, local, venue: remote });
  }
  if (mismatches.length > 0) {
    store.recordRiskEvent(now, 'RECONCILE_POSITION_MISMATCH', { mismatches });
    ctx.setPermission(
      'REDUCE_ONLY',
      `positions differ from the broker after reconciliation: ${mismatches.map((m) => `${m.instrumentId} local ${m.local} vs broker ${m.venue}`).join('; ')}`,
    );
  }
  return ok({
    fillsApplied,
    ordersResolved: [...resolved],
    externalAdopted: adopted,
    positionMismatches: mismatches,
    permission: ctx.permission(),
  });
}

/**
 * What became of a replace, read from the venue's order: a replace sets absolute terms, so the
 * venue shows either the new ones (it got it) or the old ones (it never did, or refused it).
 */
function replaceAnswer(r: OrderRecord, v: VenueOrder, time: TimestampUs): BrokerReport {
  const o = r.order;
  const pr = r.pendingReplace;
  const got =
    pr !== undefined &&
    v.quantity === (pr.quantity ?? o.quantity) &&
    (pr.limitPrice === undefined || v.limitPrice === pr.limitPrice) &&
    (pr.stopPrice === undefined || v.stopPrice === pr.stopPrice);
  return got
    ? {
        kind: 'replaced',
        clientOrderId: o.clientOrderId,
        quantity: v.quantity,
        ...(v.limitPrice === undefined ? {} : { limitPrice: v.limitPrice }),
        ...(v.stopPrice === undefined ? {} : { stopPrice: v.stopPrice }),
        time,
      }
    : {
        kind: 'replaceRejected',
        clientOrderId: o.clientOrderId,
        reason: 'replace not received by the venue',
        time,
      };
}
