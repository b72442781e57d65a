export type {
  JournalEntry,
  StoredDecision,
  StoredMark,
  StoreOptions,
  StoreSnapshot,
  SyncPolicy,
  ValidationRecord,
} from './EngineStore.js';
export { EngineStore, openStore } from './EngineStore.js';
export type { MemoryStoreOptions } from './MemoryStore.js';
export { MemoryStore } from './MemoryStore.js';
export { SCHEMA_VERSION } from './migrations.js';
export type { OrderRecord, OrderRole } from './records.js';
export { restoreStore } from './restoreStore.js';
export type { StoreErrorCode } from './StoreError.js';
export { StoreError } from './StoreError.js';
