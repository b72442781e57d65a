/**
 * The schema, as an ordered list of migrations. Migration `i` brings a database from
 * `user_version = i` to `i + 1`; each runs in one transaction. Append, never edit.
 */
export const MIGRATIONS: readonly string[] = Object.freeze([
  `
  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE orders (
    client_order_id TEXT PRIMARY KEY,
    instrument_id TEXT NOT NULL,
    status TEXT NOT NULL,
    working INTEGER NOT NULL,
    parent_id TEXT,
    oco_group TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX orders_working ON orders (working) WHERE working = 1;
  CREATE TABLE fills (
    fill_id TEXT PRIMARY KEY,
    client_order_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX fills_time ON fills (time);
  CREATE TABLE positions (instrument_id TEXT PRIMARY KEY, updated_at INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE TABLE decisions (id TEXT PRIMARY KEY, time INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE TABLE decision_quality (decision_id TEXT PRIMARY KEY, time INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE TABLE risk_events (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL);
  CREATE TABLE risk_validations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time INTEGER NOT NULL,
    client_order_id TEXT NOT NULL,
    approved INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE TABLE pnl_history (trade_date TEXT PRIMARY KEY, updated_at INTEGER NOT NULL, body TEXT NOT NULL);
  CREATE TABLE bars_cache (
    instrument_id TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    time INTEGER NOT NULL,
    open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume REAL NOT NULL,
    PRIMARY KEY (instrument_id, timeframe, time)
  ) WITHOUT ROWID;
  CREATE TABLE model_registry (name TEXT NOT NULL, version TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (name, version));
  CREATE TABLE journal (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, topic TEXT NOT NULL, body TEXT NOT NULL);
  `,
  // 2: the last mark (trade price) per instrument, so open P&L after a restart is valued where it
  // was, not at the entry price. And fewer B-trees per order commit (a WAL commit writes every page
  // it dirtied, so pages per commit are its cost): the hot keyed tables become WITHOUT ROWID (one
  // B-tree instead of a rowid table plus its primary-key index), with an explicit `seq` for
  // insertion order; validations lose AUTOINCREMENT (no sqlite_sequence page per insert); the
  // partial index on orders.working (never read) goes. hot_log is the store's redo log: one row per
  // commit holding that commit's order, fill, position, state, journal, validation and mark writes,
  // folded into their tables every few hundred commits, before reads and at open (see EngineStore).
  `
  CREATE TABLE marks (instrument_id TEXT PRIMARY KEY, price REAL NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE hot_log (seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
  DROP INDEX IF EXISTS orders_working;
  CREATE TABLE orders_v2 (
    client_order_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    instrument_id TEXT NOT NULL,
    status TEXT NOT NULL,
    working INTEGER NOT NULL,
    parent_id TEXT,
    oco_group TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO orders_v2 SELECT client_order_id, rowid, instrument_id, status, working, parent_id, oco_group, created_at, updated_at, body FROM orders;
  DROP TABLE orders;
  ALTER TABLE orders_v2 RENAME TO orders;
  CREATE TABLE fills_v2 (
    fill_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    client_order_id TEXT NOT NULL,
    instrument_id TEXT NOT NULL,
    time INTEGER NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO fills_v2 SELECT fill_id, rowid, client_order_id, instrument_id, time, body FROM fills;
  DROP TABLE fills;
  ALTER TABLE fills_v2 RENAME TO fills;
  CREATE INDEX fills_time ON fills (time, seq);
  CREATE TABLE positions_v2 (instrument_id TEXT PRIMARY KEY, updated_at INTEGER NOT NULL, body TEXT NOT NULL) WITHOUT ROWID;
  INSERT INTO positions_v2 SELECT instrument_id, updated_at, body FROM positions;
  DROP TABLE positions;
  ALTER TABLE positions_v2 RENAME TO positions;
  CREATE TABLE state_v2 (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
  INSERT INTO state_v2 SELECT key, value, updated_at FROM state;
  DROP TABLE state;
  ALTER TABLE state_v2 RENAME TO state;
  CREATE TABLE risk_validations_v2 (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    client_order_id TEXT NOT NULL,
    approved INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  INSERT INTO risk_validations_v2 SELECT id, time, client_order_id, approved, body FROM risk_validations;
  DROP TABLE risk_validations;
  ALTER TABLE risk_validations_v2 RENAME TO risk_validations;
  `,
]);

/** The schema version this build writes (`PRAGMA user_version`). */
export const SCHEMA_VERSION: number = MIGRATIONS.length;
