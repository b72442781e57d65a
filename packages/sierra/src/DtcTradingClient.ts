import { err, MinhosError, ok, type Result, US_PER_SECOND } from '@minhos/core';
import { type DtcAccountBalance, dtcAccountBalanceFromUpdate } from './DtcAccountBalance.js';
import { type DtcFill, dtcFillFromResponse } from './DtcFill.js';
import { type DtcOrder, dtcOrderFromUpdate, isDtcOrderRejection } from './DtcOrder.js';
import { type DtcPosition, dtcPositionFromUpdate } from './DtcPosition.js';
import { type DtcCollect, DtcSession, type DtcSessionOptions } from './DtcSession.js';
import type {
  DtcFillsRequest,
  DtcNewOrder,
  DtcOrderChange,
  DtcOrderFlowStreamOptions,
  DtcOrderRef,
  DtcReconcileRequest,
  DtcReconciliation,
  DtcTradingEvents,
} from './DtcTradingRequests.js';
import type { DtcJsonFrame } from './dtcFraming.js';
import type { DtcOrderUpdate, DtcServerMessage } from './dtcMessages.js';
import { DtcOrderStatus, DtcOrderUpdateReason, DtcMessageType as T } from './dtcProtocol.js';
import {
  dtcMatchesRef,
  dtcNewOrderFrame,
  dtcNewOrderProblem,
  dtcRequestRejected,
  dtcTradingDisabled,
  isUnsolicited,
  unknownState,
} from './internal/dtcOrderFrames.js';
import { StreamSinks } from './internal/StreamSinks.js';
import { TypedEmitter } from './internal/TypedEmitter.js';

export type {
  DtcFillsRequest,
  DtcNewOrder,
  DtcOrderChange,
  DtcOrderFlowStreamOptions,
  DtcOrderKind,
  DtcOrderRef,
  DtcReconcileRequest,
  DtcReconciliation,
  DtcTradingEvents,
} from './DtcTradingRequests.js';

/**
 * Orders and accounts over DTC: submit, cancel, modify, open orders, fills (HISTORICAL_ORDER_FILLS_REQUEST),
 * positions, balances, and {@link DtcTradingClient.reconcile} — everything an execution engine needs
 * on every (re)connect. Works on its own session (pass options) or on one shared with a
 * {@link DtcClient} (pass the session).
 *
 * Money safety:
 * - nothing is ever resent automatically;
 * - a submit, cancel or modify whose answer does not arrive (timeout, connection lost while waiting)
 *   fails with `DTC_ORDER_STATE_UNKNOWN`, `retryable: false`: the order may or may not be live —
 *   call `reconcile()`; only `DTC_NOT_CONNECTED` guarantees nothing was sent;
 * - with `TradingIsSupported: 0` in the logon response (Sierra's "Allow Trading" off) order requests
 *   fail at once with `DTC_TRADING_DISABLED`;
 * - order, position and balance updates are never dropped and never slow the socket down.
 *
 * @example
 * ```ts
 * import { DtcTradingClient } from '@minhos/sierra';
 * const trading = new DtcTradingClient({ port: 11099, tradeAccount: 'Sim1' });
 * if ((await trading.connect()).ok) {
 *   const state = await trading.reconcile({ fillsSince: Date.now() * 1000 - 86_400_000_000 });
 *   const r = await trading.submitOrder({ symbol: 'ESZ25_FUT_CME', side: 'BUY', type: 'market', quantity: 1 });
 *   if (!r.ok && r.error.code === 'DTC_ORDER_STATE_UNKNOWN') await trading.reconcile({ fillsSince: 0 });
 * }
 * ```
 */
export class DtcTradingClient {
  readonly #session: DtcSession;
  readonly #tradeAccount: string;
  readonly #emitter: TypedEmitter<DtcTradingEvents>;
  readonly #orders = new StreamSinks<DtcOrder>();
  readonly #positions = new StreamSinks<DtcPosition>();
  readonly #balances = new StreamSinks<DtcAccountBalance>();
  #nextRequestId = 1;
  #nextClientOrderId = 1;
  /** Count of unsolicited order/position updates seen (reconcile checks it did not move). */
  #orderFlowSeq = 0;

