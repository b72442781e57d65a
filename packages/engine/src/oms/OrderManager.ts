import {
  type Clock,
  type CoreEvents,
  type EventBus,
  flatPosition,
  type InstrumentId,
  type Logger,
  type MinhosError,
  type Order,
  type OrderReplacement,
  type Position,
  type Result,
  silentLogger,
  type TimestampUs,
  transitionOrder,
} from '@minhos/core';
import type { Broker, BrokerReport } from '../brokers/index.js';
import type { ModuleFlags } from '../runtime/index.js';
import type { EngineStore, OrderRecord } from '../store/index.js';
import type { AccountFigures } from './accountFigures.js';
import { applyReport } from './applyReport.js';
import { repairBrackets } from './brackets.js';
import type { InstrumentSpec } from './InstrumentSpec.js';
import { type BracketDistances, OmsBook, STATE_PERMISSION, withChanges } from './OmsBook.js';
import { openGate, type RiskGate } from './RiskGate.js';
import { type ReconcileReport, reconcileWithVenue, type TradingPermission } from './reconcileWithVenue.js';
import { type OrderIntent, type SubmitOutcome, submitOrder } from './submitOrder.js';

export type { OrderIntent, SubmitOutcome } from './submitOrder.js';

/** Options of {@link OrderManager.open}. */
export interface OrderManagerOptions {
  readonly store: EngineStore;
  readonly broker: Broker;
  readonly clock: Clock;
  /** Contracts the engine may trade. */
  readonly instruments: readonly InstrumentSpec[];
  /** Pre-trade gate (see `riskGateFromLimits`); defaults to {@link openGate}. */
  readonly gate?: RiskGate;
  /** Bracket distances in points when an intent says `bracket: true` (config `risk.stopLossPoints` / `takeProfitPoints`). */
  readonly bracket?: BracketDistances;
  /** Account capital before any trade (config `risk.accountCapital`), used on first start. */
  readonly startingCapital: number;
  readonly logger?: Logger;
  /** Module switches: `riskGate` disabled skips the gate, `observe` records denials without blocking. */
  readonly modules?: ModuleFlags;
}

/**
 * The order management system. Every order goes through core's state machine; every change is
 * committed to the store in one transaction together with its journal entries.
 *
 * - **Idempotent client ids**: a resubmitted id returns the existing order, never a second one.
 * - **Write-ahead**: the order and its risk validation are committed before the broker sees it.
 * - **Unknown outcomes stay in flight**: a send that timed out or crashed is never resent;
 *   {@link OrderManager.reconcile} resolves it against the venue.
 * - **Reconcile first**: with a broker that needs it (`Broker.reconciled === false`, the DTC broker
 *   after every logon) and while a reconciliation runs, submissions are denied with `RECONCILING`.
 * - **Brackets**: an entry with `bracket` spawns a reduce-only stop and target (OCO) when it fills,
 *   sized to the filled quantity.
 * - Positions and P&L through core's `Position`; account equity, margin, daily P&L on the exchange
 *   trade date, peak equity and drawdown. The last mark per instrument is committed with every
 *   commit (and at the store's close), so open P&L after a restart is valued where it was.
 *
 * Startup and crash recovery are the same call: {@link OrderManager.open} reads the store.
 * The parts live in their own files: submission and write-ahead (`submitOrder.ts`), report and fill
 * application (`applyReport.ts`), brackets (`brackets.ts`), reconciliation (`reconcileWithVenue.ts`),
 * account figures (`accountFigures.ts`); the shared state is `OmsBook.ts`.
 */
export class OrderManager {
  readonly #book: OmsBook;
  /** The event bus the OMS publishes on; every event is journaled with its sequence number. */
  readonly bus: EventBus<CoreEvents>;

  private constructor(options: OrderManagerOptions) {
    const book = new OmsBook({
      store: options.store,
      broker: options.broker,
      clock: options.clock,
      instruments: options.instruments,
      gate: options.gate ?? openGate,
      modules: options.modules,
      logger: options.logger ?? silentLogger,
      bracket: options.bracket,
      startingCapital: options.startingCapital,
    });
    book.cancel = (id, reason) => this.cancel(id, reason);
    book.replace = (id, changes) => this.replace(id, changes);
    book.handleReport = (report) => applyReport(book, report);
    this.#book = book;
    this.bus = book.bus;
    book.broker.setListener((report) => applyReport(book, report));
  }

  /**
   * Opens the order manager on a store: restores orders, positions, last marks, the account and
   * the trading permission from it (startup and crash recovery are this one path). Call
   * {@link OrderManager.reconcile} next, before trading.
   */
  static open(options: OrderManagerOptions): OrderManager {
    return new OrderManager(options);
  }

  // ---------------------------------------------------------------- queries

