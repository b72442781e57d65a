import {
  applyFill,
  type ClientOrderId,
  flatPosition,
  type InstrumentId,
  netRealizedPnl,
  type Position,
  type TimestampUs,
  unrealizedPnl,
} from '@minhos/core';
import type { DtcCancelReplaceOrder, DtcSubmitNewSingleOrder } from '../dtcMessages.js';
import { DtcBuySell, DtcOrderStatus, DtcOrderType, DtcTimeInForce } from '../dtcProtocol.js';

/** Contract economics the simulated broker needs for one instrument. */
export interface SimInstrument {
  readonly key: string;
  readonly symbol: string;
  readonly exchange: string;
  /** Currency per 1.0 price point per contract (ES: 50). */
  readonly pointValue: number;
  /** Initial margin per contract, in account currency (0 = no margin model). */
  readonly marginPerContract: number;
}

/** A simulated order, mutable inside the broker only. */
export interface SimOrder {
  readonly serverOrderId: string;
  readonly clientOrderId: string;
  readonly account: string;
  readonly instrument: SimInstrument;
  readonly buySell: 1 | 2;
  readonly orderType: number;
  price1: number;
  price2: number;
  quantity: number;
  filledQuantity: number;
  averageFillPrice: number;
  status: number;
  readonly timeInForce: number;
  readonly receivedAt: TimestampUs;
  readonly freeFormText: string;
  readonly openOrClose: number;
  /** Stop-limit: whether the stop has triggered (it then works as a limit). */
  triggered: boolean;
  /** Whether the order has been evaluated against at least one trade since it became working. */
  seenTrade: boolean;
  lastFillPrice: number;
  lastFillQuantity: number;
  lastFillTime: TimestampUs;
  lastFillExecutionId: string;
  fills: number;
}

/** A position as the simulator reports it: signed contracts, average entry price (0 when flat). */
export interface SimPosition {
  readonly quantity: number;
  readonly averagePrice: number;
  readonly entryTime: TimestampUs;
}

/** One instrument's position in an account: @minhos/core's `Position` plus when it was opened. */
export interface SimHolding {
  position: Position;
  entryTime: TimestampUs;
}

/** One account's money. All amounts in the account currency. */
export interface SimAccount {
  readonly id: string;
  readonly startingBalance: number;
  /** Starting balance + realized P&L − commissions (from the positions, see {@link SimBroker.cash}). */
  cash: number;
  realized: number;
  commissions: number;
  readonly positions: Map<string, SimHolding>;
}

/** One execution kept for HISTORICAL_ORDER_FILLS_REQUEST. */
export interface SimExecution {
  readonly executionId: string;
  readonly order: SimOrder;
  readonly price: number;
  readonly quantity: number;
  readonly time: TimestampUs;
  /** Signed position quantity after the fill. */
  readonly positionQuantity: number;
  /** TRADE_OPEN (1) or TRADE_CLOSE (2). */
  readonly openClose: 1 | 2;
}

/** Outcome of one fill, for the simulator to report. */
export interface SimFill {
  readonly order: SimOrder;
  readonly price: number;
  readonly quantity: number;
  readonly time: TimestampUs;
  readonly position: SimPosition;
  readonly account: SimAccount;
  /** Whether the order is now completely filled. */
  readonly complete: boolean;
}

/** Settings of {@link SimBroker}. */
export interface SimBrokerOptions {
  readonly accounts: readonly string[];
  readonly startingBalance: number;
  /** Per contract per fill (each side), in account currency. */
  readonly commissionPerContract: number;
  /** Most contracts one trade print fills of one order (default: all of it). Smaller = partial fills. */
  readonly maxFillPerPrint?: number;
}

export type SubmitOutcome =
  | { ok: true; order: SimOrder }
  | { ok: false; reason: string; order: SimOrder | undefined };

const SUPPORTED_TYPES: ReadonlySet<number> = new Set([
  DtcOrderType.ORDER_TYPE_MARKET,
  DtcOrderType.ORDER_TYPE_LIMIT,
  DtcOrderType.ORDER_TYPE_STOP,
  DtcOrderType.ORDER_TYPE_STOP_LIMIT,
]);

const WORKING: ReadonlySet<number> = new Set([
  DtcOrderStatus.ORDER_STATUS_OPEN,
  DtcOrderStatus.ORDER_STATUS_PARTIALLY_FILLED,
]);

