import {
  type Clock,
  type CoreEvents,
  EventBus,
  isWorkingStatus,
  type Logger,
  MinhosError,
  netRealizedPnl,
  type Order,
  type OrderReplacement,
  type Position,
  type TimestampUs,
  TOPICS,
  unrealizedPnl,
} from '@minhos/core';
import type { Broker, BrokerReport } from '../brokers/index.js';
import type { ModuleFlags } from '../runtime/index.js';
import type { EngineStore, JournalEntry, OrderRecord } from '../store/index.js';
import { type AccountFigures, type AccountState, accountFigures } from './accountFigures.js';
import { DirtyKeys } from './DirtyKeys.js';
import { exchangeTradeDate } from './exchangeTradeDate.js';
import type { InstrumentSpec } from './InstrumentSpec.js';
import type { RiskGate } from './RiskGate.js';
import type { TradingPermission } from './reconcileWithVenue.js';

/** Bracket distances in points. */
export type BracketDistances = { readonly stopLossPoints: number; readonly takeProfitPoints: number };

/** The answer of a cancel or replace request. */
export type RequestOutcome = { ok: true; order: Order } | { ok: false; message: string };

/** @internal State keys of the order manager in the store. */
export const STATE_ACCOUNT = 'account';
/** @internal */
export const STATE_PERMISSION = 'tradingPermission';

/**
 * What the journal keeps of an order event: the order's identity and the state this change left
 * it in. Its terms, history and execution ids are in its order row.
 */
function orderChange(o: Order): Record<string, unknown> {
  return {
    clientOrderId: o.clientOrderId,
    orderId: o.orderId,
    instrumentId: o.instrumentId,
    side: o.side,
    type: o.type,
    quantity: o.quantity,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    status: o.status,
    filledQuantity: o.filledQuantity,
    avgFillPrice: o.avgFillPrice,
    updatedAt: o.updatedAt,
    reason: o.history[o.history.length - 1]?.reason,
  };
}
const RECENT_WINDOW_US = 60_000_000;

/** What {@link OmsBook} is built from. */
export interface OmsBookOptions {
  readonly store: EngineStore;
  readonly broker: Broker;
  readonly clock: Clock;
  readonly instruments: readonly InstrumentSpec[];
  readonly gate: RiskGate;
  readonly modules: ModuleFlags | undefined;
  readonly logger: Logger;
  readonly bracket: BracketDistances | undefined;
  readonly startingCapital: number;
}

/**
 * @internal The order manager's state and the few primitives every part of it shares (submission,
 * report application, brackets, reconciliation): one object, so the parts can live in their own
 * files while the public {@link OrderManager} API stays one class.
 */
export class OmsBook {
  readonly store: EngineStore;
  readonly broker: Broker;
  readonly clock: Clock;
  readonly gate: RiskGate;
  readonly modules: ModuleFlags | undefined;
  readonly logger: Logger;
  readonly bracket: BracketDistances | undefined;
  readonly specs = new Map<string, InstrumentSpec>();
  readonly records = new Map<string, OrderRecord>();
  /** Client ids of orders that can still fill, so the gate's view costs O(working). */
  readonly working = new Set<string>();
  readonly positions = new Map<string, Position>();
  /** The same positions in first-opened order, as a list: per-bar loops iterate it without an iterator object. */
  readonly positionList: Position[] = [];
  readonly #positionIndex = new Map<string, number>();
  readonly marks = new Map<string, number>();
  readonly markTimes = new Map<string, number>();
  /** Instruments whose mark changed since the last commit (written by the store's commit hook). */
  readonly dirtyMarks = new DirtyKeys();
  /**
   * Rows changed since the last commit, written once each by the store's commit hook (an order
   * acknowledged and filled in one group commit is one row write, not two). The journal entries
   * keep every event, in order.
   */
  readonly dirtyOrders = new DirtyKeys();
  readonly dirtyPositions = new DirtyKeys();
  dirtyAccount: { readonly next: AccountState; readonly time: TimestampUs } | undefined;
  readonly journalBuffer: JournalEntry[] = [];
  /** Submission times, oldest first; entries before `recentStart` are older than the gate's window. */
  readonly recent: TimestampUs[] = [];
  recentStart = 0;
  account: AccountState;
  permission: TradingPermission;
  reconciling = false;
  readonly bus: EventBus<CoreEvents>;
  /** Set by the order manager: cancel and replace go through its public methods. */
  cancel: (id: string, reason?: string) => Promise<RequestOutcome> = () =>
    Promise.resolve({ ok: false, message: 'not wired' });
  replace: (id: string, changes: OrderReplacement) => Promise<RequestOutcome> = () =>
    Promise.resolve({ ok: false, message: 'not wired' });
  handleReport: (report: BrokerReport) => void = () => {};

  constructor(options: OmsBookOptions) {
    this.store = options.store;
    this.broker = options.broker;
    this.clock = options.clock;
    this.gate = options.gate;
    this.modules = options.modules;
    this.logger = options.logger;
    this.bracket = options.bracket;
    for (const s of options.instruments) this.specs.set(s.instrumentId, s);
    const snap = this.store.load();
    for (const r of snap.orders) {
      this.records.set(r.order.clientOrderId, r);
      if (isWorkingStatus(r.order.status)) this.working.add(r.order.clientOrderId);
    }
    for (const p of snap.positions) this.#keepPosition(p);
    for (const m of snap.marks) {
      this.marks.set(m.instrumentId, m.price);
      this.markTimes.set(m.instrumentId, m.time);
    }
    const now = this.clock.now();
    this.account = (snap.state[STATE_ACCOUNT] as AccountState | undefined) ?? {
      startingCapital: options.startingCapital,
      peakEquity: options.startingCapital,
      tradeDate: exchangeTradeDate(now),
      dayStartEquity: options.startingCapital,
    };
    this.permission = (snap.state[STATE_PERMISSION] as TradingPermission | undefined) ?? 'ACTIVE';
    this.bus = new EventBus<CoreEvents>({ logger: this.logger, lastSequence: snap.lastJournalSeq });
    // A store that keeps no journal (a backtest's) is not handed entries to drop.
    if (this.store.keepsJournal) {
      this.bus.subscribe('*', (payload, topic, seq) => {
        // The order row keeps the full history; the journal entry records this change only.
        const body =
          topic === TOPICS.order ? { order: orderChange((payload as { order: Order }).order) } : payload;
        this.journalBuffer.push({ seq, time: this.clock.now(), topic, body });
      });
    }
    // Changed rows and last marks ride along with every commit (and the store's close): the
    // write-ahead row is therefore written inside the write-ahead commit, before the broker sees it.
    this.store.onBeforeCommit(() => this.writeDirty());
  }

