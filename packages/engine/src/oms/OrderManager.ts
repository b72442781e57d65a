import {
  applyFill,
  type ClientOrderId,
  type Clock,
  type CoreEvents,
  clientOrderId,
  createOrder,
  EventBus,
  type Fill,
  fillOrder,
  flatPosition,
  type InstrumentId,
  isMinhosError,
  isTerminalStatus,
  isWorkingStatus,
  type Logger,
  MinhosError,
  type Order,
  type OrderReplacement,
  type OrderType,
  oppositeSide,
  type Position,
  type Result,
  remainingQuantity,
  replaceOrder,
  type Side,
  sideSign,
  silentLogger,
  type TimeInForce,
  type TimestampUs,
  TOPICS,
  transitionOrder,
} from '@minhos/core';
import type { Broker, BrokerReport, FillReport, SendResult } from '../brokers/index.js';
import type { ModuleFlags } from '../runtime/index.js';
import type { EngineStore, OrderRecord, OrderRole } from '../store/index.js';
import { type AccountFigures, type AccountState, accountFigures } from './accountFigures.js';
import { exchangeTradeDate } from './exchangeTradeDate.js';
import { type InstrumentSpec, roundToTick } from './InstrumentSpec.js';
import { type GateReason, type GateVerdict, openGate, type RiskGate } from './RiskGate.js';
import { type ReconcileReport, reconcileWithVenue, type TradingPermission } from './reconcileWithVenue.js';

/** What a caller asks the order manager to do. Prices in points, quantity in whole contracts. */
export interface OrderIntent {
  /** Idempotency key: submitting an id that exists returns the existing order. */
  readonly clientOrderId: string;
  readonly instrumentId: InstrumentId;
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: TimeInForce;
  readonly tag?: string;
  readonly confidence?: number;
  readonly reduceOnly?: boolean;
  /**
   * Attach a protective stop and a profit target (OCO, reduce-only) when the entry fills: `true`
   * uses the configured distances, or give them in points.
   */
  readonly bracket?: boolean | { readonly stopLossPoints: number; readonly takeProfitPoints: number };
}

/** The result of {@link OrderManager.submit}. */
export type SubmitOutcome =
  | { readonly status: 'submitted'; readonly order: Order; readonly send: SendResult }
  | { readonly status: 'duplicate'; readonly order: Order }
  | { readonly status: 'denied'; readonly order: Order; readonly reasons: readonly GateReason[] }
  | { readonly status: 'invalid'; readonly error: MinhosError };

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
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** Account capital before any trade (config `risk.accountCapital`), used on first start. */
  readonly startingCapital: number;
  readonly logger?: Logger;
  /** Module switches: `riskGate` disabled skips the gate, `observe` records denials without blocking. */
  readonly modules?: ModuleFlags;
}

const STATE_ACCOUNT = 'account';
const STATE_PERMISSION = 'tradingPermission';

/**
 * The order management system. Every order goes through core's state machine; every change is
 * committed to the store in one transaction together with its journal entries.
 *
 * - **Idempotent client ids**: a resubmitted id returns the existing order, never a second one.
 * - **Write-ahead**: the order and its risk validation are committed before the broker sees it.
 * - **Unknown outcomes stay in flight**: a send that timed out or crashed is never resent;
 *   {@link OrderManager.reconcile} resolves it against the venue.
 * - **Brackets**: an entry with `bracket` spawns a reduce-only stop and target (OCO) when it fills,
 *   sized to the filled quantity.
 * - Positions and P&L through core's `Position`; account equity, margin, daily P&L on the exchange
 *   trade date, peak equity and drawdown.
 *
 * Startup and crash recovery are the same call: {@link OrderManager.open} reads the store.
 */
