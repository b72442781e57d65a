import {
  type Bar,
  type ClientOrderId,
  type Clock,
  err,
  type InstrumentId,
  MinhosError,
  money,
  type OrderId,
  type OrderStatus,
  ok,
  orderId,
  type Result,
  sideSign,
  type TimestampUs,
} from '@minhos/core';
import Database from 'better-sqlite3';
import { roundTo10Decimals } from '../internal/roundTo10Decimals.js';
import { type EngineStore, MemoryStore } from '../store/index.js';
import type {
  Broker,
  BrokerOrder,
  BrokerReport,
  FillReport,
  SendResult,
  VenueOrder,
  VenueSnapshot,
} from './Broker.js';

/** How the paper venue fills. Prices in points; money in USD. */
export interface PaperBrokerOptions {
  readonly clock: Clock;
  /** Tick size per instrument; orders for an instrument not listed are rejected. */
  readonly instruments: readonly { readonly instrumentId: InstrumentId; readonly tickSize: number }[];
  /**
   * SQLite file of the paper venue's own state (orders, executions, positions, RNG state), kept apart
   * from the engine's store like a real broker's books. Without `path` or `store` the venue's books
   * live in memory only (no SQL at all; state lost on exit).
   */
  readonly path?: string;
  /**
   * Keep the venue's books in the engine's own database instead (`paper_*` tables): each venue
   * change is written in the engine's current transaction, so the OMS's acknowledgement and fill
   * rows and the venue's order and execution rows commit together, in one commit per order round
   * trip instead of three. A crash loses both sides of the last uncommitted reports alike, and
   * reconciliation sees one consistent venue. Not with `path`; a {@link MemoryStore} means in memory.
   */
  readonly store?: EngineStore;
  /** Commission per contract per fill (config `trading.commissionPerContract`). Default 0. */
  readonly commissionPerContract?: number;
  /** Adverse slippage of market and stop fills, in ticks (config `trading.slippageTicks`). Default 0. */
  readonly slippageTicks?: number;
  /** Market orders fill at the next trade (default) or at the next bar's open. */
  readonly marketFill?: 'nextTrade' | 'nextBarOpen';
  /** A limit fills when price trades through it (default, conservative) or when it touches it. */
  readonly limitFill?: 'through' | 'touch';
  /**
   * Partial fills by volume: each trade or bar fills at most `participation` × its volume × a seeded
   * random fraction (at least 1 contract). Omit for full fills.
   */
  readonly partialFills?: { readonly participation: number };
  /** Seed of the partial-fill randomness; the same seed and data give the same fills. Default 1. */
  readonly seed?: number;
}

interface VenueState {
  clientOrderId: ClientOrderId;
  orderId: OrderId;
  instrumentId: InstrumentId;
  side: BrokerOrder['side'];
  type: BrokerOrder['type'];
  quantity: number;
  limitPrice?: number;
  stopPrice?: number;
  reduceOnly: boolean;
  status: OrderStatus;
  filled: number;
  avgPrice: number;
  executions: number;
  triggered: boolean;
  /** Whether a price has been seen since the order arrived (a limit marketable on arrival fills at the market). */
  seenPrice: boolean;
}

const WORKING: ReadonlySet<OrderStatus> = new Set(['ACCEPTED', 'PARTIALLY_FILLED']);

/**
 * A simulated broker: market orders at the next trade or the next bar's open, limits when price
 * trades through (or touches), stops when touched, slippage in ticks, commission per contract,
 * optional partial fills by volume, reduce-only enforcement. Deterministic for a seed. Its books
 * persist in their own SQLite file (`path`) or in the engine's database (`store`, committed with the
 * engine's own rows), so a restart keeps paper positions exactly as a live account.
 *
 * Feed it market data with {@link PaperBroker.onTrade} / {@link PaperBroker.onBar}.
 *
 * @example
 * ```ts
 * import { SimulatedClock, instrumentId } from '@minhos/core';
 * import { PaperBroker } from '@minhos/engine';
 * const es = instrumentId('ESZ25.CME');
 * const paper = new PaperBroker({ clock: new SimulatedClock(0), instruments: [{ instrumentId: es, tickSize: 0.25 }], commissionPerContract: 2.5, slippageTicks: 1 });
 * paper.onTrade(es, 5000, 10, 1);
 * paper.close();
 * ```
 */
