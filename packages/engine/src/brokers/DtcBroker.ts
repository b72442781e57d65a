import {
  type ClientOrderId,
  type Clock,
  clientOrderId,
  err,
  type InstrumentId,
  MinhosError,
  money,
  type OrderStatus,
  type OrderType,
  ok,
  orderId,
  type Result,
} from '@minhos/core';
import type { DtcClient, DtcOrder, DtcOrderKind } from '@minhos/sierra';
import type {
  Broker,
  BrokerOrder,
  BrokerReport,
  FillReport,
  SendResult,
  VenueOrder,
  VenueSnapshot,
} from './Broker.js';

/** One tradeable instrument as Sierra Chart names it. */
export interface DtcInstrument {
  readonly instrumentId: InstrumentId;
  /** Sierra's symbol (`ESZ25`) and exchange (`CME`). */
  readonly symbol: string;
  readonly exchange: string;
}

/** Options of {@link DtcBroker}. */
export interface DtcBrokerOptions {
  /** A connected `@minhos/sierra` client (its trading half is used). */
  readonly client: DtcClient;
  readonly clock: Clock;
  readonly instruments: readonly DtcInstrument[];
  readonly tradeAccount?: string;
  /** Commission per contract per fill the engine books (DTC fills carry none). Default 0. */
  readonly commissionPerContract?: number;
}

const KIND: Record<OrderType, DtcOrderKind> = {
  MARKET: 'market',
  LIMIT: 'limit',
  STOP: 'stop',
  STOP_LIMIT: 'stop-limit',
};

/** What {@link DtcBroker.reconcileOnConnect} drives: the order manager's `reconcile()`. */
export interface DtcReconciler {
  reconcile(): Promise<Result<unknown, MinhosError>>;
}

/** Codes of `@minhos/sierra` after which nothing reached the server. */
const NOT_SENT = new Set(['DTC_NOT_CONNECTED', 'DTC_TRADING_DISABLED', 'DTC_INVALID_REQUEST']);

/**
 * The live broker: orders over DTC to Sierra Chart through `@minhos/sierra`'s trading client.
 *
 * - A send that got no answer (`DTC_ORDER_STATE_UNKNOWN`) is reported `unknown`: the order manager
 *   keeps it in flight and never resends it; only `DTC_NOT_CONNECTED`-style errors are `refused`.
 * - Order updates become reports (accepted, fills keyed by Sierra's execution id, canceled,
 *   replaced, rejections); a repeated update is harmless because fills apply once.
 * - {@link DtcBroker.snapshot} is `reconcile()` on the DTC client (open orders, fills since a time,
 *   positions). {@link DtcBroker.reconcileOnConnect} makes the order manager reconcile on every
 *   connect and reconnect of the client, before it accepts new orders: the reconciliation starts
 *   inside the client's `connected` event (so the order manager denies submissions with
 *   `RECONCILING` from the first moment), and until a snapshot has succeeded since the last logon
 *   this broker refuses to send any order (nothing reaches Sierra).
 */
export class DtcBroker implements Broker {
  readonly name = 'dtc';
  readonly #client: DtcClient;
  readonly #clock: Clock;
  readonly #bySymbol = new Map<string, DtcInstrument>();
  readonly #byId = new Map<string, DtcInstrument>();
  readonly #tradeAccount: string | undefined;
  readonly #commission: number;
  /** Sierra's server order id → our client id (DTC fills name only the server id). */
  readonly #clientIds = new Map<string, ClientOrderId>();
  readonly #seenFills = new Set<string>();
  readonly #accepted = new Set<string>();
  #listener: (r: BrokerReport) => void = () => {};
  #stopped = false;
  /** True from each logon until a snapshot of the venue succeeds (and initially). */
  #unreconciled = true;
  #reconciler: DtcReconciler | undefined;
  #onReconciled: ((result: Result<unknown, MinhosError>) => void) | undefined;
  #unsubscribe: (() => void) | undefined;
  #reconciliations = 0;

