/**
 * The MinhOS trading runtime: order management, brokers with reconciliation, market data sources
 * and crash-safe SQLite persistence.
 *
 * @packageDocumentation
 */
export type {
  JournalEntry,
  OrderRecord,
  OrderRole,
  StoreErrorCode,
  StoreOptions,
  StoreSnapshot,
  SyncPolicy,
  ValidationRecord,
} from './store/index.js';
export { EngineStore, openStore, restoreStore, SCHEMA_VERSION, StoreError } from './store/index.js';
