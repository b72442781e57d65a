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
  // was, not at the entry price; and no partial index on orders.working (never read, and rewritten
  // on every status change: one B-tree page less per order commit).
  `
  CREATE TABLE marks (instrument_id TEXT PRIMARY KEY, price REAL NOT NULL, time INTEGER NOT NULL) WITHOUT ROWID;
  DROP INDEX IF EXISTS orders_working;
  `,
]);

/** The schema version this build writes (`PRAGMA user_version`). */
export const SCHEMA_VERSION: number = MIGRATIONS.length;