/**
 * The simulator's order book and accounts: pure state transitions, no I/O. Fill rules against a
 * trade print at price P (each fills the rest of the order, or at most `maxFillPerPrint` contracts of it:
 * a partial fill leaves the order working):
 * - MARKET fills at the first print after it is accepted, at P;
 * - LIMIT (buy at L): if marketable on its first print (P ≤ L) it fills at P; afterwards it rests and
 *   fills only when a print **crosses** it (P < L), at L — a touch does not fill, since queue
 *   position is unknown. Sells mirror this;
 * - STOP (buy at S) fills at P on the first print with P ≥ S (touched), sells on P ≤ S;
 * - STOP_LIMIT triggers like a stop on Price1, then works as a LIMIT at Price2 from that same print;
 * - IOC/FOK orders that do not fill on their first print are canceled.
 */
export class SimBroker {
  readonly #accounts = new Map<string, SimAccount>();
  readonly #orders = new Map<string, SimOrder>();
  readonly #byClientId = new Map<string, SimOrder>();
  readonly #lastPrice = new Map<string, number>();
  readonly #commission: number;
  readonly #maxFill: number;
  readonly #executions: SimExecution[] = [];
  #nextOrder = 1;

  constructor(options: SimBrokerOptions) {
    this.#commission = options.commissionPerContract;
    this.#maxFill = options.maxFillPerPrint ?? Number.POSITIVE_INFINITY;
    for (const id of options.accounts) {
      this.#accounts.set(id, {
        id,
        startingBalance: options.startingBalance,
        cash: options.startingBalance,
        realized: 0,
        commissions: 0,
        positions: new Map(),
      });
    }
  }

  get accountIds(): string[] {
    return [...this.#accounts.keys()];
  }

  account(id: string): SimAccount | undefined {
    return this.#accounts.get(id);
  }

  /** Resolves an empty account name to the only/first account, as Sierra does for single-account servers. */
  resolveAccount(id: string): SimAccount | undefined {
    if (id === '') return this.#accounts.values().next().value;
    return this.#accounts.get(id);
  }

  /** Executions at or after `since` (µs), oldest first, optionally of one account / one order. */
  executions(since: TimestampUs, account?: string, serverOrderId?: string): SimExecution[] {
    return this.#executions.filter(
      (e) =>
        e.time >= since &&
        (account === undefined || e.order.account === account) &&
        (serverOrderId === undefined || serverOrderId === '' || e.order.serverOrderId === serverOrderId),
    );
  }

  /** The reported form of a holding. */
  static report(h: SimHolding): SimPosition {
    const p = h.position;
    return { quantity: p.quantity, averagePrice: p.quantity === 0 ? 0 : p.avgPrice, entryTime: h.entryTime };
  }

  lastPrice(key: string): number | undefined {
    return this.#lastPrice.get(key);
  }

  order(serverOrderId: string, clientOrderId: string): SimOrder | undefined {
    return (
      (serverOrderId === '' ? undefined : this.#orders.get(serverOrderId)) ??
      (clientOrderId === '' ? undefined : this.#byClientId.get(clientOrderId))
    );
  }

  /** Orders still working, in submission order, optionally for one account. */
  openOrders(account?: string): SimOrder[] {
    const out: SimOrder[] = [];
    for (const o of this.#orders.values()) {
      if (WORKING.has(o.status) && (account === undefined || o.account === account)) out.push(o);
    }
    return out;
  }

  submit(
    req: DtcSubmitNewSingleOrder,
    instrument: SimInstrument | undefined,
    now: TimestampUs,
  ): SubmitOutcome {
    const account = this.resolveAccount(req.TradeAccount);
    const clientOrderId = req.ClientOrderID === '' ? `AUTO-${this.#nextOrder}` : req.ClientOrderID;
    const reject = (reason: string): SubmitOutcome => ({ ok: false, reason, order: undefined });
    if (this.#byClientId.has(clientOrderId)) return reject(`duplicate ClientOrderID "${clientOrderId}"`);
    if (account === undefined) return reject(`unknown trade account "${req.TradeAccount}"`);
    if (instrument === undefined) return reject(`unknown symbol "${req.Symbol}" exchange "${req.Exchange}"`);
    if (req.BuySell !== DtcBuySell.BUY && req.BuySell !== DtcBuySell.SELL) {
      return reject(`BuySell must be 1 (BUY) or 2 (SELL), got ${req.BuySell}`);
    }
    if (!SUPPORTED_TYPES.has(req.OrderType)) {
      return reject(`order type ${req.OrderType} is not supported (market, limit, stop, stop-limit)`);
    }
    if (!(Number.isInteger(req.Quantity) && req.Quantity > 0)) {
      return reject(`Quantity must be a positive whole number of contracts, got ${req.Quantity}`);
    }
    const needsP1 = req.OrderType !== DtcOrderType.ORDER_TYPE_MARKET;
    if (needsP1 && !(Number.isFinite(req.Price1) && req.Price1 > 0)) {
      return reject(`Price1 must be a positive price for order type ${req.OrderType}, got ${req.Price1}`);
    }
    if (
      req.OrderType === DtcOrderType.ORDER_TYPE_STOP_LIMIT &&
      !(Number.isFinite(req.Price2) && req.Price2 > 0)
    ) {
      return reject(`Price2 (limit) must be a positive price for a stop-limit, got ${req.Price2}`);
    }
    const order: SimOrder = {
      serverOrderId: `SIM-${this.#nextOrder++}`,
      clientOrderId,
      account: account.id,
      instrument,
      buySell: req.BuySell,
      orderType: req.OrderType,
      price1: req.Price1,
      price2: req.Price2,
      quantity: req.Quantity,
      filledQuantity: 0,
      averageFillPrice: 0,
      status: DtcOrderStatus.ORDER_STATUS_OPEN,
      timeInForce: req.TimeInForce,
      receivedAt: now,
      freeFormText: req.FreeFormText,
      openOrClose: req.OpenOrClose,
      triggered: false,
      seenTrade: false,
      lastFillPrice: 0,
      lastFillQuantity: 0,
      lastFillTime: 0,
      lastFillExecutionId: '',
      fills: 0,
    };
    this.#orders.set(order.serverOrderId, order);
    this.#byClientId.set(clientOrderId, order);
    return { ok: true, order };
  }

  cancel(order: SimOrder): { ok: true } | { ok: false; reason: string } {
    if (!WORKING.has(order.status))
      return { ok: false, reason: `order ${order.serverOrderId} is not working` };
    order.status = DtcOrderStatus.ORDER_STATUS_CANCELED;
    return { ok: true };
  }

  replace(order: SimOrder, req: DtcCancelReplaceOrder): { ok: true } | { ok: false; reason: string } {
    if (!WORKING.has(order.status))
      return { ok: false, reason: `order ${order.serverOrderId} is not working` };
    const p1 = req.Price1IsSet === 1 && req.Price1 !== undefined ? req.Price1 : order.price1;
    const p2 = req.Price2IsSet === 1 && req.Price2 !== undefined ? req.Price2 : order.price2;
    const qty = req.Quantity !== undefined && req.Quantity !== 0 ? req.Quantity : order.quantity;
    if (!(Number.isInteger(qty) && qty > 0)) {
      return { ok: false, reason: `Quantity must be a positive whole number of contracts, got ${qty}` };
    }
    if (order.orderType !== DtcOrderType.ORDER_TYPE_MARKET && !(Number.isFinite(p1) && p1 > 0)) {
      return { ok: false, reason: `Price1 must be a positive price, got ${p1}` };
    }
    order.price1 = p1;
    order.price2 = p2;
    order.quantity = qty;
    return { ok: true };
  }

  /** Updates the last price of `key` (for open P&L). */
  mark(key: string, price: number): void {
    this.#lastPrice.set(key, price);
  }

  /** Evaluates working orders of `key` against one trade print; returns fills and IOC/FOK cancels. */
  onTrade(key: string, price: number, time: TimestampUs): { fills: SimFill[]; expired: SimOrder[] } {
    this.#lastPrice.set(key, price);
    const fills: SimFill[] = [];
    const expired: SimOrder[] = [];
    for (const o of this.#orders.values()) {
      if (o.instrument.key !== key || !WORKING.has(o.status)) continue;
      const fillPrice = this.#fillPrice(o, price);
      o.seenTrade = true;
      if (fillPrice !== undefined) {
        fills.push(this.#fill(o, fillPrice, time));
      } else if (
        o.timeInForce === DtcTimeInForce.TIF_IMMEDIATE_OR_CANCEL ||
        o.timeInForce === DtcTimeInForce.TIF_FILL_OR_KILL
      ) {
        o.status = DtcOrderStatus.ORDER_STATUS_CANCELED;
        expired.push(o);
      }
    }
    return { fills, expired };
  }

  #fillPrice(o: SimOrder, p: number): number | undefined {
    const buy = o.buySell === DtcBuySell.BUY;
    switch (o.orderType) {
      case DtcOrderType.ORDER_TYPE_MARKET:
        return p;
      case DtcOrderType.ORDER_TYPE_STOP:
        return (buy ? p >= o.price1 : p <= o.price1) ? p : undefined;
      case DtcOrderType.ORDER_TYPE_LIMIT:
        return limitFill(buy, o.price1, p, o.seenTrade);
      case DtcOrderType.ORDER_TYPE_STOP_LIMIT: {
        if (!o.triggered) {
          if (!(buy ? p >= o.price1 : p <= o.price1)) return undefined;
          o.triggered = true;
          return limitFill(buy, o.price2, p, false);
        }
        return limitFill(buy, o.price2, p, true);
      }
      default:
        return undefined;
    }
  }

  #fill(o: SimOrder, price: number, time: TimestampUs): SimFill {
    const qty = Math.min(o.quantity - o.filledQuantity, this.#maxFill);
    o.averageFillPrice = (o.averageFillPrice * o.filledQuantity + price * qty) / (o.filledQuantity + qty);
    o.filledQuantity += qty;
    const complete = o.filledQuantity >= o.quantity;
    o.status = complete ? DtcOrderStatus.ORDER_STATUS_FILLED : DtcOrderStatus.ORDER_STATUS_PARTIALLY_FILLED;
    o.fills++;
    o.lastFillPrice = price;
    o.lastFillQuantity = qty;
    o.lastFillTime = time;
    o.lastFillExecutionId = `${o.serverOrderId}-F${o.fills}`;
    const account = this.#accounts.get(o.account) as SimAccount;
    const key = o.instrument.key;
    let h = account.positions.get(key);
    if (h === undefined) {
      h = {
        position: flatPosition(key as InstrumentId, o.instrument.pointValue, 'USD', time),
        entryTime: time,
      };
      account.positions.set(key, h);
    }
    const before = h.position.quantity;
    const side = o.buySell === DtcBuySell.BUY ? 'BUY' : 'SELL';
    h.position = applyFill(h.position, {
      fillId: o.lastFillExecutionId,
      clientOrderId: o.clientOrderId as ClientOrderId,
      instrumentId: key as InstrumentId,
      side,
      quantity: qty,
      price,
      commission: { amount: this.#commission * qty, currency: 'USD' },
      time,
    });
    const after = h.position.quantity;
    if (before === 0 || Math.sign(after) !== Math.sign(before)) h.entryTime = time;
    this.#revalue(account);
    this.#executions.push({
      executionId: o.lastFillExecutionId,
      order: o,
      price,
      quantity: qty,
      time,
      positionQuantity: after,
      openClose: Math.abs(after) > Math.abs(before) ? 1 : 2,
    });
    return { order: o, price, quantity: qty, time, position: SimBroker.report(h), account, complete };
  }

  /** Cash, realized P&L and commissions of an account from its positions (core `Position` arithmetic). */
  #revalue(a: SimAccount): void {
    let realized = 0;
    let commissions = 0;
    let net = 0;
    for (const h of a.positions.values()) {
      realized += h.position.realizedPnl;
      commissions += h.position.commissions;
      net += netRealizedPnl(h.position);
    }
    a.realized = realized;
    a.commissions = commissions;
    a.cash = a.startingBalance + net;
  }

  /** Open P&L and margin of an account at the last prices. */
  valuation(
    account: SimAccount,
    instruments: ReadonlyMap<string, SimInstrument>,
  ): { openPnl: number; margin: number } {
    let openPnl = 0;
    let margin = 0;
    for (const [key, h] of account.positions) {
      const pos = h.position;
      if (pos.quantity === 0) continue;
      const inst = instruments.get(key);
      if (inst === undefined) continue;
      openPnl += unrealizedPnl(pos, this.#lastPrice.get(key) ?? pos.avgPrice);
      margin += Math.abs(pos.quantity) * inst.marginPerContract;
    }
    return { openPnl, margin };
  }
}

function limitFill(buy: boolean, limit: number, p: number, resting: boolean): number | undefined {
  if (!resting) return (buy ? p <= limit : p >= limit) ? p : undefined;
  return (buy ? p < limit : p > limit) ? limit : undefined;
}
