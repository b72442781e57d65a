import type { ClientOrderId, Fill, InstrumentId, Position, Result, TimestampUs } from '@minhos/core';
import { err, MinhosError } from '@minhos/core';
import Database from 'better-sqlite3';
import {
  EngineStore,
  type JournalEntry,
  type StoredDecision,
  type StoredMark,
  type StoreSnapshot,
  type ValidationRecord,
} from './EngineStore.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { OrderRecord } from './records.js';
import { StoreError } from './StoreError.js';

function memoryDatabase(): Database.Database {
  const db = new Database(':memory:');
  for (let v = 0; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] as string);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

/** The undo log's marker for the last fill time. */
const LAST_FILL_TIME = Symbol('lastFillTime');

/** Options of a {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Keep the event journal (default true). `false` drops its entries, and {@link EngineStore.keepsJournal}
   * tells the order manager not to build them: order rows still keep each order's full history,
   * fills, positions and validations are kept.
   */
  readonly journal?: boolean;
}

/**
 * An {@link EngineStore} that keeps orders, fills, positions, state, marks, the journal, validations,
 * risk events, P&L history and decisions in plain JavaScript maps and arrays: no SQL, no JSON, no
 * disk. For backtests, where crash safety is not needed and a SQLite write per order would dominate
 * the run. The values are the engine's own immutable objects, stored by reference.
 *
 * Same contract as the SQLite store: {@link MemoryStore.transaction} is all-or-nothing (an undo log
 * restores every write of a transaction whose function throws), commit hooks run at the end of each
 * outer transaction or deferred unit and before reads, {@link MemoryStore.load} returns the same
 * snapshot shape. Bars and the model registry go
 * to an in-memory SQLite database (they are not on the hot path). It cannot be backed up, and
 * nothing survives the process.
 *
 * @example
 * ```ts
 * import { MemoryStore } from '@minhos/engine';
 * const store = new MemoryStore();
 * store.setState('mode', 'full_auto', 0);
 * store.getState('mode'); // 'full_auto'
 * ```
 */
export class MemoryStore extends EngineStore {
  readonly #orders = new Map<string, OrderRecord>();
  readonly #fills = new Map<string, Fill>();
  readonly #positions = new Map<string, Position>();
  readonly #state = new Map<string, unknown>();
  readonly #marks = new Map<string, StoredMark>();
  readonly #journal: JournalEntry[] = [];
  readonly #validations: ValidationRecord[] = [];
  readonly #riskEvents: Array<{ time: TimestampUs; kind: string; body: unknown }> = [];
  readonly #pnl = new Map<string, unknown>();
  readonly #decisions = new Map<string, { time: TimestampUs; body: unknown }>();
  readonly #quality = new Map<string, { time: TimestampUs; body: unknown }>();
  readonly #hooks: Array<() => void> = [];
  /**
   * The undo log of the open transaction, flat (no closure per write): four slots per write —
   * target (a map, a list, or {@link LAST_FILL_TIME}), key or previous length or time, whether the
   * key existed, the previous value.
   */
  readonly #undo: unknown[] = [];
  readonly #keepsJournal: boolean;
  #depth = 0;
  #lastFillTime = 0;

  /** @param options `journal: false` drops journal entries (a backtest's default store: order rows keep each order's history). */
  constructor(options: MemoryStoreOptions = {}) {
    super(memoryDatabase(), ':memory:');
    this.#keepsJournal = options.journal ?? true;
  }

  override get keepsJournal(): boolean {
    return this.#keepsJournal;
  }