  /** One order by client id. */
  order(id: string): Order | undefined {
    return this.#book.records.get(id)?.order;
  }

  /** One order's full record (role, bracket links, in-flight flag). */
  record(id: string): OrderRecord | undefined {
    return this.#book.records.get(id);
  }

  /** Every order, oldest first. */
  orders(): Order[] {
    return [...this.#book.records.values()].map((r) => r.order);
  }

  /** Orders that can still fill (sent and not done). */
  workingOrders(): Order[] {
    const out: Order[] = [];
    for (const id of this.#book.working) {
      const r = this.#book.records.get(id);
      if (r !== undefined) out.push(r.order);
    }
    return out;
  }

  /** Whether any order in `instrumentId` can still fill (no allocation: the backtester asks per bar). */
  hasWorkingOrders(instrumentId: InstrumentId): boolean {
    const book = this.#book;
    if (book.working.size === 0) return false;
    for (const id of book.working) if (book.records.get(id)?.order.instrumentId === instrumentId) return true;
    return false;
  }

  /** Orders sent whose venue answer is not known yet (resolved by reconciliation, never resent). */
  inFlightOrders(): Order[] {
    return [...this.#book.records.values()].filter((r) => r.outcomeUnknown).map((r) => r.order);
  }

  /** The position in one instrument (flat if never traded). */
  position(id: InstrumentId): Position {
    const p = this.#book.positions.get(id);
    if (p !== undefined) return p;
    const spec = this.#book.spec(id);
    return flatPosition(id, spec.pointValue, spec.currency);
  }

  /** Signed contracts held in one instrument (0 if never traded): {@link OrderManager.position} without allocation. */
  positionQuantity(id: InstrumentId): number {
    return this.#book.positions.get(id)?.quantity ?? 0;
  }

  /** Every position ever opened (flat ones included, with their realized P&L). */
  positions(): Position[] {
    return [...this.#book.positions.values()];
  }

  /** {@link OrderManager.positions} as a live iterator, without copying (per-bar equity in backtests). */
  positionValues(): IterableIterator<Position> {
    return this.#book.positions.values();
  }

  /**
   * The same positions as a live read-only list in first-opened order (no copy, no iterator: for
   * per-bar loops such as a backtest's equity). It changes as fills arrive; do not keep it across
   * awaits if you need a snapshot — use {@link OrderManager.positions}.
   */
  positionsView(): readonly Position[] {
    return this.#book.positionList;
  }

  /** Account figures now (equity, margin, daily P&L, drawdown). */
  account(): AccountFigures {
    return this.#book.figures(this.#book.clock.now()).figures;
  }

  /** The last mark of an instrument (restored from the store after a restart), if any. */
  mark(id: InstrumentId): { readonly price: number; readonly time: TimestampUs } | undefined {
    const price = this.#book.marks.get(id);
    const time = this.#book.markTimes.get(id);
    return price === undefined || time === undefined ? undefined : { price, time };
  }

  /** Whether new risk may be opened. */
  get permission(): TradingPermission {
    return this.#book.permission;
  }

  /** Whether a reconciliation is running (submissions are denied meanwhile). */
  get reconciling(): boolean {
    return this.#book.reconciling;
  }

  // ---------------------------------------------------------------- commands

  /**
   * Records a last-trade price: marks positions, and rolls the trade date's P&L baseline. The mark
   * is written with the next commit (one row per instrument), not on its own.
   */
  onMark(instrumentId: InstrumentId, price: number, time: TimestampUs): void {
    const book = this.#book;
    book.marks.set(instrumentId, price);
    book.markTimes.set(instrumentId, time);
    book.dirtyMarks.add(instrumentId);
    const before = book.account;
    // Hot path (every tick or bar): equity without allocation; figures only when something moves.
    const equity = book.equity();
    if (book.rollsTradeDate(time)) {
      const { next } = book.figures(time);
      book.store.transaction(() => {
        book.store.putPnl(before.tradeDate, time, {
          dayStartEquity: before.dayStartEquity,
          dayEndEquity: next.dayStartEquity,
        });
        book.setAccount(next, time);
      });
    } else if (equity > before.peakEquity) {
      // A new equity high from a mark alone: atomic, group-committed with the next commit (at the
      // latest at the end of this event-loop turn) rather than a commit of its own per mark.
      const next = {
        startingCapital: before.startingCapital,
        peakEquity: equity,
        tradeDate: before.tradeDate,
        dayStartEquity: before.dayStartEquity,
      };
      book.store.deferred(() => book.setAccount(next, time));
    }
  }

  /** Sets the trading permission (persisted, with the reason as a risk event). */
  setPermission(permission: TradingPermission, reason: string): void {
    const book = this.#book;
    const now = book.clock.now();
    book.store.transaction(() => {
      book.permission = permission;
      book.store.setState(STATE_PERMISSION, permission, now);
      book.store.recordRiskEvent(now, 'TRADING_PERMISSION', { permission, reason });
    });
    book.logger.warn('trading permission changed', { permission, reason });
  }

  /**
   * Submits an order: idempotent on the client id, checked by the risk gate (denials recorded with
   * their reasons), committed write-ahead, then handed to the broker.
   */
  submit(intent: OrderIntent): Promise<SubmitOutcome> {
    return submitOrder(this.#book, intent);
  }

  /** Requests a cancel. Returns the order in `PENDING_CANCEL`, or why not. */
  async cancel(
    id: string,
    reason = 'requested',
  ): Promise<{ ok: true; order: Order } | { ok: false; message: string }> {
    const book = this.#book;
    const r = book.records.get(id);
    if (r === undefined) return { ok: false, message: `order ${id} is unknown` };
    if (r.dormant === true) {
      const canceled = book.must(transitionOrder(r.order, 'CANCELED', book.clock.now(), { reason }));
      book.store.transaction(() => book.put(withChanges(r, { order: canceled, dormant: false })));
      return { ok: true, order: canceled };
    }
    const moved = transitionOrder(r.order, 'PENDING_CANCEL', book.clock.now(), { reason });
    if (!moved.ok) return { ok: false, message: moved.error.message };
    const next = withChanges(r, { order: moved.value });
    book.store.transaction(() => book.put(next));
    const send = await book.broker.cancel(r.order.clientOrderId);
    if (send.status === 'refused')
      applyReport(book, {
        kind: 'cancelRejected',
        clientOrderId: r.order.clientOrderId,
        reason: send.reason,
        time: book.clock.now(),
      });
    return { ok: true, order: this.order(id) ?? moved.value };
  }

  /** Requests a cancel/replace with a new quantity and/or prices (applied when the broker confirms). */
  async replace(
    id: string,
    changes: OrderReplacement,
  ): Promise<{ ok: true; order: Order } | { ok: false; message: string }> {
    const book = this.#book;
    const r = book.records.get(id);
    if (r === undefined) return { ok: false, message: `order ${id} is unknown` };
    const quantity = changes.quantity ?? r.order.quantity;
    if (!Number.isInteger(quantity) || quantity <= r.order.filledQuantity) {
      return {
        ok: false,
        message: `order ${id}: new quantity must be a whole number above the ${r.order.filledQuantity} filled, got ${quantity}`,
      };
    }
    const moved = transitionOrder(r.order, 'PENDING_REPLACE', book.clock.now());
    if (!moved.ok) return { ok: false, message: moved.error.message };
    const next: OrderRecord = { ...r, order: moved.value, pendingReplace: { ...changes, quantity } };
    book.store.transaction(() => book.put(next));
    const limitPrice = changes.limitPrice ?? r.order.limitPrice;
    const stopPrice = changes.stopPrice ?? r.order.stopPrice;
    const send = await book.broker.replace(r.order.clientOrderId, {
      quantity,
      ...(limitPrice === undefined ? {} : { limitPrice }),
      ...(stopPrice === undefined ? {} : { stopPrice }),
    });
    if (send.status === 'refused')
      applyReport(book, {
        kind: 'replaceRejected',
        clientOrderId: r.order.clientOrderId,
        reason: send.reason,
        time: book.clock.now(),
      });
    return { ok: true, order: this.order(id) ?? moved.value };
  }

  /**
   * Applies one broker report in one transaction (order, fill, position, account, journal). Reports
   * for unknown orders are logged and left to reconciliation; repeated fills are no-ops.
   */
  handleReport(report: BrokerReport): void {
    applyReport(this.#book, report);
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Reconciles with the venue: while it runs, submissions are denied. Missing fills are applied,
   * orders the venue does not know are closed (never resent), unknown venue orders are adopted as
   * external, and a position that still differs puts trading in `REDUCE_ONLY` with an alert
   * (positions are never silently "fixed").
   */
  async reconcile(): Promise<Result<ReconcileReport, MinhosError>> {
    const book = this.#book;
    book.reconciling = true;
    try {
      const r = await reconcileWithVenue({
        broker: book.broker,
        store: book.store,
        clock: book.clock,
        records: book.records,
        positions: book.positions,
        put: (record) => book.store.transaction(() => book.put(record)),
        apply: (report) => applyReport(book, report),
        resendCancel: (id) => book.broker.cancel(id),
        setPermission: (p, reason) => this.setPermission(p, reason),
        permission: () => book.permission,
      });
      if (r.ok) await repairBrackets(book);
      return r;
    } finally {
      book.reconciling = false;
    }
  }
}