export class PaperBroker implements Broker {
  readonly name = 'paper';
  /** The venue's books on disk (own file or the engine's database); `undefined`: in memory only. */
  readonly #db: Database.Database | undefined;
  readonly #ownsDb: boolean;
  /** Executions, when the books are in memory (snapshots read them). */
  readonly #fills: FillReport[] = [];
  readonly #clock: Clock;
  readonly #ticks = new Map<string, number>();
  readonly #orders = new Map<string, VenueState>();
  /** Working orders only, so matching a trade costs O(working), not O(every order ever). */
  readonly #working = new Map<string, VenueState>();
  readonly #positions = new Map<string, number>();
  readonly #last = new Map<string, number>();
  readonly #commission: number;
  readonly #slippage: number;
  readonly #marketFill: 'nextTrade' | 'nextBarOpen';
  readonly #touch: boolean;
  readonly #participation: number | undefined;
  #rng: number;
  #seq: number;
  #listener: (r: BrokerReport) => void = () => {};
  readonly #outbox: BrokerReport[] = [];
  #flushing = false;
  readonly #putOrder: Database.Statement | undefined;
  readonly #putFill: Database.Statement | undefined;
  readonly #putMeta: Database.Statement | undefined;
  readonly #tx: (fn: () => void) => void;

  constructor(options: PaperBrokerOptions) {
    this.#clock = options.clock;
    for (const i of options.instruments) this.#ticks.set(i.instrumentId, i.tickSize);
    this.#commission = options.commissionPerContract ?? 0;
    this.#slippage = options.slippageTicks ?? 0;
    this.#marketFill = options.marketFill ?? 'nextTrade';
    this.#touch = options.limitFill === 'touch';
    this.#participation = options.partialFills?.participation;
    if (this.#participation !== undefined && !(this.#participation > 0 && this.#participation <= 1)) {
      throw new MinhosError(
        'PAPER_INVALID',
        `paper partialFills.participation must be in (0, 1], got ${this.#participation}`,
      );
    }
    const shared = options.store;
    if (shared !== undefined && options.path !== undefined) {
      throw new MinhosError('PAPER_INVALID', 'paper broker: give `path` or `store` for its books, not both');
    }
    if (shared !== undefined && !(shared instanceof MemoryStore)) {
      this.#db = shared.sqlite;
      this.#ownsDb = false;
      // Inside the engine's transaction (or group-committed with its next commit).
      this.#tx = (fn) => shared.deferred(fn);
    } else if (options.path !== undefined) {
      const db = new Database(options.path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      this.#db = db;
      this.#ownsDb = true;
      this.#tx = db.transaction((fn: () => void) => fn());
    } else {
      this.#db = undefined;
      this.#ownsDb = false;
      this.#tx = (fn) => fn();
    }
    const db = this.#db;
    const meta = new Map<string, string>();
    if (db !== undefined) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS paper_orders (client_order_id TEXT PRIMARY KEY, body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS paper_fills (execution_id TEXT PRIMARY KEY, time INTEGER NOT NULL, body TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS paper_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
      this.#putOrder = db.prepare(
        'INSERT OR REPLACE INTO paper_orders (client_order_id, body) VALUES (?, ?)',
      );
      this.#putFill = db.prepare('INSERT INTO paper_fills (execution_id, time, body) VALUES (?, ?, ?)');
      this.#putMeta = db.prepare('INSERT OR REPLACE INTO paper_meta (key, value) VALUES (?, ?)');
      for (const row of db.prepare('SELECT body FROM paper_orders').all() as Array<{ body: string }>) {
        const o = JSON.parse(row.body) as VenueState;
        this.#orders.set(o.clientOrderId, o);
        if (WORKING.has(o.status)) this.#working.set(o.clientOrderId, o);
      }
      for (const r of db.prepare('SELECT key, value FROM paper_meta').all() as Array<{
        key: string;
        value: string;
      }>)
        meta.set(r.key, r.value);
    } else {
      this.#putOrder = undefined;
      this.#putFill = undefined;
      this.#putMeta = undefined;
    }
    this.#seq = Number(meta.get('seq') ?? 0);
    this.#rng = Number(meta.get('rng') ?? (options.seed ?? 1) >>> 0);
    for (const [k, v] of Object.entries(
      JSON.parse(meta.get('positions') ?? '{}') as Record<string, number>,
    )) {
      this.#positions.set(k, v);
    }
  }

  setListener(listener: (report: BrokerReport) => void): void {
    this.#listener = listener;
  }

  /** The venue's net position in an instrument (signed contracts). */
  positionOf(id: InstrumentId): number {
    return this.#positions.get(id) ?? 0;
  }

  submit(order: BrokerOrder): Promise<SendResult> {
    const now = this.#clock.now();
    if (this.#orders.has(order.clientOrderId)) {
      // The venue dedupes on the client id too: a resend never creates a second order.
      return Promise.resolve({ status: 'sent' });
    }
    if (!this.#ticks.has(order.instrumentId)) {
      this.#emit({
        kind: 'rejected',
        clientOrderId: order.clientOrderId,
        reason: `paper: ${order.instrumentId} is not tradeable here`,
        time: now,
      });
      this.#flush();
      return Promise.resolve({ status: 'sent' });
    }
    this.#seq += 1;
    const last = this.#last.get(order.instrumentId);
    const dir = sideSign(order.side);
    // A limit already marketable at the last price fills at the next price, like a market order.
    const marketable =
      order.limitPrice !== undefined &&
      last !== undefined &&
      (dir > 0 ? last <= order.limitPrice : last >= order.limitPrice);
    const state: VenueState = {
      clientOrderId: order.clientOrderId,
      orderId: orderId(`P${this.#seq}`),
      instrumentId: order.instrumentId,
      side: order.side,
      type: order.type,
      quantity: order.quantity,
      reduceOnly: order.reduceOnly,
      status: 'ACCEPTED',
      filled: 0,
      avgPrice: 0,
      executions: 0,
      triggered: false,
      seenPrice: last !== undefined && !marketable,
    };
    if (order.limitPrice !== undefined) state.limitPrice = order.limitPrice;
    if (order.stopPrice !== undefined) state.stopPrice = order.stopPrice;
    this.#tx(() => {
      this.#save(state);
      this.#putMeta?.run('seq', String(this.#seq));
    });
    this.#emit({ kind: 'accepted', clientOrderId: state.clientOrderId, orderId: state.orderId, time: now });
    this.#flush();
    return Promise.resolve({ status: 'sent' });
  }

  cancel(id: ClientOrderId): Promise<SendResult> {
    const o = this.#orders.get(id);
    const now = this.#clock.now();
    if (o === undefined || !WORKING.has(o.status)) {
      this.#emit({
        kind: 'cancelRejected',
        clientOrderId: id,
        reason: o === undefined ? 'paper: unknown order' : `paper: order is ${o.status}`,
        time: now,
      });
    } else {
      o.status = 'CANCELED';
      this.#tx(() => this.#save(o));
      this.#emit({ kind: 'canceled', clientOrderId: id, reason: 'canceled', time: now });
    }
    this.#flush();
    return Promise.resolve({ status: 'sent' });
  }

  replace(
    id: ClientOrderId,
    changes: { readonly quantity: number; readonly limitPrice?: number; readonly stopPrice?: number },
  ): Promise<SendResult> {
    const o = this.#orders.get(id);
    const now = this.#clock.now();
    if (o === undefined || !WORKING.has(o.status) || changes.quantity <= o.filled) {
      this.#emit({
        kind: 'replaceRejected',
        clientOrderId: id,
        reason:
          o === undefined
            ? 'paper: unknown order'
            : `paper: cannot replace (${o.status}, filled ${o.filled})`,
        time: now,
      });
    } else {
      o.quantity = changes.quantity;
      if (changes.limitPrice !== undefined) o.limitPrice = changes.limitPrice;
      if (changes.stopPrice !== undefined) o.stopPrice = changes.stopPrice;
      this.#tx(() => this.#save(o));
      this.#emit({
        kind: 'replaced',
        clientOrderId: id,
        quantity: o.quantity,
        ...(o.limitPrice === undefined ? {} : { limitPrice: o.limitPrice }),
        ...(o.stopPrice === undefined ? {} : { stopPrice: o.stopPrice }),
        time: now,
      });
    }
    this.#flush();
    return Promise.resolve({ status: 'sent' });
  }

  snapshot(fillsSince: TimestampUs): Promise<Result<VenueSnapshot, MinhosError>> {
    try {
      const orders: VenueOrder[] = [...this.#orders.values()].map((o) => ({
        clientOrderId: o.clientOrderId,
        orderId: o.orderId,
        instrumentId: o.instrumentId,
        side: o.side,
        type: o.type,
        quantity: o.quantity,
        ...(o.limitPrice === undefined ? {} : { limitPrice: o.limitPrice }),
        ...(o.stopPrice === undefined ? {} : { stopPrice: o.stopPrice }),
        status: o.status,
        filledQuantity: o.filled,
        avgFillPrice: o.filled === 0 ? Number.NaN : o.avgPrice,
      }));
      const fills =
        this.#db === undefined
          ? this.#fills.filter((f) => f.time >= fillsSince)
          : (
              this.#db
                .prepare('SELECT body FROM paper_fills WHERE time >= ? ORDER BY time, rowid')
                .all(fillsSince) as Array<{ body: string }>
            ).map((r) => JSON.parse(r.body) as FillReport);
      const positions = new Map<InstrumentId, number>();
      for (const [k, v] of this.#positions) if (v !== 0) positions.set(k as InstrumentId, v);
      return Promise.resolve(ok({ orders, fills, positions }));
    } catch (cause) {
      return Promise.resolve(
        err(new MinhosError('PAPER_SNAPSHOT_FAILED', `paper snapshot failed: ${String(cause)}`, { cause })),
      );
    }
  }

  /** A trade printed at `price` for `volume` contracts: fills market orders (nextTrade), limits and stops. */
  onTrade(instrumentId: InstrumentId, price: number, volume: number, time: TimestampUs): void {
    this.#match(instrumentId, time, {
      open: price,
      high: price,
      low: price,
      close: price,
      volume,
      isBar: false,
    });
  }

  /** A bar closed: market orders fill at its open (nextBarOpen), limits/stops against its range (gaps at the open). */
  onBar(instrumentId: InstrumentId, bar: Bar): void {
    this.#match(instrumentId, bar.time, {
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      isBar: true,
    });
  }

  /**
   * Places an order directly at the venue, as a person would by hand in Sierra Chart (tests and
   * demos of reconciliation). Returns its venue order id.
   */
  placeManualOrder(order: BrokerOrder): OrderId {
    const listener = this.#listener;
    this.#listener = () => {};
    void this.submit(order);
    this.#listener = listener;
    return (this.#orders.get(order.clientOrderId) as VenueState).orderId;
  }

  /** Closes the venue database (its own file; a shared engine database is the engine's to close). */
  close(): void {
    if (this.#ownsDb && this.#db?.open === true) this.#db.close();
  }

  #match(
    instrumentId: InstrumentId,
    time: TimestampUs,
    px: { open: number; high: number; low: number; close: number; volume: number; isBar: boolean },
  ): void {
    const tick = this.#ticks.get(instrumentId);
    if (tick === undefined) return;
    const slip = this.#slippage * tick;
    // Stops before limits: when both legs of an OCO could fill in one bar, assume the worse one did.
    const working: VenueState[] = [];
    for (const o of this.#working.values())
      if (o.instrumentId === instrumentId && WORKING.has(o.status)) working.push(o);
    this.#last.set(instrumentId, px.isBar ? px.close : px.open);
    // An idle price (nothing working here) changes no state: no transaction, no write.
    if (working.length === 0) return;
    if (working.length > 1) working.sort((a, b) => rank(a) - rank(b));
    let volumeLeft = px.volume;
    const rngBefore = this.#rng;
    let executed = false;
    this.#tx(() => {
      for (const o of working) {
        if (!WORKING.has(o.status)) continue;
        const dir = sideSign(o.side);
        let price: number | undefined;
        if (o.type === 'STOP' || o.type === 'STOP_LIMIT') {
          const stop = o.stopPrice as number;
          if (!o.triggered) {
            const gap = dir > 0 ? px.open >= stop : px.open <= stop;
            const hit = dir > 0 ? px.high >= stop : px.low <= stop;
            if (!hit) {
              o.seenPrice = true;
              continue;
            }
            o.triggered = true;
            if (o.type === 'STOP') price = (gap ? px.open : stop) + dir * slip;
          } else if (o.type === 'STOP') price = px.open + dir * slip;
        }
        if (o.type === 'MARKET') {
          if (this.#marketFill === 'nextBarOpen' && !px.isBar) continue;
          price = px.open + dir * slip;
        }
        if (o.type === 'LIMIT' || (o.type === 'STOP_LIMIT' && o.triggered && price === undefined)) {
          const limit = o.limitPrice as number;
          const beyond = (x: number) => (dir > 0 ? x < limit : x > limit);
          const reaches = (x: number) => (dir > 0 ? x <= limit : x >= limit);
          const marketable = !o.seenPrice && reaches(px.open);
          if (marketable || beyond(px.open) || (this.#touch && px.open === limit)) {
            // On arrival or at a bar's open the price is the market's; a resting limit crossed by a trade fills at its limit.
            price = marketable || px.isBar ? px.open : limit;
          } else if (
            beyond(dir > 0 ? px.low : px.high) ||
            (this.#touch && reaches(dir > 0 ? px.low : px.high))
          ) {
            price = limit;
          }
        }
        o.seenPrice = true;
        if (price === undefined) continue;
        let qty = o.quantity - o.filled;
        if (this.#participation !== undefined) {
          const cap = Math.max(1, Math.floor(volumeLeft * this.#participation * this.#random()));
          qty = Math.min(qty, cap);
          volumeLeft = Math.max(0, volumeLeft - qty);
        }
        if (o.reduceOnly) {
          const pos = this.#positions.get(instrumentId) ?? 0;
          const reducible = Math.sign(pos) === -dir ? Math.abs(pos) : 0;
          if (reducible === 0) {
            o.status = 'CANCELED';
            this.#save(o);
            this.#emit({
              kind: 'canceled',
              clientOrderId: o.clientOrderId,
              reason: 'paper: reduce-only order would increase the position',
              time,
            });
            continue;
          }
          qty = Math.min(qty, reducible);
        }
        this.#execute(o, qty, roundTo10Decimals(price), time);
        executed = true;
      }
      // Meta rows change only with a draw or an execution; unchanged ones are not rewritten.
      if (this.#putMeta !== undefined) {
        if (this.#rng !== rngBefore) this.#putMeta.run('rng', String(this.#rng));
        if (executed) this.#putMeta.run('positions', JSON.stringify(Object.fromEntries(this.#positions)));
      }
    });
    this.#flush();
  }

  #execute(o: VenueState, qty: number, price: number, time: TimestampUs): void {
    o.avgPrice = (o.avgPrice * o.filled + price * qty) / (o.filled + qty);
    o.filled += qty;
    o.executions += 1;
    o.status = o.filled === o.quantity ? 'FILLED' : 'PARTIALLY_FILLED';
    this.#positions.set(o.instrumentId, (this.#positions.get(o.instrumentId) ?? 0) + sideSign(o.side) * qty);
    const fill: FillReport = {
      kind: 'fill',
      clientOrderId: o.clientOrderId,
      orderId: o.orderId,
      executionId: `${o.orderId}-E${o.executions}`,
      instrumentId: o.instrumentId,
      side: o.side,
      quantity: qty,
      price,
      commission: money(roundTo10Decimals(this.#commission * qty)),
      time,
    };
    this.#save(o);
    if (this.#putFill === undefined) this.#fills.push(fill);
    else this.#putFill.run(fill.executionId, time, JSON.stringify(fill));
    this.#emit(fill);
  }

  #save(o: VenueState): void {
    this.#orders.set(o.clientOrderId, o);
    if (WORKING.has(o.status)) this.#working.set(o.clientOrderId, o);
    else this.#working.delete(o.clientOrderId);
    this.#putOrder?.run(o.clientOrderId, JSON.stringify(o));
  }

  #emit(report: BrokerReport): void {
    this.#outbox.push(report);
  }

  /** Delivers queued reports in order; a report handler that calls back into the broker queues behind. */
  #flush(): void {
    if (this.#flushing) return;
    this.#flushing = true;
    try {
      for (let r = this.#outbox.shift(); r !== undefined; r = this.#outbox.shift()) this.#listener(r);
    } finally {
      this.#flushing = false;
    }
  }

  /** mulberry32: small, fast, good enough for fill randomness, and its state persists. */
  #random(): number {
    this.#rng = (this.#rng + 0x6d2b79f5) >>> 0;
    let t = this.#rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

function rank(o: VenueState): number {
  return o.type === 'STOP' || o.type === 'STOP_LIMIT' ? 0 : o.type === 'MARKET' ? 1 : 2;
}