export class OrderManager {
  readonly #store: EngineStore;
  readonly #broker: Broker;
  readonly #clock: Clock;
  readonly #gate: RiskGate;
  readonly #modules: ModuleFlags | undefined;
  readonly #logger: Logger;
  readonly #specs = new Map<string, InstrumentSpec>();
  readonly #records = new Map<string, OrderRecord>();
  /** Client ids of orders that can still fill, so the gate's view costs O(working). */
  readonly #working = new Set<string>();
  readonly #positions = new Map<string, Position>();
  readonly #marks = new Map<string, number>();
  readonly #markTimes = new Map<string, TimestampUs>();
  readonly #recent: TimestampUs[] = [];
  readonly #bracket: { readonly stopLossPoints: number; readonly takeProfitPoints: number } | undefined;
  #account: AccountState;
  #permission: TradingPermission;
  #reconciling = false;
  /** The event bus the OMS publishes on; every event is journaled with its sequence number. */
  readonly bus: EventBus<CoreEvents>;

  private constructor(options: OrderManagerOptions) {
    this.#store = options.store;
    this.#broker = options.broker;
    this.#clock = options.clock;
    this.#gate = options.gate ?? openGate;
    this.#modules = options.modules;
    this.#logger = options.logger ?? silentLogger;
    this.#bracket = options.bracket;
    for (const s of options.instruments) this.#specs.set(s.instrumentId, s);
    const snap = this.#store.load();
    for (const r of snap.orders) {
      this.#records.set(r.order.clientOrderId, r);
      if (isWorkingStatus(r.order.status)) this.#working.add(r.order.clientOrderId);
    }
    for (const p of snap.positions) this.#positions.set(p.instrumentId, p);
    const now = this.#clock.now();
    this.#account = (snap.state[STATE_ACCOUNT] as AccountState | undefined) ?? {
      startingCapital: options.startingCapital,
      peakEquity: options.startingCapital,
      tradeDate: exchangeTradeDate(now),
      dayStartEquity: options.startingCapital,
    };
    this.#permission = (snap.state[STATE_PERMISSION] as TradingPermission | undefined) ?? 'ACTIVE';
    this.bus = new EventBus<CoreEvents>({ logger: this.#logger, lastSequence: snap.lastJournalSeq });
    this.bus.subscribe('*', (payload, topic, seq) => {
      // The order row keeps the full history; the journal entry records this change only.
      const body =
        topic === TOPICS.order ? { order: { ...(payload as { order: Order }).order, history: [] } } : payload;
      this.#store.appendJournal({ seq, time: this.#clock.now(), topic, body });
    });
    this.#broker.setListener((report) => this.handleReport(report));
  }

  /**
   * Opens the order manager on a store: restores orders, positions, the account and the trading
   * permission from it (startup and crash recovery are this one path). Call
   * {@link OrderManager.reconcile} next, before trading.
   */
  static open(options: OrderManagerOptions): OrderManager {
    return new OrderManager(options);
  }

  // ---------------------------------------------------------------- queries

  /** One order by client id. */
  order(id: string): Order | undefined {
    return this.#records.get(id)?.order;
  }

  /** One order's full record (role, bracket links, in-flight flag). */
  record(id: string): OrderRecord | undefined {
    return this.#records.get(id);
  }

  /** Every order, oldest first. */
  orders(): Order[] {
    return [...this.#records.values()].map((r) => r.order);
  }

  /** Orders that can still fill (sent and not done). */
  workingOrders(): Order[] {
    const out: Order[] = [];
    for (const id of this.#working) {
      const r = this.#records.get(id);
      if (r !== undefined) out.push(r.order);
    }
    return out;
  }

  /** Orders sent whose venue answer is not known yet (resolved by reconciliation, never resent). */
  inFlightOrders(): Order[] {
    return [...this.#records.values()].filter((r) => r.outcomeUnknown).map((r) => r.order);
  }

  /** The position in one instrument (flat if never traded). */
  position(id: InstrumentId): Position {
    return this.#positions.get(id) ?? flatPosition(id, this.#spec(id).pointValue, this.#spec(id).currency);
  }

  /** Every position ever opened (flat ones included, with their realized P&L). */
  positions(): Position[] {
    return [...this.#positions.values()];
  }

  /** Account figures now (equity, margin, daily P&L, drawdown). */
  account(): AccountFigures {
    return this.#figures(this.#clock.now()).figures;
  }

  /** Whether new risk may be opened. */
  get permission(): TradingPermission {
    return this.#permission;
  }

  /** Whether a reconciliation is running (submissions are denied meanwhile). */
  get reconciling(): boolean {
    return this.#reconciling;
  }

  // ---------------------------------------------------------------- commands

  /** Records a last-trade price: marks positions, and rolls the trade date's P&L baseline. */
  onMark(instrumentId: InstrumentId, price: number, time: TimestampUs): void {
    this.#marks.set(instrumentId, price);
    this.#markTimes.set(instrumentId, time);
    const before = this.#account;
    const { next } = this.#figures(time);
    if (next.tradeDate !== before.tradeDate) {
      this.#store.transaction(() => {
        if (next.tradeDate !== before.tradeDate) {
          this.#store.putPnl(before.tradeDate, time, {
            dayStartEquity: before.dayStartEquity,
            dayEndEquity: next.dayStartEquity,
          });
        }
        this.#setAccount(next, time);
      });
    } else if (next.peakEquity !== before.peakEquity) {
      // A new equity high from a mark alone: atomic, group-committed with the next commit (at the
      // latest at the end of this event-loop turn) rather than a commit of its own per mark.
      this.#store.deferred(() => this.#setAccount(next, time));
    }
  }

