import { existsSync } from 'node:fs';
import type { Bar, ClientOrderId, Fill, InstrumentId, Position, TimestampUs } from '@minhos/core';
import { err, ok, type Result } from '@minhos/core';
import Database from 'better-sqlite3';
import { fromJson, nan, toJson } from './json.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import type { OrderRecord } from './records.js';
import { StoreError } from './StoreError.js';

/**
 * How hard each commit is pushed to disk.
 * - `NORMAL` (default with WAL): a commit survives a crash of the process (SIGKILL, exception); the
 *   last commits can be lost on a power cut or OS crash, never corrupted.
 * - `FULL`: every commit is fsynced; survives a power cut, slower.
 * - `OFF`: no fsync at all (tests and benchmarks of the CPU cost only).
 */
export type SyncPolicy = 'OFF' | 'NORMAL' | 'FULL';

/** Options of {@link openStore}. */
export interface StoreOptions {
  /** Write-ahead logging (default true): crash-safe commits and readers that never block the writer. */
  readonly wal?: boolean;
  /** Durability of a commit (default `NORMAL`). */
  readonly sync?: SyncPolicy;
  /** Open an existing database read-only (never creates or migrates). */
  readonly readonly?: boolean;
}

/** One journal row: an event-bus event with its sequence number. */
export interface JournalEntry {
  readonly seq: number;
  readonly time: TimestampUs;
  readonly topic: string;
  readonly body: unknown;
}

/** One stored decision record: its id, bar time and the whole record as the pipeline stored it. */
export interface StoredDecision {
  readonly id: string;
  readonly time: TimestampUs;
  readonly body: unknown;
}

/** One recorded risk-gate decision on an order. */
export interface ValidationRecord {
  readonly time: TimestampUs;
  readonly clientOrderId: ClientOrderId;
  readonly approved: boolean;
  readonly body: unknown;
}

/** The last trade price seen for one instrument (persisted so open P&L survives a restart). */
export interface StoredMark {
  readonly instrumentId: InstrumentId;
  readonly price: number;
  readonly time: TimestampUs;
}

/** Everything recovery needs, read in one transaction so it is one consistent point in time. */
export interface StoreSnapshot {
  readonly orders: readonly OrderRecord[];
  readonly fills: readonly Fill[];
  readonly positions: readonly Position[];
  readonly state: Readonly<Record<string, unknown>>;
  /** Last mark per instrument, as of the last commit. */
  readonly marks: readonly StoredMark[];
  /** Highest journal sequence number (0 for an empty journal); the event bus continues from it. */
  readonly lastJournalSeq: number;
}

type Stmt = Database.Statement;

/** One write of the redo log (see {@link EngineStore}): what it writes, in the order it was made. */
type HotOp =
  | readonly ['o', OrderRecord, number]
  | readonly ['f', Fill, number]
  | readonly ['p', Position]
  | readonly ['s', string, unknown, number]
  | readonly ['j', JournalEntry]
  | readonly ['v', ValidationRecord]
  | readonly ['m', InstrumentId, number, number];

/** Redo-log writes folded into their tables once this many are pending (a few hundred commits). */
const FOLD_AT = 2048;

function decodeOp(op: HotOp): HotOp {
  // JSON wrote NaN as null: an order's avgFillPrice before a fill, a flat position's avgPrice.
  if (op[0] === 'o') {
    const r = op[1];
    return ['o', { ...r, order: { ...r.order, avgFillPrice: nan(r.order.avgFillPrice) } }, op[2]];
  }
  if (op[0] === 'p') return ['p', { ...op[1], avgPrice: nan(op[1].avgPrice) }];
  return op;
}

function isWorking(status: string): boolean {
  return (
    status === 'INITIALIZED' ||
    status === 'SUBMITTED' ||
    status === 'ACCEPTED' ||
    status === 'PARTIALLY_FILLED' ||
    status === 'PENDING_CANCEL' ||
    status === 'PENDING_REPLACE'
  );
}

/**
 * The engine's SQLite database (better-sqlite3, WAL): state, orders, fills, positions, decisions,
 * risk events and validations, P&L history, a bars cache, the model registry index and the event
 * journal. Every method is synchronous; group writes with {@link EngineStore.transaction} so they
 * commit together or not at all.
 *
 * **Redo log.** A WAL commit costs about one page write per B-tree page it dirtied, and an order
 * round trip touches seven tables. So inside a transaction the hot writes (orders, fills,
 * positions, state, journal, validations, marks) are not applied to their tables: the commit
 * appends them as one `hot_log` row (one page), and they are folded into their tables every few
 * hundred commits, before any read, at {@link EngineStore.close} and when the store is opened
 * (recovery replays the committed rows). Durability is unchanged: a commit that returned is in the
 * WAL, with everything it wrote. Writes outside a transaction go straight to their tables.
 *
 * Open it with {@link openStore}.
 */