  /** Builds on `session` (shared, e.g. with a {@link DtcClient}) or on a new session from options. */
  constructor(sessionOrOptions: DtcSession | DtcSessionOptions, tradeAccount?: string) {
    this.#session =
      sessionOrOptions instanceof DtcSession ? sessionOrOptions : new DtcSession(sessionOrOptions);
    this.#tradeAccount =
      tradeAccount ?? (sessionOrOptions instanceof DtcSession ? '' : (sessionOrOptions.tradeAccount ?? ''));
    this.#emitter = new TypedEmitter<DtcTradingEvents>(() => {
      this.#session.stats.listenerErrors++;
    });
    this.#session.on('message', (m) => this.#onMessage(m));
    this.#session.on('closed', () => {
      this.#orders.closeAll();
      this.#positions.closeAll();
      this.#balances.closeAll();
    });
  }

  /** The session this client runs on. */
  get session(): DtcSession {
    return this.#session;
  }

  /** Connects and logs on (see {@link DtcSession.connect}). */
  connect(): ReturnType<DtcSession['connect']> {
    return this.#session.connect();
  }

  /** Closes the session (also for a client sharing it). Idempotent. */
  close(reason?: string): Promise<void> {
    return this.#session.close(reason);
  }

  /** Registers a listener; returns a function that removes it. */
  on<K extends keyof DtcTradingEvents>(event: K, listener: DtcTradingEvents[K]): () => void {
    return this.#emitter.on(event, listener);
  }

  /** Every ORDER_UPDATE as an async iterator; never drops; ends when the session closes. */
  orderUpdates(options: DtcOrderFlowStreamOptions = {}): AsyncIterableIterator<DtcOrder> {
    return this.#orders.open(options.capacity ?? 1024, 'keep-all');
  }

  /** Every POSITION_UPDATE as an async iterator; never drops. */
  positionUpdates(options: DtcOrderFlowStreamOptions = {}): AsyncIterableIterator<DtcPosition> {
    return this.#positions.open(options.capacity ?? 1024, 'keep-all');
  }

  /** Every ACCOUNT_BALANCE_UPDATE as an async iterator; never drops. */
  balanceUpdates(options: DtcOrderFlowStreamOptions = {}): AsyncIterableIterator<DtcAccountBalance> {
    return this.#balances.open(options.capacity ?? 1024, 'keep-all');
  }

  #onMessage(m: DtcServerMessage): void {
    if (isUnsolicited(m)) this.#orderFlowSeq++;
    switch (m.Type) {
      case T.ORDER_UPDATE: {
        if (m.NoOrders === 1) return;
        const o = dtcOrderFromUpdate(m);
        this.#emitter.emit('order', o);
        this.#orders.deliver(o);
        return;
      }
      case T.POSITION_UPDATE: {
        const p = dtcPositionFromUpdate(m);
        if (p === undefined) return;
        this.#emitter.emit('position', p);
        this.#positions.deliver(p);
        return;
      }
      case T.ACCOUNT_BALANCE_UPDATE: {
        const b = dtcAccountBalanceFromUpdate(m);
        if (b === undefined) return;
        this.#emitter.emit('balance', b);
        this.#balances.deliver(b);
        return;
      }
    }
  }

  /** `DTC_TRADING_DISABLED` when the server said it does not accept orders. */
  #tradingRefused(what: string): MinhosError | undefined {
    const logon = this.#session.logonResponse;
    if (logon === undefined || logon.TradingIsSupported !== 0) return undefined;
    return dtcTradingDisabled(what);
  }

  /** A request whose outcome matters for money: its timeout and a lost connection mean "unknown". */
  #orderRequest(
    label: string,
    frame: DtcJsonFrame,
    collect: (m: DtcServerMessage) => DtcCollect<DtcOrder>,
    timeoutMs: number | undefined,
    details: Record<string, unknown>,
  ): Promise<Result<DtcOrder, MinhosError>> {
    const refused = this.#tradingRefused(label);
    if (refused !== undefined) return Promise.resolve(err(refused));
    return this.#session.request<DtcOrder>(label, frame, collect, {
      timeoutMs,
      timeoutError: (l, ms) =>
        unknownState(l, new MinhosError('DTC_TIMEOUT', `no answer within ${ms} ms`), {
          ...details,
          timeoutMs: ms,
        }),
      disconnectError: (l, reason) => unknownState(l, reason, details),
    });
  }

  /**
   * Submits a single order (SUBMIT_NEW_SINGLE_ORDER). Resolves with the server's first ORDER_UPDATE
   * for it: `ok` when accepted (open, pending, or already filled); `err` `DTC_REJECTED` (the update in
   * `details.order`) when rejected — by status or by reason; `err` `DTC_ORDER_STATE_UNKNOWN` when no
   * answer came (never resend then: reconcile). Fills arrive later as `order` events.
   */
  submitOrder(order: DtcNewOrder): Promise<Result<DtcOrder, MinhosError>> {
    const invalid = dtcNewOrderProblem(order);
    if (invalid !== undefined) return Promise.resolve(err(invalid));
    const clientOrderId =
      order.clientOrderId ??
      `minhos-${Math.floor(this.#session.clock.now() / 1000).toString(36)}-${this.#nextClientOrderId++}`;
    const label = `SUBMIT_NEW_SINGLE_ORDER ${clientOrderId}`;
    return this.#orderRequest(
      label,
      dtcNewOrderFrame(order, clientOrderId, order.tradeAccount ?? this.#tradeAccount),
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || m.ClientOrderID !== clientOrderId) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE) return undefined;
        const o = dtcOrderFromUpdate(m);
        if (isDtcOrderRejection(m)) {
          return err(
            new MinhosError('DTC_REJECTED', `order ${clientOrderId} rejected: ${m.InfoText || '(no text)'}`, {
              details: { clientOrderId, infoText: m.InfoText, order: o },
            }),
          );
        }
        return ok(o);
      },
      order.timeoutMs,
      { clientOrderId, symbol: order.symbol },
    );
  }

  #refInvalid(what: string, ref: DtcOrderRef): Promise<Result<DtcOrder, MinhosError>> | undefined {
    if ((ref.serverOrderId ?? '') === '' && (ref.clientOrderId ?? '') === '') {
      return Promise.resolve(
        err(new MinhosError('DTC_INVALID_REQUEST', `${what} needs serverOrderId or clientOrderId`)),
      );
    }
    return undefined;
  }

  #matchesRef(m: DtcOrderUpdate, ref: DtcOrderRef): boolean {
    return dtcMatchesRef(m, ref);
  }

  /**
   * Cancels an order (CANCEL_ORDER). `ok` with the canceled order; `err` `DTC_REJECTED` on a cancel
   * reject (e.g. already filled); `DTC_ORDER_STATE_UNKNOWN` without an answer.
   */
  cancelOrder(ref: DtcOrderRef): Promise<Result<DtcOrder, MinhosError>> {
    const bad = this.#refInvalid('cancelOrder', ref);
    if (bad !== undefined) return bad;
    const id = ref.serverOrderId || ref.clientOrderId || '';
    return this.#orderRequest(
      `CANCEL_ORDER ${id}`,
      {
        Type: T.CANCEL_ORDER,
        ServerOrderID: ref.serverOrderId ?? '',
        ClientOrderID: ref.clientOrderId ?? '',
        TradeAccount: ref.tradeAccount ?? this.#tradeAccount,
      },
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || !this.#matchesRef(m, ref)) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REJECTED) {
          return err(
            new MinhosError('DTC_REJECTED', `cancel of ${id} rejected: ${m.InfoText || '(no text)'}`, {
              details: { order: dtcOrderFromUpdate(m) },
            }),
          );
        }
        if (
          m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCELED ||
          m.OrderStatus === DtcOrderStatus.ORDER_STATUS_CANCELED
        )
          return ok(dtcOrderFromUpdate(m));
        return undefined;
      },
      ref.timeoutMs,
      { serverOrderId: ref.serverOrderId, clientOrderId: ref.clientOrderId },
    );
  }

  /**
   * Modifies a working order (CANCEL_REPLACE_ORDER): new prices and/or quantity. `ok` only on
   * ORDER_CANCEL_REPLACE_COMPLETE; `err` `DTC_REJECTED` on ORDER_CANCEL_REPLACE_REJECTED;
   * `DTC_ORDER_STATE_UNKNOWN` without an answer.
   */
  cancelReplaceOrder(change: DtcOrderChange): Promise<Result<DtcOrder, MinhosError>> {
    const bad = this.#refInvalid('cancelReplaceOrder', change);
    if (bad !== undefined) return bad;
    if (change.quantity !== undefined && !(Number.isInteger(change.quantity) && change.quantity > 0)) {
      return Promise.resolve(
        err(
          new MinhosError(
            'DTC_INVALID_REQUEST',
            `cancelReplaceOrder: quantity must be a positive whole number of contracts, got ${change.quantity}`,
          ),
        ),
      );
    }
    const id = change.serverOrderId || change.clientOrderId || '';
    return this.#orderRequest(
      `CANCEL_REPLACE_ORDER ${id}`,
      {
        Type: T.CANCEL_REPLACE_ORDER,
        ServerOrderID: change.serverOrderId ?? '',
        ClientOrderID: change.clientOrderId ?? '',
        Price1: change.price1 ?? 0,
        Price2: change.price2 ?? 0,
        Quantity: change.quantity ?? 0,
        Price1IsSet: change.price1 === undefined ? 0 : 1,
        Price2IsSet: change.price2 === undefined ? 0 : 1,
        TimeInForce: 0,
        GoodTillDateTime: 0,
        UpdatePrice1OffsetToParent: 0,
        TradeAccount: change.tradeAccount ?? this.#tradeAccount,
      },
      (m) => {
        if (m.Type !== T.ORDER_UPDATE || !this.#matchesRef(m, change)) return undefined;
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_COMPLETE)
          return ok(dtcOrderFromUpdate(m));
        if (m.OrderUpdateReason === DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_REJECTED) {
          return err(
            new MinhosError(
              'DTC_REJECTED',
              `cancel/replace of ${id} rejected: ${m.InfoText || '(no text)'}`,
              {
                details: { order: dtcOrderFromUpdate(m) },
              },
            ),
          );
        }
        return undefined;
      },
      change.timeoutMs,
      { serverOrderId: change.serverOrderId, clientOrderId: change.clientOrderId },
    );
  }

  /** Collects a numbered multi-message response (`MessageNumber` of `Total`). */
  #numbered<V>(rows: V[], n: number, total: number, empty: boolean, value: V | undefined): DtcCollect<V[]> {
    if (!empty && value !== undefined) rows.push(value);
    return empty || total <= 0 || n >= total ? ok(rows) : 'partial';
  }

  #rejected(what: string, text: string): DtcCollect<never> {
    return err(dtcRequestRejected(what, text));
  }

  /** Working orders (OPEN_ORDERS_REQUEST), optionally of one trade account. */
  openOrders(
    tradeAccount = this.#tradeAccount,
    timeoutMs?: number,
  ): Promise<Result<DtcOrder[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcOrder[] = [];
    return this.#session.request<DtcOrder[]>(
      'OPEN_ORDERS_REQUEST',
      {
        Type: T.OPEN_ORDERS_REQUEST,
        RequestID: requestId,
        RequestAllOrders: 1,
        ServerOrderID: '',
        TradeAccount: tradeAccount,
      },
      (m) => {
        if (m.Type === T.OPEN_ORDERS_REJECT && m.RequestID === requestId)
          return this.#rejected('open orders', m.RejectText);
        if (m.Type !== T.ORDER_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#numbered(
          rows,
          m.MessageNumber,
          m.TotalNumMessages,
          m.NoOrders === 1,
          dtcOrderFromUpdate(m),
        );
      },
      { timeoutMs },
    );
  }

  /**
   * Fills since a time (HISTORICAL_ORDER_FILLS_REQUEST, 303 → 304), oldest first. Fills before `since`
   * that a server returns anyway (it counts whole days) are left out.
   */
  fills(req: DtcFillsRequest): Promise<Result<DtcFill[], MinhosError>> {
    if (!Number.isFinite(req.since) || req.since < 0) {
      return Promise.resolve(
        err(
          new MinhosError('DTC_INVALID_REQUEST', `fills: since must be a time in µs >= 0, got ${req.since}`),
        ),
      );
    }
    const requestId = this.#nextRequestId++;
    const rows: DtcFill[] = [];
    const sinceSeconds = Math.floor(req.since / US_PER_SECOND);
    const days = Math.max(1, Math.ceil((this.#session.clock.now() - req.since) / (86_400 * US_PER_SECOND)));
    return this.#session
      .request<DtcFill[]>(
        'HISTORICAL_ORDER_FILLS_REQUEST',
        {
          Type: T.HISTORICAL_ORDER_FILLS_REQUEST,
          RequestID: requestId,
          ServerOrderID: req.serverOrderId ?? '',
          NumberOfDays: days,
          TradeAccount: req.tradeAccount ?? this.#tradeAccount,
          StartDateTime: sinceSeconds,
        },
        (m) => {
          if (m.Type === T.HISTORICAL_ORDER_FILLS_REJECT && m.RequestID === requestId)
            return this.#rejected('fills', m.RejectText);
          if (m.Type !== T.HISTORICAL_ORDER_FILL_RESPONSE || m.RequestID !== requestId) return undefined;
          return this.#numbered(
            rows,
            m.MessageNumber,
            m.TotalNumberMessages,
            m.NoOrderFills === 1,
            dtcFillFromResponse(m),
          );
        },
        { timeoutMs: req.timeoutMs },
      )
      .then((r) =>
        r.ok
          ? ok(r.value.filter((f) => f.time >= sinceSeconds * US_PER_SECOND).sort((a, b) => a.time - b.time))
          : r,
      );
  }

  /** Current positions (CURRENT_POSITIONS_REQUEST), optionally of one trade account. Quantities signed, in contracts. */
  positions(
    tradeAccount = this.#tradeAccount,
    timeoutMs?: number,
  ): Promise<Result<DtcPosition[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcPosition[] = [];
    return this.#session.request<DtcPosition[]>(
      'CURRENT_POSITIONS_REQUEST',
      { Type: T.CURRENT_POSITIONS_REQUEST, RequestID: requestId, TradeAccount: tradeAccount },
      (m) => {
        if (m.Type === T.CURRENT_POSITIONS_REJECT && m.RequestID === requestId)
          return this.#rejected('positions', m.RejectText);
        if (m.Type !== T.POSITION_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#numbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.NoPositions === 1,
          dtcPositionFromUpdate(m),
        );
      },
      { timeoutMs },
    );
  }

  /** Trade accounts available on the connection (TRADE_ACCOUNTS_REQUEST). */
  tradeAccounts(timeoutMs?: number): Promise<Result<string[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: string[] = [];
    return this.#session.request<string[]>(
      'TRADE_ACCOUNTS_REQUEST',
      { Type: T.TRADE_ACCOUNTS_REQUEST, RequestID: requestId },
      (m) => {
        if (m.Type !== T.TRADE_ACCOUNT_RESPONSE || (m.RequestID !== requestId && m.RequestID !== 0))
          return undefined;
        return this.#numbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.TradeAccount === '',
          m.TradeAccount,
        );
      },
      { timeoutMs },
    );
  }

  /** Account balances (ACCOUNT_BALANCE_REQUEST); an empty account asks for all of them. */
  accountBalances(
    tradeAccount = this.#tradeAccount,
    timeoutMs?: number,
  ): Promise<Result<DtcAccountBalance[], MinhosError>> {
    const requestId = this.#nextRequestId++;
    const rows: DtcAccountBalance[] = [];
    return this.#session.request<DtcAccountBalance[]>(
      'ACCOUNT_BALANCE_REQUEST',
      { Type: T.ACCOUNT_BALANCE_REQUEST, RequestID: requestId, TradeAccount: tradeAccount },
      (m) => {
        if (m.Type === T.ACCOUNT_BALANCE_REJECT && m.RequestID === requestId)
          return this.#rejected('account balance', m.RejectText);
        if (m.Type !== T.ACCOUNT_BALANCE_UPDATE || m.RequestID !== requestId) return undefined;
        return this.#numbered(
          rows,
          m.MessageNumber,
          m.TotalNumberMessages,
          m.NoAccountBalances === 1,
          dtcAccountBalanceFromUpdate(m),
        );
      },
      { timeoutMs },
    );
  }

  /**
   * Open orders, fills since `fillsSince` and positions in **one consistent snapshot**: the three
   * requests go out together and the snapshot is retaken (up to `maxAttempts`) when an unsolicited
   * ORDER_UPDATE or POSITION_UPDATE arrives before the last answer. `err` `DTC_RECONCILE_UNSTABLE`
   * (retryable) when order flow never paused long enough; any request's error otherwise.
   */
  async reconcile(req: DtcReconcileRequest): Promise<Result<DtcReconciliation, MinhosError>> {
    const max = req.maxAttempts ?? 3;
    if (!(Number.isInteger(max) && max >= 1)) {
      return err(
        new MinhosError(
          'DTC_INVALID_REQUEST',
          `reconcile: maxAttempts must be a whole number >= 1, got ${max}`,
        ),
      );
    }
    const account = req.tradeAccount ?? this.#tradeAccount;
    for (let attempt = 1; attempt <= max; attempt++) {
      const before = this.#orderFlowSeq;
      const [orders, fills, positions] = await Promise.all([
        this.openOrders(account, req.timeoutMs),
        this.fills({
          since: req.fillsSince,
          tradeAccount: account,
          ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }),
        }),
        this.positions(account, req.timeoutMs),
      ]);
      if (!orders.ok) return orders;
      if (!fills.ok) return fills;
      if (!positions.ok) return positions;
      if (this.#orderFlowSeq === before) {
        return ok({
          openOrders: orders.value,
          fills: fills.value,
          positions: positions.value,
          asOf: this.#session.clock.now(),
          attempts: attempt,
        });
      }
    }
    return err(
      new MinhosError(
        'DTC_RECONCILE_UNSTABLE',
        `reconcile: order flow changed the account during each of ${max} snapshots`,
        {
          retryable: true,
          details: { attempts: max },
        },
      ),
    );
  }
}