  /** Sets the trading permission (persisted, with the reason as a risk event). */
  setPermission(permission: TradingPermission, reason: string): void {
    const now = this.#clock.now();
    this.#store.transaction(() => {
      this.#permission = permission;
      this.#store.setState(STATE_PERMISSION, permission, now);
      this.#store.recordRiskEvent(now, 'TRADING_PERMISSION', { permission, reason });
    });
    this.#logger.warn('trading permission changed', { permission, reason });
  }

  /**
   * Submits an order: idempotent on the client id, checked by the risk gate (denials recorded with
   * their reasons), committed write-ahead, then handed to the broker.
   */
  async submit(intent: OrderIntent): Promise<SubmitOutcome> {
    const existing = this.#records.get(intent.clientOrderId);
    if (existing !== undefined) return { status: 'duplicate', order: existing.order };
    const now = this.#clock.now();
    let order: Order;
    try {
      this.#spec(intent.instrumentId);
      order = createOrder(
        {
          clientOrderId: clientOrderId(intent.clientOrderId),
          instrumentId: intent.instrumentId,
          side: intent.side,
          type: intent.type,
          quantity: intent.quantity,
          ...(intent.limitPrice === undefined ? {} : { limitPrice: intent.limitPrice }),
          ...(intent.stopPrice === undefined ? {} : { stopPrice: intent.stopPrice }),
          ...(intent.timeInForce === undefined ? {} : { timeInForce: intent.timeInForce }),
          ...(intent.tag === undefined ? {} : { tag: intent.tag }),
        },
        now,
      );
    } catch (e) {
      if (isMinhosError(e)) return { status: 'invalid', error: e };
      throw e;
    }
    const bracket =
      intent.bracket === true ? this.#bracket : intent.bracket === false ? undefined : intent.bracket;
    if (intent.bracket === true && bracket === undefined) {
      return {
        status: 'invalid',
        error: new MinhosError(
          'ORDER_INVALID',
          `order ${intent.clientOrderId}: bracket requested but no default distances configured`,
        ),
      };
    }
    const reduceOnly = intent.reduceOnly ?? false;
    const reasons = this.#preGate(order, reduceOnly);
    let verdict: GateVerdict;
    if (reasons.length > 0) verdict = { ok: false, reasons };
    else if (this.#modules !== undefined && !this.#modules.enabled('riskGate'))
      verdict = { ok: true, detail: 'risk gate disabled' };
    else {
      const spec = this.#spec(order.instrumentId);
      const markPrice = this.#marks.get(order.instrumentId);
      const markTime = this.#markTimes.get(order.instrumentId);
      verdict = this.#gate({
        order,
        role: 'ENTRY',
        reduceOnly,
        ...(intent.confidence === undefined ? {} : { confidence: intent.confidence }),
        spec,
        positions: this.positions().filter((p) => p.quantity !== 0),
        workingOrders: [...this.#working].flatMap((id) => {
          const w = this.#records.get(id);
          return w === undefined ? [] : [{ order: w.order, role: w.role, reduceOnly: w.reduceOnly }];
        }),
        ...this.#bracketPrices(order, bracket),
        specOf: (id) => this.#specs.get(id),
        account: this.#figures(now).figures,
        ...(markPrice === undefined || markTime === undefined
          ? {}
          : { mark: { price: markPrice, time: markTime } }),
        marks: this.#marks,
        recentOrderTimes: this.#recent.filter((t) => t > now - 60_000_000),
        now,
      });
    }
    if (!verdict.ok && reasons.length === 0 && this.#modules?.mode('riskGate') === 'observe') {
      // Observe mode: the denial is recorded as what the gate would have done; the order goes on.
      verdict = { ok: true, detail: { observedDenial: verdict.reasons, detail: verdict.detail } };
    }
    if (!verdict.ok) {
      const denied = this.#must(
        transitionOrder(order, 'DENIED', now, { reason: verdict.reasons.map((r) => r.code).join(',') }),
      );
      const record: OrderRecord = { order: denied, role: 'ENTRY', reduceOnly, outcomeUnknown: false };
      this.#store.transaction(() => {
        this.#put(record);
        this.#store.recordValidation({
          time: now,
          clientOrderId: order.clientOrderId,
          approved: false,
          body: { reasons: verdict.reasons, detail: verdict.detail },
        });
      });
      return { status: 'denied', order: denied, reasons: verdict.reasons };
    }
    const sent = this.#must(transitionOrder(order, 'SUBMITTED', now));
    const record: OrderRecord = {
      order: sent,
      role: 'ENTRY',
      reduceOnly,
      outcomeUnknown: true,
      ...(bracket === undefined ? {} : { bracket }),
    };
    // Write-ahead: intent, client id and validation are durable before the broker sees the order.
    this.#store.transaction(() => {
      this.#put(record);
      this.#store.recordValidation({
        time: now,
        clientOrderId: order.clientOrderId,
        approved: true,
        body: verdict.detail ?? null,
      });
    });
    this.#recent.push(now);
    if (this.#recent.length > 1000) this.#recent.splice(0, 500);
    const send = await this.#send(record);
    return { status: 'submitted', order: this.order(order.clientOrderId) ?? sent, send };
  }

  /** Requests a cancel. Returns the order in `PENDING_CANCEL`, or why not. */
  async cancel(
    id: string,
    reason = 'requested',
  ): Promise<{ ok: true; order: Order } | { ok: false; message: string }> {
    const r = this.#records.get(id);
    if (r === undefined) return { ok: false, message: `order ${id} is unknown` };
    if (r.dormant === true) {
      const canceled = this.#must(transitionOrder(r.order, 'CANCELED', this.#clock.now(), { reason }));
      this.#store.transaction(() => this.#put({ ...r, order: canceled, dormant: false }));
      return { ok: true, order: canceled };
    }
    const moved = transitionOrder(r.order, 'PENDING_CANCEL', this.#clock.now(), { reason });
    if (!moved.ok) return { ok: false, message: moved.error.message };
    const next = { ...r, order: moved.value };
    this.#store.transaction(() => this.#put(next));
    const send = await this.#broker.cancel(r.order.clientOrderId);
    if (send.status === 'refused')
      this.handleReport({
        kind: 'cancelRejected',
        clientOrderId: r.order.clientOrderId,
        reason: send.reason,
        time: this.#clock.now(),
      });
    return { ok: true, order: this.order(id) ?? moved.value };
  }

  /** Requests a cancel/replace with a new quantity and/or prices (applied when the broker confirms). */
  async replace(
    id: string,
    changes: OrderReplacement,
  ): Promise<{ ok: true; order: Order } | { ok: false; message: string }> {
    const r = this.#records.get(id);
    if (r === undefined) return { ok: false, message: `order ${id} is unknown` };
    const quantity = changes.quantity ?? r.order.quantity;
    if (!Number.isInteger(quantity) || quantity <= r.order.filledQuantity) {
      return {
        ok: false,
        message: `order ${id}: new quantity must be a whole number above the ${r.order.filledQuantity} filled, got ${quantity}`,
      };
    }
    const moved = transitionOrder(r.order, 'PENDING_REPLACE', this.#clock.now());
    if (!moved.ok) return { ok: false, message: moved.error.message };
    const next: OrderRecord = { ...r, order: moved.value, pendingReplace: { ...changes, quantity } };
    this.#store.transaction(() => this.#put(next));
    const send = await this.#broker.replace(r.order.clientOrderId, {
      quantity,
      ...((changes.limitPrice ?? r.order.limitPrice) === undefined
        ? {}
        : { limitPrice: (changes.limitPrice ?? r.order.limitPrice) as number }),
      ...((changes.stopPrice ?? r.order.stopPrice) === undefined
        ? {}
        : { stopPrice: (changes.stopPrice ?? r.order.stopPrice) as number }),
    });
    if (send.status === 'refused')
      this.handleReport({
        kind: 'replaceRejected',
        clientOrderId: r.order.clientOrderId,
        reason: send.reason,
        time: this.#clock.now(),
      });
    return { ok: true, order: this.order(id) ?? moved.value };
  }

  /**
   * Applies one broker report in one transaction (order, fill, position, account, journal). Reports
   * for unknown orders are logged and left to reconciliation; repeated fills are no-ops.
   */
  handleReport(report: BrokerReport): void {
    const r = this.#records.get(report.clientOrderId);
    if (r === undefined) {
      this.#logger.warn('broker report for an unknown order; reconciliation will adopt it', { report });
      return;
    }
    const follow: Array<() => void> = [];
    // Group commit: a report lost in a crash is replayed from the broker by reconciliation.
    this.#store.deferred(() => {
      const o = r.order;
      switch (report.kind) {
        case 'accepted': {
          if (o.status === 'SUBMITTED') {
            this.#put({
              ...r,
              order: this.#must(transitionOrder(o, 'ACCEPTED', report.time, { orderId: report.orderId })),
              outcomeUnknown: false,
            });
          } else if (r.outcomeUnknown || o.orderId === undefined) {
            this.#put({ ...r, order: { ...o, orderId: report.orderId }, outcomeUnknown: false });
          }
          break;
        }
        case 'rejected': {
          const moved = transitionOrder(o, 'REJECTED', report.time, { reason: report.reason });
          if (moved.ok) {
            this.#put({ ...r, order: moved.value, outcomeUnknown: false });
            follow.push(() => this.#afterDone(r.order.clientOrderId));
          }
          break;
        }
        case 'fill':
          this.#applyFill(r, report, follow);
          break;
        case 'canceled': {
          const moved = transitionOrder(o, 'CANCELED', report.time, { reason: report.reason });
          if (moved.ok) {
            this.#put({ ...r, order: moved.value, outcomeUnknown: false });
            follow.push(() => this.#afterDone(r.order.clientOrderId));
          }
          break;
        }
        case 'cancelRejected':
        case 'replaceRejected': {
          if (o.status === 'PENDING_CANCEL' || o.status === 'PENDING_REPLACE') {
            const back = o.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED';
            const { pendingReplace: _, ...rest } = r;
            this.#put({
              ...rest,
              order: this.#must(transitionOrder(o, back, report.time, { reason: report.reason })),
            });
          }
          break;
        }
        case 'replaced': {
          const changes: OrderReplacement = {
            quantity: report.quantity,
            ...(report.limitPrice === undefined ? {} : { limitPrice: report.limitPrice }),
            ...(report.stopPrice === undefined ? {} : { stopPrice: report.stopPrice }),
          };
          const moved = replaceOrder(o, changes, report.time);
          if (moved.ok) {
            const { pendingReplace: _, ...rest } = r;
            this.#put({ ...rest, order: moved.value });
          } else
            this.#logger.warn('replace report could not be applied', { report, error: moved.error.message });
          break;
        }
      }
    });
    for (const f of follow) f();
  }

  // ---------------------------------------------------------------- reconciliation

  /**
   * Reconciles with the venue: while it runs, submissions are denied. Missing fills are applied,
   * orders the venue does not know are closed (never resent), unknown venue orders are adopted as
   * external, and a position that still differs puts trading in `REDUCE_ONLY` with an alert
   * (positions are never silently "fixed").
   */
  async reconcile(): Promise<Result<ReconcileReport, MinhosError>> {
    this.#reconciling = true;
    try {
      const r = await reconcileWithVenue({
        broker: this.#broker,
        store: this.#store,
        clock: this.#clock,
        records: this.#records,
        positions: this.#positions,
        put: (record) => this.#store.transaction(() => this.#put(record)),
        apply: (report) => this.handleReport(report),
        resendCancel: (id) => this.#broker.cancel(id),
        setPermission: (p, reason) => this.setPermission(p, reason),
        permission: () => this.#permission,
      });
      if (r.ok) await this.#repairBrackets();
      return r;
    } finally {
      this.#reconciling = false;
    }
  }

  /** A crash between an entry's fill and its children's creation leaves it unprotected: fix that. */
  async #repairBrackets(): Promise<void> {
    for (const r of [...this.#records.values()]) {
      if (r.role !== 'ENTRY' || r.bracket === undefined || r.order.filledQuantity === 0) continue;
      const kids = this.#children(r.order.clientOrderId);
      if (kids.length < 2) await this.#syncBracket(r);
    }
  }

  // ---------------------------------------------------------------- internals

  #spec(id: string): InstrumentSpec {
    const s = this.#specs.get(id);
    if (s === undefined) {
      throw new MinhosError(
        'ORDER_INVALID',
        `instrument ${id} is not configured for trading (known: ${[...this.#specs.keys()].join(', ')})`,
      );
    }
    return s;
  }

  #must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    if (!r.ok) throw new MinhosError('OMS_INVARIANT', r.error.message);
    return r.value;
  }

  #put(record: OrderRecord): void {
    const id = record.order.clientOrderId;
    this.#records.set(id, record);
    if (isWorkingStatus(record.order.status)) this.#working.add(id);
    else this.#working.delete(id);
    this.#store.putOrder(record);
    this.bus.publish(TOPICS.order, { order: record.order });
  }

  #setAccount(next: AccountState, time: TimestampUs): void {
    this.#account = next;
    this.#store.setState(STATE_ACCOUNT, next, time);
  }

  #figures(now: TimestampUs): { figures: AccountFigures; next: AccountState } {
    return accountFigures(
      this.#account,
      this.#positions.values(),
      this.#marks,
      (id) => this.#specs.get(id),
      now,
    );
  }

  /** Where a bracket's stop and target would sit, from the entry's price (limit, stop or last trade). */
  #bracketPrices(
    order: Order,
    bracket: { readonly stopLossPoints: number; readonly takeProfitPoints: number } | undefined,
  ): { protectiveStop?: number; profitTarget?: number } {
    const ref = order.limitPrice ?? order.stopPrice ?? this.#marks.get(order.instrumentId);
    if (bracket === undefined || ref === undefined) return {};
    const dir = sideSign(order.side);
    const tick = this.#spec(order.instrumentId).tickSize;
    return {
      protectiveStop: roundToTick(ref - dir * bracket.stopLossPoints, tick),
      profitTarget: roundToTick(ref + dir * bracket.takeProfitPoints, tick),
    };
  }

  /** Reasons the engine itself refuses, before the risk gate: reconciliation, reduce-only, roll. */
  #preGate(order: Order, reduceOnly: boolean): GateReason[] {
    const reasons: GateReason[] = [];
    if (this.#reconciling) {
      reasons.push({
        code: 'RECONCILING',
        message: 'reconciliation with the broker is running; submit again when it completes',
      });
    }
    const increases = this.#wouldIncrease(order);
    if (reduceOnly && increases) {
      reasons.push({
        code: 'REDUCE_ONLY_ORDER',
        message: `order ${order.clientOrderId} is reduce-only but would increase the position`,
      });
    }
    if (this.#permission === 'REDUCE_ONLY' && increases) {
      reasons.push({
        code: 'TRADING_REDUCE_ONLY',
        message:
          'trading is REDUCE_ONLY (a position did not reconcile); only orders that reduce a position are accepted',
      });
    }
    const rollAt = this.#specs.get(order.instrumentId)?.rollAt;
    if (rollAt !== undefined && this.#clock.now() >= rollAt && increases) {
      reasons.push({
        code: 'CONTRACT_ROLLED',
        message: `${order.instrumentId} is past its roll date; trade the next contract`,
      });
    }
    return reasons;
  }

  /** Whether filling the order (with every working order on its side) could increase |position|. */
  #wouldIncrease(order: Order): boolean {
    const pos = this.#positions.get(order.instrumentId)?.quantity ?? 0;
    const sign = sideSign(order.side);
    if (pos === 0 || Math.sign(pos) === sign) return true;
    let sameSide = order.quantity;
    for (const w of this.workingOrders()) {
      if (w.instrumentId === order.instrumentId && w.side === order.side) sameSide += remainingQuantity(w);
    }
    return sameSide > Math.abs(pos);
  }

  async #send(record: OrderRecord): Promise<SendResult> {
    const o = record.order;
    let send: SendResult;
    try {
      send = await this.#broker.submit({
        clientOrderId: o.clientOrderId,
        instrumentId: o.instrumentId,
        side: o.side,
        type: o.type,
        quantity: o.quantity,
        ...(o.limitPrice === undefined ? {} : { limitPrice: o.limitPrice }),
        ...(o.stopPrice === undefined ? {} : { stopPrice: o.stopPrice }),
        timeInForce: o.timeInForce,
        reduceOnly: record.reduceOnly,
      });
    } catch (cause) {
      send = { status: 'unknown', reason: `broker threw: ${String(cause)}` };
    }
    if (send.status === 'refused') {
      this.handleReport({
        kind: 'rejected',
        clientOrderId: o.clientOrderId,
        reason: `not sent: ${send.reason}`,
        time: this.#clock.now(),
      });
    } else if (send.status === 'unknown') {
      this.#logger.warn('order outcome unknown; it stays in flight until reconciliation', {
        clientOrderId: o.clientOrderId,
        reason: send.reason,
      });
    }
    return send;
  }

  #applyFill(r: OrderRecord, report: FillReport, follow: Array<() => void>): void {
    const before = r.order;
    const filled = fillOrder(
      before,
      { executionId: report.executionId, quantity: report.quantity, price: report.price },
      report.time,
    );
    if (!filled.ok) {
      this.#logger.error('fill could not be applied to its order', { report, error: filled.error.message });
      return;
    }
    if (filled.value === before) return; // already applied
    const fill: Fill = {
      fillId: report.executionId,
      clientOrderId: report.clientOrderId,
      ...(report.orderId === undefined ? {} : { orderId: report.orderId }),
      instrumentId: report.instrumentId,
      side: report.side,
      quantity: report.quantity,
      price: report.price,
      commission: report.commission,
      time: report.time,
    };
    if (!this.#store.putFill(fill)) return; // this execution id is already booked
    // Roll the trade date before the fill so its P&L lands on the day it happened.
    const rolled = this.#figures(report.time).next;
    if (rolled.tradeDate !== this.#account.tradeDate) {
      this.#store.putPnl(this.#account.tradeDate, report.time, {
        dayStartEquity: this.#account.dayStartEquity,
        dayEndEquity: rolled.dayStartEquity,
      });
      this.#setAccount(rolled, report.time);
    }
    const position = applyFill(this.position(report.instrumentId), fill);
    this.#positions.set(position.instrumentId, position);
    this.#store.putPosition(position);
    this.#put({
      ...r,
      order: {
        ...filled.value,
        ...(report.orderId === undefined || filled.value.orderId !== undefined
          ? {}
          : { orderId: report.orderId }),
      },
      outcomeUnknown: false,
    });
    this.#setAccount(this.#figures(report.time).next, report.time);
    this.bus.publish(TOPICS.fill, { fill });
    this.bus.publish(TOPICS.position, { position });
    const id = r.order.clientOrderId;
    follow.push(() => this.#afterFill(id, report.quantity));
  }

  /** Bracket and OCO follow-ups after a fill (outside the fill's transaction: they send orders). */
  #afterFill(id: ClientOrderId, quantity: number): void {
    const r = this.#records.get(id);
    if (r === undefined) return;
    if (r.role === 'ENTRY' && r.bracket !== undefined) void this.#syncBracket(r);
    if (r.ocoGroup !== undefined && r.role !== 'ENTRY') {
      for (const sibling of this.#siblings(r)) {
        if (isTerminalStatus(sibling.order.status) || sibling.dormant === true) continue;
        if (r.order.status === 'FILLED') void this.cancel(sibling.order.clientOrderId, `OCO: ${id} filled`);
        else {
          const left = remainingQuantity(r.order);
          if (left < remainingQuantity(sibling.order) && sibling.order.status !== 'PENDING_REPLACE') {
            void this.replace(sibling.order.clientOrderId, { quantity: sibling.order.filledQuantity + left });
          }
        }
      }
    }
    void quantity;
  }

  /** When an order is done without filling everything: an entry's dormant children are cancelled. */
  #afterDone(id: ClientOrderId): void {
    const r = this.#records.get(id);
    if (r === undefined || r.role !== 'ENTRY' || r.bracket === undefined) return;
    if (r.order.filledQuantity === 0) {
      for (const child of this.#children(id))
        if (!isTerminalStatus(child.order.status))
          void this.cancel(child.order.clientOrderId, `entry ${id} ended unfilled`);
    }
  }

  #children(parent: ClientOrderId): OrderRecord[] {
    return [`${parent}.SL`, `${parent}.TP`]
      .map((c) => this.#records.get(c))
      .filter((c): c is OrderRecord => c !== undefined);
  }

  #siblings(r: OrderRecord): OrderRecord[] {
    if (r.parentId === undefined) return [];
    return this.#children(r.parentId).filter(
      (o) => o.ocoGroup === r.ocoGroup && o.order.clientOrderId !== r.order.clientOrderId,
    );
  }

  /** Creates the stop and target of a filled entry, or grows them to the entry's filled quantity. */
  async #syncBracket(entry: OrderRecord): Promise<void> {
    const bracket = entry.bracket;
    if (bracket === undefined) return;
    const e = entry.order;
    const spec = this.#spec(e.instrumentId);
    const exit = oppositeSide(e.side);
    const dir = sideSign(e.side);
    const now = this.#clock.now();
    const children: Array<{ id: string; role: OrderRole; type: OrderType; price: number }> = [
      {
        id: `${e.clientOrderId}.SL`,
        role: 'STOP_LOSS',
        type: 'STOP',
        price: roundToTick(e.avgFillPrice - dir * bracket.stopLossPoints, spec.tickSize),
      },
      {
        id: `${e.clientOrderId}.TP`,
        role: 'TAKE_PROFIT',
        type: 'LIMIT',
        price: roundToTick(e.avgFillPrice + dir * bracket.takeProfitPoints, spec.tickSize),
      },
    ];
    const created: OrderRecord[] = [];
    const grow: string[] = [];
    for (const c of children) {
      const existing = this.#records.get(c.id);
      if (existing === undefined) {
        const order = createOrder(
          {
            clientOrderId: clientOrderId(c.id),
            instrumentId: e.instrumentId,
            side: exit,
            type: c.type,
            quantity: e.filledQuantity,
            ...(c.type === 'STOP' ? { stopPrice: c.price } : { limitPrice: c.price }),
            timeInForce: 'GTC',
            tag: `${c.role} of ${e.clientOrderId}`,
          },
          now,
        );
        created.push({
          order: this.#must(transitionOrder(order, 'SUBMITTED', now)),
          role: c.role,
          reduceOnly: true,
          parentId: e.clientOrderId,
          ocoGroup: `${e.clientOrderId}.OCO`,
          outcomeUnknown: true,
        });
      } else if (
        !isTerminalStatus(existing.order.status) &&
        existing.order.quantity < e.filledQuantity &&
        existing.order.status !== 'PENDING_REPLACE' &&
        existing.order.status !== 'SUBMITTED'
      ) {
        grow.push(c.id);
      }
    }
    // Both legs are written ahead together, so a crash never leaves one leg without the other.
    if (created.length > 0)
      this.#store.transaction(() => {
        for (const r of created) this.#put(r);
      });
    await Promise.all(created.map((r) => this.#send(r)));
    for (const id of grow) await this.replace(id, { quantity: e.filledQuantity });
  }
}
