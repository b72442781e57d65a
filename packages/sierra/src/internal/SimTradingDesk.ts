import { MinhosError, type TimestampUs, US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import type { DtcJsonFrame } from '../dtcFraming.js';
import type {
  DtcAccountBalanceRequest,
  DtcCancelOrder,
  DtcCancelReplaceOrder,
  DtcClientMessage,
  DtcCurrentPositionsRequest,
  DtcHistoricalOrderFillsRequest,
  DtcOpenOrdersRequest,
  DtcSubmitNewSingleOrder,
} from '../dtcMessages.js';
import { DtcOrderStatus, DtcOrderUpdateReason, DtcMessageType as T } from '../dtcProtocol.js';
import { usToDtcSeconds, usToDtcWholeSeconds } from '../dtcTime.js';
import { SimBroker, type SimFill, type SimInstrument, type SimOrder } from './dtcSimBroker.js';

/** What the trading desk needs from the simulator around it. `C` is the simulator's connection. */
export interface SimDeskContext<C> {
  readonly broker: SimBroker;
  readonly specs: ReadonlyMap<string, SimInstrument>;
  readonly currency: string;
  readonly tradingSupported: boolean;
  readonly stats: { ordersSubmitted: number; fills: number };
  /** Current replay time (µs; `-Infinity` before the replay starts). */
  replayTime(): TimestampUs;
  /** Wall clock (µs). */
  now(): TimestampUs;
  find(symbol: string, exchange: string): SimInstrument | undefined;
  /** To one connection; never dropped. */
  send(conn: C, frame: DtcJsonFrame): void;
  /** To every logged-on connection (order flow is shared, like terminals of one broker). */
  broadcast(frame: DtcJsonFrame): void;
}

/**
 * The simulator's order and account side: answers SUBMIT / CANCEL / CANCEL_REPLACE, open orders,
 * fills (303), positions, trade accounts and balances from the {@link SimBroker}, and reports fills.
 */
export class SimTradingDesk<C> {
  readonly #ctx: SimDeskContext<C>;
  readonly #broker: SimBroker;

  constructor(ctx: SimDeskContext<C>) {
    this.#ctx = ctx;
    this.#broker = ctx.broker;
  }

  /** Handles an order/account message; false when `m` is not one. */
  handle(conn: C, m: DtcClientMessage): boolean {
    switch (m.Type) {
      case T.SUBMIT_NEW_SINGLE_ORDER:
        if (!this.#ctx.tradingSupported) {
          this.#ctx.send(
            conn,
            this.rejectUpdate(m.ClientOrderID, 'trading is not enabled on this server', m),
          );
        } else this.#submit(conn, m);
        return true;
      case T.CANCEL_ORDER:
        this.#modify(conn, m, 'cancel');
        return true;
      case T.CANCEL_REPLACE_ORDER:
        this.#modify(conn, m, 'replace');
        return true;
      case T.OPEN_ORDERS_REQUEST:
        this.#openOrders(conn, m);
        return true;
      case T.HISTORICAL_ORDER_FILLS_REQUEST:
        this.#fillsRequest(conn, m);
        return true;
      case T.CURRENT_POSITIONS_REQUEST:
        this.#positions(conn, m);
        return true;
      case T.TRADE_ACCOUNTS_REQUEST: {
        const ids = this.#broker.accountIds;
        ids.forEach((id, i) => {
          this.#ctx.send(conn, {
            Type: T.TRADE_ACCOUNT_RESPONSE,
            TotalNumberMessages: ids.length,
            MessageNumber: i + 1,
            TradeAccount: id,
            RequestID: m.RequestID,
          });
        });
        return true;
      }
      case T.ACCOUNT_BALANCE_REQUEST:
        this.#balanceRequest(conn, m);
        return true;
      default:
        return false;
    }
  }

  /** Order updates for IOC/FOK orders canceled by a print. */
  reportExpired(o: SimOrder): void {
    this.#ctx.broadcast(this.orderUpdate(o, DtcOrderUpdateReason.ORDER_CANCELED));
  }

  rejectUpdate(clientOrderId: string, text: string, req?: DtcSubmitNewSingleOrder): DtcJsonFrame {
    return {
      Type: T.ORDER_UPDATE,
      RequestID: 0,
      TotalNumMessages: 1,
      MessageNumber: 1,
      Symbol: req?.Symbol ?? '',
      Exchange: req?.Exchange ?? '',
      ClientOrderID: clientOrderId,
      OrderStatus: DtcOrderStatus.ORDER_STATUS_REJECTED,
      OrderUpdateReason: DtcOrderUpdateReason.NEW_ORDER_REJECTED,
      OrderType: req?.OrderType ?? 0,
      BuySell: req?.BuySell ?? 0,
      OrderQuantity: req?.Quantity ?? 0,
      TradeAccount: req?.TradeAccount ?? '',
      InfoText: text.slice(0, 95),
    };
  }

  orderUpdate(
    o: SimOrder,
    reason: number,
    extra: { RequestID?: number; TotalNumMessages?: number; MessageNumber?: number; InfoText?: string } = {},
  ): DtcJsonFrame {
    const filled = o.filledQuantity > 0;
    return {
      Type: T.ORDER_UPDATE,
      RequestID: extra.RequestID ?? 0,
      TotalNumMessages: extra.TotalNumMessages ?? 1,
      MessageNumber: extra.MessageNumber ?? 1,
      Symbol: o.instrument.symbol,
      Exchange: o.instrument.exchange,
      ServerOrderID: o.serverOrderId,
      ClientOrderID: o.clientOrderId,
      ExchangeOrderID: o.serverOrderId,
      OrderStatus: o.status,
      OrderUpdateReason: reason,
      OrderType: o.orderType,
      BuySell: o.buySell,
      Price1: o.price1,
      Price2: o.price2,
      TimeInForce: o.timeInForce,
      OrderQuantity: o.quantity,
      FilledQuantity: o.filledQuantity,
      RemainingQuantity: o.quantity - o.filledQuantity,
      ...(filled
        ? {
            AverageFillPrice: o.averageFillPrice,
            LastFillPrice: o.lastFillPrice,
            // t_DateTimeWithMillisecondsInt (integer ms) since the 2022 header.
            LastFillDateTime: Math.round(o.lastFillTime / 1000),
            LastFillQuantity: o.lastFillQuantity,
            LastFillExecutionID: o.lastFillExecutionId,
          }
        : {}),
      TradeAccount: o.account,
      InfoText: extra.InfoText ?? '',
      NoOrders: 0,
      OpenOrClose: o.openOrClose,
      FreeFormText: o.freeFormText,
      OrderReceivedDateTime: Number.isFinite(o.receivedAt) ? usToDtcWholeSeconds(o.receivedAt) : 0,
      LatestTransactionDateTime: Number.isFinite(this.#ctx.replayTime())
        ? usToDtcSeconds(this.#ctx.replayTime())
        : 0,
    };
  }

  #submit(conn: C, m: DtcSubmitNewSingleOrder): void {
    this.#ctx.stats.ordersSubmitted++;
    const inst = this.#ctx.find(m.Symbol, m.Exchange);
    const r = this.#broker.submit(m, inst, this.#ctx.replayTime());
    if (!r.ok) {
      this.#ctx.send(conn, this.rejectUpdate(m.ClientOrderID, r.reason, m));
      return;
    }
    this.#ctx.broadcast(this.orderUpdate(r.order, DtcOrderUpdateReason.NEW_ORDER_ACCEPTED));
  }

  /** CANCEL_ORDER and CANCEL_REPLACE_ORDER: the same lookup, refusal and answer, different change. */
  #modify(conn: C, m: DtcCancelOrder | DtcCancelReplaceOrder, kind: 'cancel' | 'replace'): void {
    const rejectReason =
      kind === 'cancel'
        ? DtcOrderUpdateReason.ORDER_CANCEL_REJECTED
        : DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_REJECTED;
    const o = this.#broker.order(m.ServerOrderID, m.ClientOrderID);
    if (o === undefined || this.#ctx.tradingSupported === false) {
      // Every reject carries the fields the DTC docs require of one.
      this.#ctx.send(conn, {
        Type: T.ORDER_UPDATE,
        RequestID: 0,
        TotalNumMessages: 1,
        MessageNumber: 1,
        Symbol: o?.instrument.symbol ?? '',
        Exchange: o?.instrument.exchange ?? '',
        ServerOrderID: m.ServerOrderID,
        ClientOrderID: m.ClientOrderID,
        OrderStatus: o?.status ?? DtcOrderStatus.ORDER_STATUS_UNSPECIFIED,
        OrderUpdateReason: rejectReason,
        InfoText: o === undefined ? 'unknown order' : 'trading is not enabled on this server',
      });
      return;
    }
    const r =
      kind === 'cancel' ? this.#broker.cancel(o) : this.#broker.replace(o, m as DtcCancelReplaceOrder);
    if (r.ok) {
      this.#ctx.broadcast(
        this.orderUpdate(
          o,
          kind === 'cancel'
            ? DtcOrderUpdateReason.ORDER_CANCELED
            : DtcOrderUpdateReason.ORDER_CANCEL_REPLACE_COMPLETE,
        ),
      );
    } else this.#ctx.send(conn, this.orderUpdate(o, rejectReason, { InfoText: r.reason }));
  }

  reportFill(f: SimFill): void {
    this.#ctx.stats.fills++;
    this.#ctx.broadcast(
      this.orderUpdate(
        f.order,
        f.complete ? DtcOrderUpdateReason.ORDER_FILLED : DtcOrderUpdateReason.ORDER_FILLED_PARTIALLY,
      ),
    );
    this.#ctx.broadcast(
      this.#positionUpdate(f.order.instrument, f.account.id, f.position, { Unsolicited: 1 }),
    );
    this.#ctx.broadcast(this.#balanceUpdate(f.account.id, { Unsolicited: 1 }));
  }

  #positionUpdate(
    inst: SimInstrument,
    account: string,
    pos: { quantity: number; averagePrice: number; entryTime: TimestampUs },
    extra: { RequestID?: number; TotalNumberMessages?: number; MessageNumber?: number; Unsolicited?: 0 | 1 },
  ): DtcJsonFrame {
    return {
      Type: T.POSITION_UPDATE,
      RequestID: extra.RequestID ?? 0,
      TotalNumberMessages: extra.TotalNumberMessages ?? 1,
      MessageNumber: extra.MessageNumber ?? 1,
      Symbol: inst.symbol,
      Exchange: inst.exchange,
      Quantity: pos.quantity,
      AveragePrice: pos.averagePrice,
      PositionIdentifier: '',
      TradeAccount: account,
      NoPositions: 0,
      Unsolicited: extra.Unsolicited ?? 0,
      MarginRequirement: Math.abs(pos.quantity) * inst.marginPerContract,
      EntryDateTime:
        pos.quantity === 0 || !Number.isFinite(pos.entryTime) ? 0 : usToDtcWholeSeconds(pos.entryTime),
    };
  }

  #balanceUpdate(
    accountId: string,
    extra: { RequestID?: number; TotalNumberMessages?: number; MessageNumber?: number; Unsolicited?: 0 | 1 },
  ): DtcJsonFrame {
    const a = this.#broker.account(accountId);
    if (a === undefined) throw new MinhosError('DTC_SIMULATOR_STATE', `unknown account ${accountId}`);
    const { openPnl, margin } = this.#broker.valuation(a, this.#ctx.specs);
    return {
      Type: T.ACCOUNT_BALANCE_UPDATE,
      RequestID: extra.RequestID ?? 0,
      CashBalance: a.cash,
      BalanceAvailableForNewPositions: a.cash + openPnl - margin,
      AccountCurrency: this.#ctx.currency ?? 'USD',
      TradeAccount: a.id,
      SecuritiesValue: 0,
      MarginRequirement: margin,
      TotalNumberMessages: extra.TotalNumberMessages ?? 1,
      MessageNumber: extra.MessageNumber ?? 1,
      NoAccountBalances: 0,
      Unsolicited: extra.Unsolicited ?? 0,
      OpenPositionsProfitLoss: openPnl,
      DailyProfitLoss: a.realized - a.commissions,
      InfoText: '',
    };
  }

  /**
   * The shape every account request shares: unknown account → its reject; otherwise the rows of
   * the matching accounts as numbered messages, or one "none" marker when there are none.
   */
  #answer<R>(
    conn: C,
    req: { readonly RequestID: number; readonly TradeAccount: string },
    rejectType: number,
    rows: (accounts: readonly string[]) => readonly R[],
    none: DtcJsonFrame | undefined,
    row: (r: R, numbering: { RequestID: number; total: number; n: number }) => DtcJsonFrame,
  ): void {
    const accounts =
      req.TradeAccount === ''
        ? this.#broker.accountIds
        : this.#broker.account(req.TradeAccount) === undefined
          ? undefined
          : [req.TradeAccount];
    if (accounts === undefined) {
      this.#ctx.send(conn, {
        Type: rejectType,
        RequestID: req.RequestID,
        RejectText: `unknown trade account "${req.TradeAccount}"`,
      });
      return;
    }
    const list = rows(accounts);
    if (list.length === 0 && none !== undefined) {
      this.#ctx.send(conn, { ...none, RequestID: req.RequestID });
      return;
    }
    for (let i = 0; i < list.length; i++) {
      this.#ctx.send(conn, row(list[i] as R, { RequestID: req.RequestID, total: list.length, n: i + 1 }));
    }
  }

  #openOrders(conn: C, m: DtcOpenOrdersRequest): void {
    this.#answer(
      conn,
      m,
      T.OPEN_ORDERS_REJECT,
      (accounts) =>
        this.#broker
          .openOrders()
          .filter((o) => accounts.includes(o.account))
          .filter(
            (o) => m.RequestAllOrders !== 0 || m.ServerOrderID === '' || o.serverOrderId === m.ServerOrderID,
          ),
      {
        Type: T.ORDER_UPDATE,
        TotalNumMessages: 1,
        MessageNumber: 1,
        NoOrders: 1,
        OrderUpdateReason: DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE,
      },
      (o, k) =>
        this.orderUpdate(o, DtcOrderUpdateReason.OPEN_ORDERS_REQUEST_RESPONSE, {
          RequestID: k.RequestID,
          TotalNumMessages: k.total,
          MessageNumber: k.n,
        }),
    );
  }

  /** HISTORICAL_ORDER_FILLS_REQUEST: every execution since `StartDateTime` (or the last `NumberOfDays`). */
  #fillsRequest(conn: C, m: DtcHistoricalOrderFillsRequest): void {
    const replay = this.#ctx.replayTime();
    const now = Number.isFinite(replay) ? replay : this.#ctx.now();
    const since =
      m.StartDateTime > 0
        ? m.StartDateTime * US_PER_SECOND
        : m.NumberOfDays > 0
          ? now - m.NumberOfDays * US_PER_DAY
          : Number.NEGATIVE_INFINITY;
    this.#answer(
      conn,
      m,
      T.HISTORICAL_ORDER_FILLS_REJECT,
      (accounts) => accounts.flatMap((a) => this.#broker.executions(since, a, m.ServerOrderID)),
      { Type: T.HISTORICAL_ORDER_FILL_RESPONSE, TotalNumberMessages: 1, MessageNumber: 1, NoOrderFills: 1 },
      (e, k) => ({
        Type: T.HISTORICAL_ORDER_FILL_RESPONSE,
        RequestID: k.RequestID,
        TotalNumberMessages: k.total,
        MessageNumber: k.n,
        Symbol: e.order.instrument.symbol,
        Exchange: e.order.instrument.exchange,
        ServerOrderID: e.order.serverOrderId,
        BuySell: e.order.buySell,
        Price: e.price,
        DateTime: usToDtcWholeSeconds(e.time),
        Quantity: e.quantity,
        UniqueExecutionID: e.executionId,
        TradeAccount: e.order.account,
        OpenClose: e.openClose,
        NoOrderFills: 0,
        PositionQuantity: e.positionQuantity,
      }),
    );
  }

  #positions(conn: C, m: DtcCurrentPositionsRequest): void {
    this.#answer(
      conn,
      m,
      T.CURRENT_POSITIONS_REJECT,
      (accounts) =>
        accounts.flatMap((id) =>
          [...(this.#broker.account(id)?.positions ?? [])].flatMap(([key, h]) => {
            const inst = this.#ctx.specs.get(key);
            return inst !== undefined && h.position.quantity !== 0
              ? [{ inst, account: id, pos: SimBroker.report(h) }]
              : [];
          }),
        ),
      {
        Type: T.POSITION_UPDATE,
        TotalNumberMessages: 1,
        MessageNumber: 1,
        NoPositions: 1,
        TradeAccount: m.TradeAccount,
      },
      (r, k) =>
        this.#positionUpdate(r.inst, r.account, r.pos, {
          RequestID: k.RequestID,
          TotalNumberMessages: k.total,
          MessageNumber: k.n,
        }),
    );
  }

  #balanceRequest(conn: C, m: DtcAccountBalanceRequest): void {
    this.#answer(
      conn,
      m,
      T.ACCOUNT_BALANCE_REJECT,
      (accounts) => accounts,
      undefined,
      (id, k) =>
        this.#balanceUpdate(id, { RequestID: k.RequestID, TotalNumberMessages: k.total, MessageNumber: k.n }),
    );
  }
}