  /** Writes the coalesced rows into the store's current transaction (the commit hook). */
  writeDirty(): void {
    const store = this.store;
    // Each changed row once, as it is now (the latest record of an order, position).
    const orders = this.dirtyOrders;
    for (let i = 0; i < orders.count; i++) store.putOrder(this.records.get(orders.at(i)) as OrderRecord);
    orders.reset();
    const positions = this.dirtyPositions;
    for (let i = 0; i < positions.count; i++)
      store.putPosition(this.positions.get(positions.at(i)) as Position);
    positions.reset();
    const account = this.dirtyAccount;
    if (account !== undefined) {
      this.dirtyAccount = undefined;
      store.setState(STATE_ACCOUNT, account.next, account.time);
    }
    if (this.journalBuffer.length > 0) {
      for (const e of this.journalBuffer) store.appendJournal(e);
      this.journalBuffer.length = 0;
    }
    const marks = this.dirtyMarks;
    for (let i = 0; i < marks.count; i++) {
      const id = marks.at(i);
      store.putMark(
        id as Position['instrumentId'],
        this.marks.get(id) as number,
        this.markTimes.get(id) as number,
      );
    }
    marks.reset();
  }

  spec(id: string): InstrumentSpec {
    const s = this.specs.get(id);
    if (s === undefined) {
      throw new MinhosError(
        'ORDER_INVALID',
        `instrument ${id} is not configured for trading (known: ${[...this.specs.keys()].join(', ')})`,
      );
    }
    return s;
  }

  must<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
    if (!r.ok) throw new MinhosError('OMS_INVARIANT', r.error.message);
    return r.value;
  }

  /** Stores a changed order record (memory, working set, store row) and publishes it. */
  put(record: OrderRecord): void {
    const id = record.order.clientOrderId;
    this.records.set(id, record);
    if (isWorkingStatus(record.order.status)) this.working.add(id);
    else this.working.delete(id);
    this.dirtyOrders.add(id);
    this.bus.publish(TOPICS.order, { order: record.order });
  }

  setAccount(next: AccountState, time: TimestampUs): void {
    this.account = next;
    this.dirtyAccount = { next, time };
  }

  /** A changed position: in memory now, its row with the next commit. */
  setPosition(position: Position): void {
    this.#keepPosition(position);
    this.dirtyPositions.add(position.instrumentId);
  }

  /**
   * Equity at the current marks, computed as {@link accountFigures} does (same terms, same order
   * of additions, so the same bits) but without allocating: the per-mark hot path.
   */
  equity(): number {
    let realized = 0;
    let unrealized = 0;
    const list = this.positionList;
    for (let i = 0; i < list.length; i++) {
      const p = list[i] as Position;
      realized += netRealizedPnl(p);
      if (p.quantity !== 0) unrealized += unrealizedPnl(p, this.marks.get(p.instrumentId) ?? p.avgPrice);
    }
    return this.account.startingCapital + realized + unrealized;
  }

  #keepPosition(position: Position): void {
    const id = position.instrumentId;
    this.positions.set(id, position);
    const at = this.#positionIndex.get(id);
    if (at === undefined) {
      this.#positionIndex.set(id, this.positionList.length);
      this.positionList.push(position);
    } else this.positionList[at] = position;
  }

  /** Whether `time` belongs to a later exchange trade date than the account's (the test {@link accountFigures} makes to roll the day). */
  rollsTradeDate(time: TimestampUs): boolean {
    return exchangeTradeDate(time) > this.account.tradeDate;
  }

  figures(now: TimestampUs): { figures: AccountFigures; next: AccountState } {
    return accountFigures(this.account, this.positionList, this.marks, (id) => this.specs.get(id), now);
  }

  /** Records a submission time and returns the times inside the gate's one-minute window. */
  noteSubmission(now: TimestampUs): void {
    this.recent.push(now);
    const from = now - RECENT_WINDOW_US;
    while (this.recentStart < this.recent.length && (this.recent[this.recentStart] as number) <= from)
      this.recentStart += 1;
    if (this.recentStart > 512) {
      this.recent.splice(0, this.recentStart);
      this.recentStart = 0;
    }
  }

  /** Submission times in the last minute before `now`. */
  recentTimes(now: TimestampUs): TimestampUs[] {
    const from = now - RECENT_WINDOW_US;
    const out: TimestampUs[] = [];
    for (let i = this.recentStart; i < this.recent.length; i++) {
      const t = this.recent[i] as number;
      if (t > from) out.push(t);
    }
    return out;
  }
}

/** A copy of `record` with `changes` applied (Object.assign: V8 is slow on spread-then-properties). */
export function withChanges(record: OrderRecord, changes: Partial<OrderRecord>): OrderRecord {
  return Object.assign({}, record, changes) as OrderRecord;
}