export class EngineStore {
  readonly #db: Database.Database;
  readonly path: string;
  readonly #s: Record<string, Stmt>;
  readonly #tx: Record<'begin' | 'commit' | 'savepoint' | 'release' | 'rollbackTo', Stmt>;
  #depth = 0;
  #flushScheduled = false;
  /** Insertion order of orders and fills (their tables have no rowid). */
  #seq = 0;
  /** Redo-log writes of the open transaction (not in a `hot_log` row yet). */
  #log: HotOp[] = [];
  /** The JSON of each `#log` write, joined into the `hot_log` row at commit. */
  #logJson: string[] = [];
  /** The payload JSON of a logged write, reused when it is folded (one serialization per write). */
  readonly #json = new WeakMap<HotOp, string>();
  /** Writes in committed `hot_log` rows, not yet folded into their tables. */
  #unfolded: HotOp[] = [];
  /** Fill ids in the redo log (so a repeated execution id is refused before it is folded). */
  readonly #loggedFills = new Set<string>();
  /** Highest journal sequence written (the journal is append-only). */
  #journalMax = 0;
  readonly #beforeCommit: Array<() => void> = [];

  /** @internal Use {@link openStore}. */
  constructor(db: Database.Database, path: string) {
    this.#db = db;
    this.path = path;
    this.#tx = {
      begin: db.prepare('BEGIN'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT w'),
      release: db.prepare('RELEASE w'),
      rollbackTo: db.prepare('ROLLBACK TO w'),
    };
    const p = (sql: string): Stmt => db.prepare(sql);
    this.#s = db.readonly
      ? {}
      : {
          putOrder: p(
            `INSERT INTO orders (client_order_id, seq, instrument_id, status, working, parent_id, oco_group, created_at, updated_at, body)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (client_order_id) DO UPDATE SET status = excluded.status, working = excluded.working,
               updated_at = excluded.updated_at, body = excluded.body`,
          ),
          mark: p(
            `INSERT INTO marks (instrument_id, price, time) VALUES (?, ?, ?)
             ON CONFLICT (instrument_id) DO UPDATE SET price = excluded.price, time = excluded.time`,
          ),
          putFill: p(
            'INSERT OR IGNORE INTO fills (fill_id, seq, client_order_id, instrument_id, time, body) VALUES (?, ?, ?, ?, ?, ?)',
          ),
          putPosition: p(
            `INSERT INTO positions (instrument_id, updated_at, body) VALUES (?, ?, ?)
             ON CONFLICT (instrument_id) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body`,
          ),
          setState: p(
            `INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          ),
          journal: p('INSERT INTO journal (seq, time, topic, body) VALUES (?, ?, ?, ?)'),
          validation: p(
            'INSERT INTO risk_validations (time, client_order_id, approved, body) VALUES (?, ?, ?, ?)',
          ),
          riskEvent: p('INSERT INTO risk_events (time, kind, body) VALUES (?, ?, ?)'),
          pnl: p(
            `INSERT INTO pnl_history (trade_date, updated_at, body) VALUES (?, ?, ?)
             ON CONFLICT (trade_date) DO UPDATE SET updated_at = excluded.updated_at, body = excluded.body`,
          ),
          decision: p('INSERT OR REPLACE INTO decisions (id, time, body) VALUES (?, ?, ?)'),
          quality: p('INSERT OR REPLACE INTO decision_quality (decision_id, time, body) VALUES (?, ?, ?)'),
          bar: p(
            'INSERT OR REPLACE INTO bars_cache (instrument_id, timeframe, time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          ),
          model: p(
            'INSERT OR REPLACE INTO model_registry (name, version, created_at, body) VALUES (?, ?, ?, ?)',
          ),
          hotLog: p('INSERT INTO hot_log (body) VALUES (?)'),
          clearHotLog: p('DELETE FROM hot_log'),
          fillExists: p('SELECT 1 AS x FROM fills WHERE fill_id = ?'),
        };
    if (!db.readonly) {
      const max = db
        .prepare(
          'SELECT MAX(COALESCE((SELECT MAX(seq) FROM orders), 0), COALESCE((SELECT MAX(seq) FROM fills), 0)) AS m',
        )
        .get() as { m: number };
      this.#seq = max.m;
      this.#journalMax = (
        db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM journal').get() as { m: number }
      ).m;
      // Recovery: committed redo-log rows are folded into their tables before anything is read.
      const rows = db.prepare('SELECT body FROM hot_log ORDER BY seq').all() as Array<{ body: string }>;
      if (rows.length > 0) {
        for (const r of rows) for (const op of fromJson<HotOp[]>(r.body)) this.#unfolded.push(decodeOp(op));
        this.transaction(() => this.#fold());
        // Sequence numbers continue after the recovered writes, not after the tables' old maximum.
        this.#seq = (
          db
            .prepare(
              'SELECT MAX(COALESCE((SELECT MAX(seq) FROM orders), 0), COALESCE((SELECT MAX(seq) FROM fills), 0)) AS m',
            )
            .get() as { m: number }
        ).m;
        this.#journalMax = (
          db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM journal').get() as { m: number }
        ).m;
      }
    }
  }

  /**
   * Runs `fn` in one transaction: every write inside commits together, or none does if `fn`
   * throws. Nested calls join the outer transaction.
   */
  transaction<T>(fn: () => T): T {
    const outer = this.#depth === 0;
    const r = this.#atomic(fn);
    if (outer && this.#db.inTransaction) this.#commit();
    return r;
  }

  /**
   * Registers `hook` to run inside every commit, just before it, before every read of this store,
   * and at {@link EngineStore.close}: the place for rows a writer coalesces in memory and writes
   * once per commit (the order manager's changed orders, positions, account, journal entries and
   * last marks). A hook writes through this store's methods.
   */
  onBeforeCommit(hook: () => void): void {
    this.#beforeCommit.push(hook);
  }

  #commit(): void {
    for (const hook of this.#beforeCommit) hook();
    if (this.#log.length > 0) {
      this.#stmt('hotLog').run(`[${this.#logJson.join(',')}]`);
      for (const op of this.#log) this.#unfolded.push(op);
      this.#log = [];
      this.#logJson = [];
      if (this.#unfolded.length >= FOLD_AT) this.#fold();
    }
    this.#tx.commit.run();
  }

  /**
   * Before a read: commit hooks run and every redo-log write (committed or in the open
   * transaction) is folded into its table, so a read sees every write made so far.
   */
  #sync(): void {
    if (this.#db.readonly || !this.#db.open) return;
    if (this.#beforeCommit.length === 0 && this.#log.length === 0 && this.#unfolded.length === 0) return;
    this.deferred(() => {
      for (const hook of this.#beforeCommit) hook();
      this.#fold();
    });
  }

  /** Applies pending redo-log writes to their tables (inside the open transaction), coalesced. */
  #fold(): void {
    const ops = this.#unfolded.length === 0 ? this.#log : this.#unfolded.concat(this.#log);
    const hadRows = this.#unfolded.length > 0;
    this.#unfolded = [];
    this.#log = [];
    this.#logJson = [];
    this.#loggedFills.clear();
    if (ops.length === 0) return;
    // Last value wins for keyed rows (an order's first sequence number keeps its insertion order).
    const orders = new Map<string, { op: HotOp; record: OrderRecord; seq: number }>();
    const positions = new Map<string, { op: HotOp; position: Position }>();
    const state = new Map<string, { op: HotOp; value: unknown; time: number }>();
    const marks = new Map<string, { price: number; time: number }>();
    const json = this.#json;
    for (const op of ops) {
      switch (op[0]) {
        case 'o': {
          const had = orders.get(op[1].order.clientOrderId);
          orders.set(op[1].order.clientOrderId, { op, record: op[1], seq: had?.seq ?? op[2] });
          break;
        }
        case 'p':
          positions.set(op[1].instrumentId, { op, position: op[1] });
          break;
        case 's':
          state.set(op[1], { op, value: op[2], time: op[3] });
          break;
        case 'm':
          marks.set(op[1], { price: op[2], time: op[3] });
          break;
        case 'f':
          this.#writeFill(op[1], op[2], json.get(op));
          break;
        case 'j':
          this.#stmt('journal').run(op[1].seq, op[1].time, op[1].topic, json.get(op) ?? toJson(op[1].body));
          break;
        case 'v':
          this.#writeValidation(op[1], json.get(op));
          break;
      }
    }
    for (const o of orders.values()) this.#writeOrder(o.record, o.seq, json.get(o.op));
    for (const { op, position: p } of positions.values())
      this.#stmt('putPosition').run(p.instrumentId, p.updatedAt, json.get(op) ?? toJson(p));
    for (const [k, v] of state) this.#stmt('setState').run(k, json.get(v.op) ?? toJson(v.value), v.time);
    for (const [id, m] of marks) this.#stmt('mark').run(id, m.price, m.time);
    if (hadRows) this.#stmt('clearHotLog').run();
  }

  /**
   * Runs `fn` atomically (all its writes or none) but commits it with the next
   * {@link EngineStore.transaction} or {@link EngineStore.flush}, at the latest at the end of the
   * current event-loop turn (group commit). Use it only for writes a restart can rebuild from the
   * broker by reconciliation (acknowledgements, fills): it saves a disk write per report, while
   * write-ahead commits stay immediate.
   */
  deferred<T>(fn: () => T): T {
    const r = this.#atomic(fn);
    if (this.#depth === 0 && this.#db.inTransaction && !this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return r;
  }

  /** Commits deferred writes now. */
  flush(): void {
    this.#flushScheduled = false;
    if (this.#depth === 0 && this.#db.open && this.#db.inTransaction) this.#commit();
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
    if (!this.#db.inTransaction) this.#tx.begin.run();
    this.#tx.savepoint.run();
    this.#depth = 1;
    const logLength = this.#log.length;
    const journalMax = this.#journalMax;
    try {
      const r = fn();
      this.#tx.release.run();
      return r;
    } catch (e) {
      this.#tx.rollbackTo.run();
      this.#tx.release.run();
      for (let i = logLength; i < this.#log.length; i++) {
        const op = this.#log[i] as HotOp;
        if (op[0] === 'f') this.#loggedFills.delete(op[1].fillId);
      }
      this.#log.length = logLength;
      this.#logJson.length = logLength;
      this.#journalMax = journalMax;
      throw e;
    } finally {
      this.#depth = 0;
    }
  }

  /** Inserts or updates an order record (the write-ahead row). */
  putOrder(record: OrderRecord): void {
    this.#seq += 1;
    if (this.#db.inTransaction) {
      const j = toJson(record);
      this.#logOp(['o', record, this.#seq], `["o",${j},${this.#seq}]`, j);
    } else this.#writeOrder(record, this.#seq);
  }

  #logOp(op: HotOp, piece: string, payload?: string): void {
    this.#log.push(op);
    this.#logJson.push(piece);
    if (payload !== undefined) this.#json.set(op, payload);
  }

  #writeOrder(record: OrderRecord, seq: number, json?: string): void {
    const o = record.order;
    this.#stmt('putOrder').run(
      o.clientOrderId,
      seq,
      o.instrumentId,
      o.status,
      isWorking(o.status) ? 1 : 0,
      record.parentId ?? null,
      record.ocoGroup ?? null,
      o.createdAt,
      o.updatedAt,
      json ?? toJson(record),
    );
  }

  /** Stores the last mark of an instrument (one row per instrument, overwritten). */
  putMark(instrumentId: InstrumentId, price: number, time: TimestampUs): void {
    if (this.#db.inTransaction)
      this.#logOp(['m', instrumentId, price, time], `["m",${JSON.stringify(instrumentId)},${price},${time}]`);
    else this.#stmt('mark').run(instrumentId, price, time);
  }

  /** Time of the latest stored fill (0 when there is none): where reconciliation asks the venue from. */
  lastFillTime(): TimestampUs {
    this.#sync();
    return (this.#db.prepare('SELECT COALESCE(MAX(time), 0) AS t FROM fills').get() as { t: number }).t;
  }

  /** One order record by client id. */
  getOrder(id: ClientOrderId): OrderRecord | undefined {
    this.#sync();
    const row = this.#db.prepare('SELECT body FROM orders WHERE client_order_id = ?').get(id) as
      | { body: string }
      | undefined;
    return row === undefined ? undefined : decodeRecord(row.body);
  }

  /** Stores a fill; a fill id already stored is ignored. Returns whether it was new. */
  putFill(fill: Fill): boolean {
    this.#seq += 1;
    if (!this.#db.inTransaction) return this.#writeFill(fill, this.#seq);
    if (this.#loggedFills.has(fill.fillId) || this.#stmt('fillExists').get(fill.fillId) !== undefined)
      return false;
    this.#loggedFills.add(fill.fillId);
    const j = toJson(fill);
    this.#logOp(['f', fill, this.#seq], `["f",${j},${this.#seq}]`, j);
    return true;
  }

  #writeFill(fill: Fill, seq: number, json?: string): boolean {
    return (
      this.#stmt('putFill').run(
        fill.fillId,
        seq,
        fill.clientOrderId,
        fill.instrumentId,
        fill.time,
        json ?? toJson(fill),
      ).changes === 1
    );
  }

  /** Inserts or updates a position. */
  putPosition(position: Position): void {
    if (this.#db.inTransaction) {
      const j = toJson(position);
      this.#logOp(['p', position], `["p",${j}]`, j);
    } else this.#stmt('putPosition').run(position.instrumentId, position.updatedAt, toJson(position));
  }

  /** Sets a state value (mode, emergency level, breakers, account figures), JSON-encoded. */
  setState(key: string, value: unknown, time: TimestampUs): void {
    if (this.#db.inTransaction) {
      const j = toJson(value) ?? 'null';
      this.#logOp(['s', key, value, time], `["s",${JSON.stringify(key)},${j},${time}]`, j);
    } else this.#stmt('setState').run(key, toJson(value), time);
  }

  /** A state value, or `undefined` when never set. */
  getState<T>(key: string): T | undefined {
    this.#sync();
    if (this.#db.readonly) {
      const ops = this.#overlayOps();
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i] as HotOp;
        if (op[0] === 's' && op[1] === key) return op[2] as T;
      }
    }
    const row = this.#db.prepare('SELECT value FROM state WHERE key = ?').get(key) as
      | { value: string }
      | undefined;
    return row === undefined ? undefined : fromJson<T>(row.value);
  }

  /** Whether {@link EngineStore.appendJournal} keeps entries (always for SQLite; a `MemoryStore` may drop them). */
  get keepsJournal(): boolean {
    return true;
  }

  /** Appends an event to the journal under its bus sequence number (append-only). */
  appendJournal(entry: JournalEntry): void {
    if (!this.#db.inTransaction) {
      this.#stmt('journal').run(entry.seq, entry.time, entry.topic, toJson(entry.body));
    } else {
      if (entry.seq <= this.#journalMax) {
        throw new StoreError(
          'STORE_OPEN_FAILED',
          `journal: sequence ${entry.seq} is not after ${this.#journalMax} (UNIQUE constraint: the journal is append-only)`,
        );
      }
      const j = toJson(entry.body) ?? 'null';
      this.#logOp(
        ['j', entry],
        `["j",{"seq":${entry.seq},"time":${entry.time},"topic":${JSON.stringify(entry.topic)},"body":${j}}]`,
        j,
      );
    }
    if (entry.seq > this.#journalMax) this.#journalMax = entry.seq;
  }

  /** Journal entries with `seq > afterSeq`, oldest first (at most `limit`). */
  journal(afterSeq = 0, limit = 1000): JournalEntry[] {
    this.#sync();
    const rows = this.#db
      .prepare('SELECT seq, time, topic, body FROM journal WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit) as Array<{ seq: number; time: number; topic: string; body: string }>;
    return rows.map((r) => ({ seq: r.seq, time: r.time, topic: r.topic, body: fromJson(r.body) }));
  }

  /** Records a risk-gate decision on an order (approved or denied, with its reasons in `body`). */
  recordValidation(v: ValidationRecord): void {
    if (this.#db.inTransaction) {
      const j = toJson(v.body) ?? 'null';
      this.#logOp(
        ['v', v],
        `["v",{"time":${v.time},"clientOrderId":${JSON.stringify(v.clientOrderId)},"approved":${v.approved},"body":${j}}]`,
        j,
      );
    } else this.#writeValidation(v);
  }

  #writeValidation(v: ValidationRecord, json?: string): void {
    this.#stmt('validation').run(v.time, v.clientOrderId, v.approved ? 1 : 0, json ?? toJson(v.body));
  }

  /** Recorded validations, oldest first. */
  validations(limit = 1000): ValidationRecord[] {
    this.#sync();
    const rows = this.#db
      .prepare('SELECT time, client_order_id, approved, body FROM risk_validations ORDER BY id LIMIT ?')
      .all(limit) as Array<{ time: number; client_order_id: string; approved: number; body: string }>;
    return rows.map((r) => ({
      time: r.time,
      clientOrderId: r.client_order_id as ClientOrderId,
      approved: r.approved === 1,
      body: fromJson(r.body),
    }));
  }

  /** Records a risk event (breaker trip, emergency-stop change, reconciliation alert). */
  recordRiskEvent(time: TimestampUs, kind: string, body: unknown): void {
    this.#stmt('riskEvent').run(time, kind, toJson(body));
  }

  /** Recorded risk events, oldest first. */
  riskEvents(limit = 1000): Array<{ time: TimestampUs; kind: string; body: unknown }> {
    this.#sync();
    const rows = this.#db
      .prepare('SELECT time, kind, body FROM risk_events ORDER BY id LIMIT ?')
      .all(limit) as Array<{ time: number; kind: string; body: string }>;
    return rows.map((r) => ({ time: r.time, kind: r.kind, body: fromJson(r.body) }));
  }

  /** Stores the P&L figures of one exchange trade date (`YYYY-MM-DD`). */
  putPnl(tradeDate: string, time: TimestampUs, body: unknown): void {
    this.#stmt('pnl').run(tradeDate, time, toJson(body));
  }

  /** P&L history, oldest trade date first. */
  pnlHistory(): Array<{ tradeDate: string; body: unknown }> {
    this.#sync();
    const rows = this.#db
      .prepare('SELECT trade_date, body FROM pnl_history ORDER BY trade_date')
      .all() as Array<{
      trade_date: string;
      body: string;
    }>;
    return rows.map((r) => ({ tradeDate: r.trade_date, body: fromJson(r.body) }));
  }

  /** Stores a decision record (the pipeline's whole reasoning for one bar). */
  putDecision(id: string, time: TimestampUs, body: unknown): void {
    this.#stmt('decision').run(id, time, toJson(body));
  }

  /** Stores the quality assessment of a decision. */
  putDecisionQuality(decisionId: string, time: TimestampUs, body: unknown): void {
    this.#stmt('quality').run(decisionId, time, toJson(body));
  }

  /** The stored decision record `id` (the pipeline's whole record, its quality included), or `undefined`. */
  decision(id: string): StoredDecision | undefined {
    const row = this.#db.prepare('SELECT id, time, body FROM decisions WHERE id = ?').get(id) as
      | { id: string; time: number; body: string }
      | undefined;
    return row === undefined ? undefined : { id: row.id, time: row.time, body: fromJson(row.body) };
  }

  /** Stored decision records, newest first: at most `limit`, all with `time < before`. */
  decisions(limit = 100, before: TimestampUs = Number.MAX_SAFE_INTEGER): StoredDecision[] {
    const rows = this.#db
      .prepare('SELECT id, time, body FROM decisions WHERE time < ? ORDER BY time DESC, rowid DESC LIMIT ?')
      .all(before, limit) as Array<{ id: string; time: number; body: string }>;
    return rows.map((r) => ({ id: r.id, time: r.time, body: fromJson(r.body) }));
  }

  /** Caches bars of one instrument and timeframe (`'1m'`, `'30m'`, `'1d'`), replacing equal times. */
  putBars(instrument: InstrumentId, timeframe: string, bars: readonly Bar[]): void {
    const s = this.#stmt('bar');
    this.transaction(() => {
      for (const b of bars) s.run(instrument, timeframe, b.time, b.open, b.high, b.low, b.close, b.volume);
    });
  }

  /** Cached bars with `from ≤ time < to`, oldest first. */
  bars(instrument: InstrumentId, timeframe: string, from = 0, to = Number.MAX_SAFE_INTEGER): Bar[] {
    return this.#db
      .prepare(
        'SELECT time, open, high, low, close, volume FROM bars_cache WHERE instrument_id = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time',
      )
      .all(instrument, timeframe, from, to) as Bar[];
  }

  /** Records a model in the registry index. */
  putModel(name: string, version: string, createdAt: TimestampUs, body: unknown): void {
    this.#stmt('model').run(name, version, createdAt, toJson(body));
  }

  /** Reads everything recovery needs in one consistent read. */
  load(): StoreSnapshot {
    this.#sync();
    const read = (): StoreSnapshot => {
      const orders = (
        this.#db.prepare('SELECT body FROM orders ORDER BY created_at, seq').all() as Array<{
          body: string;
        }>
      ).map((r) => decodeRecord(r.body));
      const fills = (
        this.#db.prepare('SELECT body FROM fills ORDER BY time, seq').all() as Array<{ body: string }>
      ).map((r) => fromJson<Fill>(r.body));
      const positions = (
        this.#db.prepare('SELECT body FROM positions ORDER BY instrument_id').all() as Array<{ body: string }>
      ).map((r) => {
        const p = fromJson<Position>(r.body);
        return { ...p, avgPrice: nan(p.avgPrice) };
      });
      const state: Record<string, unknown> = {};
      for (const r of this.#db.prepare('SELECT key, value FROM state').all() as Array<{
        key: string;
        value: string;
      }>) {
        state[r.key] = fromJson(r.value);
      }
      const seq = this.#db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM journal').get() as {
        seq: number;
      };
      const marks = (
        this.#db
          .prepare('SELECT instrument_id, price, time FROM marks ORDER BY instrument_id')
          .all() as Array<{
          instrument_id: string;
          price: number;
          time: number;
        }>
      ).map((m) => ({ instrumentId: m.instrument_id as InstrumentId, price: m.price, time: m.time }));
      const snap = { orders, fills, positions, state, marks, lastJournalSeq: seq.seq };
      return this.#db.readonly ? overlay(snap, this.#overlayOps()) : snap;
    };
    return this.#db.readonly ? read() : this.transaction(read);
  }

  /** Row counts per table (diagnostics and tests). */
  counts(): Record<string, number> {
    this.#sync();
    if (this.#db.readonly && this.#overlayOps().length > 0) {
      const snap = this.load();
      const out: Record<string, number> = {};
      for (const t of ['journal', 'risk_validations', 'risk_events']) {
        out[t] = (this.#db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
      }
      for (const op of this.#overlayOps()) {
        if (op[0] === 'j') out.journal = (out.journal ?? 0) + 1;
        if (op[0] === 'v') out.risk_validations = (out.risk_validations ?? 0) + 1;
      }
      return {
        orders: snap.orders.length,
        fills: snap.fills.length,
        positions: snap.positions.length,
        state: Object.keys(snap.state).length,
        journal: out.journal ?? 0,
        risk_validations: out.risk_validations ?? 0,
        risk_events: out.risk_events ?? 0,
      };
    }
    const out: Record<string, number> = {};
    for (const t of ['orders', 'fills', 'positions', 'state', 'journal', 'risk_validations', 'risk_events']) {
      out[t] = (this.#db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return out;
  }

  /**
   * Copies the live database to `destination` with SQLite's online backup API: the engine keeps
   * trading while pages are copied, and the copy is one consistent point in time.
   */
  async backup(destination: string): Promise<Result<{ pages: number }, StoreError>> {
    if (existsSync(destination)) {
      return err(
        new StoreError(
          'STORE_BACKUP_FAILED',
          `backup: ${destination} already exists; refusing to overwrite it`,
          {
            details: { destination },
          },
        ),
      );
    }
    try {
      this.#sync();
      this.flush();
      const meta = await this.#db.backup(destination);
      return ok({ pages: meta.totalPages });
    } catch (cause) {
      return err(
        new StoreError(
          'STORE_BACKUP_FAILED',
          `backup of ${this.path} to ${destination} failed: ${String(cause)}`,
          {
            cause,
            details: { destination },
          },
        ),
      );
    }
  }

  /** Schema version of the open database. */
  get schemaVersion(): number {
    return this.#db.pragma('user_version', { simple: true }) as number;
  }

  /** Closes the database (checkpointing the WAL). */
  close(): void {
    if (this.#db.open && !this.#db.readonly && this.#depth === 0) {
      // Commit hooks run once more so their latest values (marks) are on disk at shutdown.
      if (!this.#db.inTransaction) this.#tx.begin.run();
      for (const hook of this.#beforeCommit) hook();
      this.#fold();
      this.flush();
    }
    if (this.#db.open) this.#db.close();
  }

  /** @internal The connection, for the paper venue's tables when it shares the engine's database. */
  get sqlite(): Database.Database {
    return this.#db;
  }

  /** A read-only connection cannot fold the redo log: its reads lay the committed rows over the tables. */
  #overlayOps(): HotOp[] {
    const rows = this.#db.prepare('SELECT body FROM hot_log ORDER BY seq').all() as Array<{ body: string }>;
    const ops: HotOp[] = [];
    for (const r of rows) for (const op of fromJson<HotOp[]>(r.body)) ops.push(decodeOp(op));
    return ops;
  }

  #stmt(name: string): Stmt {
    const s = this.#s[name];
    if (s === undefined) throw new StoreError('STORE_OPEN_FAILED', `store ${this.path} is read-only`);
    return s;
  }
}

/** A snapshot read from the tables with redo-log writes not yet folded laid over it. */
function overlay(snap: StoreSnapshot, ops: readonly HotOp[]): StoreSnapshot {
  if (ops.length === 0) return snap;
  const orders = new Map<string, { record: OrderRecord; seq: number }>();
  snap.orders.forEach((record, i) => {
    orders.set(record.order.clientOrderId, { record, seq: i - snap.orders.length });
  });
  const fills = [...snap.fills];
  const fillIds = new Set(fills.map((f) => f.fillId));
  const positions = new Map(snap.positions.map((p) => [p.instrumentId as string, p]));
  const state: Record<string, unknown> = { ...snap.state };
  const marks = new Map(snap.marks.map((m) => [m.instrumentId as string, m]));
  let lastJournalSeq = snap.lastJournalSeq;
  for (const op of ops) {
    switch (op[0]) {
      case 'o': {
        const had = orders.get(op[1].order.clientOrderId);
        orders.set(op[1].order.clientOrderId, { record: op[1], seq: had?.seq ?? op[2] });
        break;
      }
      case 'f':
        if (!fillIds.has(op[1].fillId)) {
          fillIds.add(op[1].fillId);
          fills.push(op[1]);
        }
        break;
      case 'p':
        positions.set(op[1].instrumentId, op[1]);
        break;
      case 's':
        state[op[1]] = op[2];
        break;
      case 'm':
        marks.set(op[1], { instrumentId: op[1], price: op[2], time: op[3] });
        break;
      case 'j':
        lastJournalSeq = Math.max(lastJournalSeq, op[1].seq);
        break;
      case 'v':
        break;
    }
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    orders: [...orders.values()]
      .sort((a, b) => a.record.order.createdAt - b.record.order.createdAt || a.seq - b.seq)
      .map((o) => o.record),
    fills: fills.sort((a, b) => a.time - b.time),
    positions: [...positions.values()].sort((a, b) => byId(a.instrumentId, b.instrumentId)),
    state,
    marks: [...marks.values()].sort((a, b) => byId(a.instrumentId, b.instrumentId)),
    lastJournalSeq,
  };
}

function decodeRecord(body: string): OrderRecord {
  const r = fromJson<OrderRecord>(body);
  return { ...r, order: { ...r.order, avgFillPrice: nan(r.order.avgFillPrice) } };
}

/**
 * Opens (or creates) the engine database at `path` and brings its schema up to date. Startup and
 * crash recovery are this same call: SQLite replays or discards an interrupted transaction from the
 * WAL, then {@link EngineStore.load} reads the committed state.
 *
 * Returns an error (and writes nothing) when the file is not a SQLite database or fails its
 * integrity check (`STORE_CORRUPT`), or was written by a newer MinhOS (`STORE_NEWER_SCHEMA`).
 *
 * @example
 * ```ts
 * import { openStore } from '@minhos/engine';
 * const opened = openStore('./.minhos/minhos.sqlite');
 * if (!opened.ok) throw opened.error;
 * const store = opened.value;
 * store.close();
 * ```
 */
export function openStore(path: string, options: StoreOptions = {}): Result<EngineStore, StoreError> {
  const isNew = path === ':memory:' || !existsSync(path);
  if (options.readonly === true && isNew) {
    return err(new StoreError('STORE_OPEN_FAILED', `store ${path} does not exist`, { details: { path } }));
  }
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: options.readonly ?? false });
  } catch (cause) {
    return err(
      new StoreError('STORE_OPEN_FAILED', `cannot open store ${path}: ${String(cause)}`, {
        cause,
        details: { path },
      }),
    );
  }
  const fail = (e: StoreError): Result<EngineStore, StoreError> => {
    db.close();
    return err(e);
  };
  // Read before any write: a file that is not ours must be left untouched.
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
    if (!isNew) {
      const check = db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        return fail(
          new StoreError('STORE_CORRUPT', `store ${path} failed its integrity check: ${String(check)}`, {
            details: { path, check },
          }),
        );
      }
    }
  } catch (cause) {
    return fail(
      new StoreError(
        'STORE_CORRUPT',
        `store ${path} is not a readable SQLite database (${String(cause)}); it was left untouched — restore a backup or move it away`,
        { cause, details: { path } },
      ),
    );
  }
  if (version > SCHEMA_VERSION) {
    return fail(
      new StoreError(
        'STORE_NEWER_SCHEMA',
        `store ${path} has schema version ${version}, this MinhOS understands up to ${SCHEMA_VERSION}; upgrade MinhOS (the file was left untouched)`,
        { details: { path, version, supported: SCHEMA_VERSION } },
      ),
    );
  }
  if (options.readonly === true) {
    if (version < SCHEMA_VERSION) {
      return fail(
        new StoreError(
          'STORE_OPEN_FAILED',
          `store ${path} has schema version ${version}, older than this MinhOS's ${SCHEMA_VERSION}; open it read-write once to migrate it (a read-only open never writes)`,
          { details: { path, version, supported: SCHEMA_VERSION } },
        ),
      );
    }
    return ok(new EngineStore(db, path));
  }
  try {
    if (options.wal ?? true) {
      db.pragma('journal_mode = WAL');
      // Checkpoint every 10,000 WAL pages (~40 MB) instead of SQLite's 1,000: a checkpoint fsyncs
      // the database, and at the default it ran every ~100 order commits (measured: commits/s ×2.3).
      db.pragma('wal_autocheckpoint = 10000');
    }
    db.pragma(`synchronous = ${options.sync ?? 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    for (let v = version; v < SCHEMA_VERSION; v++) {
      const sql = MIGRATIONS[v] as string;
      db.transaction(() => {
        db.exec(sql);
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } catch (cause) {
    return fail(
      new StoreError('STORE_OPEN_FAILED', `cannot prepare store ${path}: ${String(cause)}`, {
        cause,
        details: { path },
      }),
    );
  }
  return ok(new EngineStore(db, path));
}