  constructor(options: DtcBrokerOptions) {
    this.#client = options.client;
    this.#clock = options.clock;
    this.#tradeAccount = options.tradeAccount;
    this.#commission = options.commissionPerContract ?? 0;
    for (const i of options.instruments) {
      this.#bySymbol.set(`${i.symbol}|${i.exchange}`, i);
      this.#byId.set(i.instrumentId, i);
    }
  }

  /** Sets the report listener and starts following the client's order updates. */
  setListener(listener: (report: BrokerReport) => void): void {
    this.#listener = listener;
    void this.#follow();
  }

  /** Stops following order updates and connection events. */
  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Whether a venue snapshot has succeeded since the client's last logon (orders are refused until then). */
  get reconciled(): boolean {
    return !this.#unreconciled;
  }

  /** How many reconciliations {@link DtcBroker.reconcileOnConnect} has started. */
  get reconciliations(): number {
    return this.#reconciliations;
  }

  /**
   * Reconciles through `reconciler` (the order manager) on every logon of the client — the first
   * connect and every reconnect — and right away when the client is already connected. The
   * reconciliation is started synchronously inside the client's `connected` event, so the order
   * manager denies new orders from the first moment. `onReconciled` receives each outcome; a failed
   * one leaves this broker refusing orders until the next logon or a manual `reconcile()` succeeds.
   * Returns a function that stops it.
   */
  reconcileOnConnect(
    reconciler: DtcReconciler,
    onReconciled?: (result: Result<unknown, MinhosError>) => void,
  ): () => void {
    this.#unsubscribe?.();
    this.#reconciler = reconciler;
    this.#onReconciled = onReconciled;
    const off = this.#client.on('connected', () => {
      this.#unreconciled = true;
      this.#startReconcile();
    });
    this.#unsubscribe = () => {
      off();
      this.#reconciler = undefined;
    };
    if (this.#client.state === 'ready') this.#startReconcile();
    return () => {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
    };
  }

  #startReconcile(): void {
    const target = this.#reconciler;
    if (target === undefined || this.#stopped) return;
    this.#reconciliations += 1;
    const done = this.#onReconciled;
    target.reconcile().then(
      (r) => done?.(r),
      (e: unknown) =>
        done?.(
          err(
            e instanceof MinhosError
              ? e
              : new MinhosError('DTC_RECONCILE_FAILED', `reconciliation after logon threw: ${String(e)}`),
          ),
        ),
    );
  }

  async submit(order: BrokerOrder): Promise<SendResult> {
    if (this.#unreconciled)
      return {
        status: 'refused',
        reason:
          'dtc: the account has not been reconciled since the connection (re)opened; orders are refused until reconciliation succeeds',
      };
    const inst = this.#byId.get(order.instrumentId);
    if (inst === undefined)
      return { status: 'refused', reason: `dtc: ${order.instrumentId} has no Sierra symbol configured` };
    const r = await this.#client.submitOrder({
      symbol: inst.symbol,
      exchange: inst.exchange,
      ...(this.#tradeAccount === undefined ? {} : { tradeAccount: this.#tradeAccount }),
      clientOrderId: order.clientOrderId,
      side: order.side,
      type: KIND[order.type],
      quantity: order.quantity,
      ...(order.type === 'LIMIT' ? { price1: order.limitPrice as number } : {}),
      ...(order.type === 'STOP' ? { price1: order.stopPrice as number } : {}),
      ...(order.type === 'STOP_LIMIT'
        ? { price1: order.stopPrice as number, price2: order.limitPrice as number }
        : {}),
      timeInForce:
        order.timeInForce === 'GTC'
          ? 'gtc'
          : order.timeInForce === 'IOC'
            ? 'ioc'
            : order.timeInForce === 'FOK'
              ? 'fok'
              : 'day',
      automated: true,
    });
    if (r.ok) {
      this.#onOrder(r.value);
      return { status: 'sent' };
    }
    return this.#outcome(r.error, order.clientOrderId);
  }

  async cancel(id: ClientOrderId): Promise<SendResult> {
    const r = await this.#client.cancelOrder({
      clientOrderId: id,
      ...(this.#tradeAccount === undefined ? {} : { tradeAccount: this.#tradeAccount }),
    });
    if (r.ok) {
      this.#onOrder(r.value);
      return { status: 'sent' };
    }
    if (r.error.code === 'DTC_REJECTED') {
      this.#listener({
        kind: 'cancelRejected',
        clientOrderId: id,
        reason: r.error.message,
        time: this.#clock.now(),
      });
      return { status: 'sent' };
    }
    return this.#outcome(r.error, id, false);
  }

  async replace(
    id: ClientOrderId,
    changes: { readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number },
  ): Promise<SendResult> {
    const price1 = changes.stopPrice ?? changes.limitPrice;
    const price2 = changes.stopPrice !== undefined ? changes.limitPrice : undefined;
    const r = await this.#client.cancelReplaceOrder({
      clientOrderId: id,
      quantity: changes.quantity,
      ...(price1 === undefined ? {} : { price1 }),
      ...(price2 === undefined ? {} : { price2 }),
    });
    if (r.ok) {
      this.#onOrder(r.value);
      return { status: 'sent' };
    }
    if (r.error.code === 'DTC_REJECTED') {
      this.#listener({
        kind: 'replaceRejected',
        clientOrderId: id,
        reason: r.error.message,
        time: this.#clock.now(),
      });
      return { status: 'sent' };
    }
    return this.#outcome(r.error, id, false);
  }

  async snapshot(fillsSince: number): Promise<Result<VenueSnapshot, MinhosError>> {
    const r = await this.#client.reconcile({
      fillsSince,
      ...(this.#tradeAccount === undefined ? {} : { tradeAccount: this.#tradeAccount }),
    });
    if (!r.ok) return err(r.error);
    this.#unreconciled = false;
    const orders: VenueOrder[] = [];
    for (const o of r.value.openOrders) {
      const v = this.#venueOrder(o);
      if (v !== undefined) orders.push(v);
    }
    const fills: FillReport[] = [];
    for (const f of r.value.fills) {
      const inst = this.#bySymbol.get(`${f.symbol}|${f.exchange}`);
      const cid = this.#clientIds.get(f.serverOrderId) ?? clientOrderId(`dtc-${f.serverOrderId}`);
      if (inst === undefined) continue;
      this.#seenFills.add(f.executionId);
      fills.push({
        kind: 'fill',
        clientOrderId: cid,
        orderId: orderId(f.serverOrderId),
        executionId: f.executionId,
        instrumentId: inst.instrumentId,
        side: f.side,
        quantity: f.quantity,
        price: f.price,
        commission: money(this.#commission * f.quantity),
        time: f.time,
      });
    }
    const positions = new Map<InstrumentId, number>();
    for (const p of r.value.positions) {
      const inst = this.#bySymbol.get(`${p.symbol}|${p.exchange}`);
      if (inst !== undefined && p.quantity !== 0)
        positions.set(inst.instrumentId, (positions.get(inst.instrumentId) ?? 0) + p.quantity);
    }
    return ok({ orders, fills, positions });
  }

  #outcome(error: MinhosError, id: ClientOrderId, isSubmit = true): SendResult {
    if (NOT_SENT.has(error.code)) return { status: 'refused', reason: error.message };
    if (error.code === 'DTC_REJECTED' && isSubmit) {
      this.#listener({ kind: 'rejected', clientOrderId: id, reason: error.message, time: this.#clock.now() });
      return { status: 'sent' };
    }
    return { status: 'unknown', reason: `${error.code}: ${error.message}` };
  }

  async #follow(): Promise<void> {
    for await (const o of this.#client.orderUpdates()) {
      if (this.#stopped) break;
      this.#onOrder(o);
    }
  }

  /** Turns one DTC order update into reports (at most one accepted, one fill, one terminal). */
  #onOrder(o: DtcOrder): void {
    const cid = (o.clientOrderId || this.#clientIds.get(o.serverOrderId)) as ClientOrderId | undefined;
    if (cid === undefined || cid.length === 0) return;
    if (o.serverOrderId) this.#clientIds.set(o.serverOrderId, cid);
    const now = o.time ?? this.#clock.now();
    const inst = this.#bySymbol.get(`${o.symbol}|${o.exchange}`);
    if (o.serverOrderId && !this.#accepted.has(cid) && o.status !== 'rejected') {
      this.#accepted.add(cid);
      this.#listener({ kind: 'accepted', clientOrderId: cid, orderId: orderId(o.serverOrderId), time: now });
    }
    const f = o.lastFill;
    if (
      f !== undefined &&
      inst !== undefined &&
      o.side !== undefined &&
      !this.#seenFills.has(f.executionId)
    ) {
      this.#seenFills.add(f.executionId);
      this.#listener({
        kind: 'fill',
        clientOrderId: cid,
        orderId: orderId(o.serverOrderId),
        executionId: f.executionId,
        instrumentId: inst.instrumentId,
        side: o.side,
        quantity: f.quantity,
        price: f.price,
        commission: money(this.#commission * f.quantity),
        time: f.time,
      });
    }
    if (o.status === 'canceled')
      this.#listener({ kind: 'canceled', clientOrderId: cid, reason: o.infoText || 'canceled', time: now });
    else if (o.status === 'rejected' && o.reason === 'cancel-rejected')
      this.#listener({ kind: 'cancelRejected', clientOrderId: cid, reason: o.infoText, time: now });
    else if (o.status === 'rejected' && o.reason === 'replace-rejected')
      this.#listener({ kind: 'replaceRejected', clientOrderId: cid, reason: o.infoText, time: now });
    else if (o.status === 'rejected')
      this.#listener({ kind: 'rejected', clientOrderId: cid, reason: o.infoText || 'rejected', time: now });
    else if (o.reason === 'replaced' && o.quantity !== undefined) {
      this.#listener({
        kind: 'replaced',
        clientOrderId: cid,
        quantity: o.quantity,
        ...(o.price1 === undefined ? {} : { limitPrice: o.price1 }),
        time: now,
      });
    }
  }

  #venueOrder(o: DtcOrder): VenueOrder | undefined {
    const inst = this.#bySymbol.get(`${o.symbol}|${o.exchange}`);
    if (inst === undefined || o.side === undefined || o.quantity === undefined) return undefined;
    const cid = (o.clientOrderId || `dtc-${o.serverOrderId}`) as ClientOrderId;
    this.#clientIds.set(o.serverOrderId, cid);
    const status: OrderStatus =
      o.status === 'partially-filled'
        ? 'PARTIALLY_FILLED'
        : o.status === 'filled'
          ? 'FILLED'
          : o.status === 'canceled'
            ? 'CANCELED'
            : o.status === 'rejected'
              ? 'REJECTED'
              : 'ACCEPTED';
    const type: OrderType =
      o.type === 'limit'
        ? 'LIMIT'
        : o.type === 'stop'
          ? 'STOP'
          : o.type === 'stop-limit'
            ? 'STOP_LIMIT'
            : 'MARKET';
    return {
      clientOrderId: cid,
      orderId: orderId(o.serverOrderId),
      instrumentId: inst.instrumentId,
      side: o.side,
      type,
      quantity: o.quantity,
      ...(type === 'LIMIT' && o.price1 !== undefined ? { limitPrice: o.price1 } : {}),
      ...(type === 'STOP' && o.price1 !== undefined ? { stopPrice: o.price1 } : {}),
      ...(type === 'STOP_LIMIT' && o.price1 !== undefined && o.price2 !== undefined
        ? { stopPrice: o.price1, limitPrice: o.price2 }
        : {}),
      status,
      filledQuantity: o.filledQuantity ?? 0,
      avgFillPrice: o.averageFillPrice ?? Number.NaN,
    };
  }
}