  override transaction<T>(fn: () => T): T {
    const outer = this.#depth === 0;
    const r = this.#atomic(fn);
    if (outer) for (const hook of this.#hooks) hook();
    return r;
  }

  override deferred<T>(fn: () => T): T {
    const outer = this.#depth === 0;
    const r = this.#atomic(fn);
    if (outer) for (const hook of this.#hooks) hook();
    return r;
  }

  #sync(): void {
    if (this.#depth === 0) for (const hook of this.#hooks) hook();
  }

  override flush(): void {
    if (this.#depth === 0) for (const hook of this.#hooks) hook();
  }

  override onBeforeCommit(hook: () => void): void {
    this.#hooks.push(hook);
  }

  #atomic<T>(fn: () => T): T {
    if (this.#depth > 0) {
      this.#depth += 1;
      try {
        return fn();
      } finally {
        this.#depth -= 1;
      }
    }
    this.#depth = 1;
    try {
      return fn();
    } catch (e) {
      this.#rollback();
      throw e;
    } finally {
      this.#undo.length = 0;
      this.#depth = 0;
    }
  }

  /** Undoes the open transaction's writes, newest first. */
  #rollback(): void {
    const u = this.#undo;
    for (let i = u.length - 4; i >= 0; i -= 4) {
      const target = u[i];
      if (target === LAST_FILL_TIME) this.#lastFillTime = u[i + 1] as number;
      else if (Array.isArray(target)) target.length = u[i + 1] as number;
      else if (u[i + 2] === true) (target as Map<string, unknown>).set(u[i + 1] as string, u[i + 3]);
      else (target as Map<string, unknown>).delete(u[i + 1] as string);
    }
    u.length = 0;
  }

  #set<V>(map: Map<string, V>, key: string, value: V): void {
    if (this.#depth > 0) this.#undo.push(map, key, map.has(key), map.get(key));
    map.set(key, value);
  }

  #push<V>(list: V[], value: V): void {
    if (this.#depth > 0) this.#undo.push(list, list.length, false, undefined);
    list.push(value);
  }

  override putOrder(record: OrderRecord): void {
    this.#set(this.#orders, record.order.clientOrderId, record);
  }

  override getOrder(id: ClientOrderId): OrderRecord | undefined {
    this.#sync();
    return this.#orders.get(id);
  }

  override putMark(instrumentId: InstrumentId, price: number, time: TimestampUs): void {
    this.#set(this.#marks, instrumentId, { instrumentId, price, time });
  }

  override lastFillTime(): TimestampUs {
    return this.#lastFillTime;
  }

  override putFill(fill: Fill): boolean {
    if (this.#fills.has(fill.fillId)) return false;
    this.#set(this.#fills, fill.fillId, fill);
    if (fill.time > this.#lastFillTime) {
      if (this.#depth > 0) this.#undo.push(LAST_FILL_TIME, this.#lastFillTime, false, undefined);
      this.#lastFillTime = fill.time;
    }
    return true;
  }

  override putPosition(position: Position): void {
    this.#set(this.#positions, position.instrumentId, position);
  }

  override setState(key: string, value: unknown, _time: TimestampUs): void {
    this.#set(this.#state, key, value);
  }

  override getState<T>(key: string): T | undefined {
    this.#sync();
    return this.#state.get(key) as T | undefined;
  }

  override appendJournal(entry: JournalEntry): void {
    if (!this.#keepsJournal) return;
    const last = this.#journal[this.#journal.length - 1];
    if (last !== undefined && entry.seq <= last.seq) {
      throw new MinhosError(
        'STORE_JOURNAL_SEQUENCE',
        `journal: sequence ${entry.seq} is not after ${last.seq} (UNIQUE constraint: the journal is append-only)`,
      );
    }
    this.#push(this.#journal, entry);
  }

  override journal(afterSeq = 0, limit = 1000): JournalEntry[] {
    this.#sync();
    const out: JournalEntry[] = [];
    for (const e of this.#journal) {
      if (e.seq <= afterSeq) continue;
      if (out.length >= limit) break;
      out.push(e);
    }
    return out;
  }

  override recordValidation(v: ValidationRecord): void {
    this.#push(this.#validations, v);
  }

  override validations(limit = 1000): ValidationRecord[] {
    return this.#validations.slice(0, limit);
  }

  override recordRiskEvent(time: TimestampUs, kind: string, body: unknown): void {
    this.#push(this.#riskEvents, { time, kind, body });
  }

  override riskEvents(limit = 1000): Array<{ time: TimestampUs; kind: string; body: unknown }> {
    return this.#riskEvents.slice(0, limit);
  }

  override putPnl(tradeDate: string, _time: TimestampUs, body: unknown): void {
    this.#set(this.#pnl, tradeDate, body);
  }

  override pnlHistory(): Array<{ tradeDate: string; body: unknown }> {
    return [...this.#pnl.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([tradeDate, body]) => ({ tradeDate, body }));
  }

  override putDecision(id: string, time: TimestampUs, body: unknown): void {
    this.#set(this.#decisions, id, { time, body });
  }

  override putDecisionQuality(decisionId: string, time: TimestampUs, body: unknown): void {
    this.#set(this.#quality, decisionId, { time, body });
  }

  override decision(id: string): StoredDecision | undefined {
    const d = this.#decisions.get(id);
    return d === undefined ? undefined : { id, time: d.time, body: d.body };
  }

  override decisions(limit = 100, before: TimestampUs = Number.MAX_SAFE_INTEGER): StoredDecision[] {
    const out: StoredDecision[] = [];
    for (const [id, d] of this.#decisions) if (d.time < before) out.push({ id, time: d.time, body: d.body });
    // Newest first; equal times newest-stored first, as the SQLite store's rowid order gives.
    out.reverse();
    out.sort((a, b) => b.time - a.time);
    return out.slice(0, limit);
  }

  override load(): StoreSnapshot {
    this.#sync();
    const orders = [...this.#orders.values()];
    // Stable sort: equal creation times keep insertion order (the SQLite store's rowid order).
    orders.sort((a, b) => a.order.createdAt - b.order.createdAt);
    const fills = [...this.#fills.values()].sort((a, b) => a.time - b.time);
    const positions = [...this.#positions.values()].sort((a, b) =>
      a.instrumentId < b.instrumentId ? -1 : a.instrumentId > b.instrumentId ? 1 : 0,
    );
    const marks = [...this.#marks.values()].sort((a, b) =>
      a.instrumentId < b.instrumentId ? -1 : a.instrumentId > b.instrumentId ? 1 : 0,
    );
    const state: Record<string, unknown> = {};
    for (const [k, v] of this.#state) state[k] = v;
    const last = this.#journal[this.#journal.length - 1];
    return { orders, fills, positions, state, marks, lastJournalSeq: last?.seq ?? 0 };
  }

  override counts(): Record<string, number> {
    this.#sync();
    return {
      orders: this.#orders.size,
      fills: this.#fills.size,
      positions: this.#positions.size,
      state: this.#state.size,
      journal: this.#journal.length,
      risk_validations: this.#validations.length,
      risk_events: this.#riskEvents.length,
    };
  }

  override backup(destination: string): Promise<Result<{ pages: number }, StoreError>> {
    return Promise.resolve(
      err(
        new StoreError(
          'STORE_BACKUP_FAILED',
          `backup to ${destination}: an in-memory store (backtests) holds nothing on disk to back up`,
          { details: { destination } },
        ),
      ),
    );
  }
}
