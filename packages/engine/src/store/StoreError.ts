import { MinhosError } from '@minhos/core';

/** Why the store refused to open, back up or restore. */
export type StoreErrorCode =
  | 'STORE_CORRUPT'
  | 'STORE_NEWER_SCHEMA'
  | 'STORE_OPEN_FAILED'
  | 'STORE_BACKUP_FAILED'
  | 'STORE_RESTORE_FAILED';

/**
 * An error of the SQLite store. The store never overwrites a file it could not read: a corrupt
 * file or one written by a newer MinhOS is left exactly as it was.
 */
export class StoreError extends MinhosError {
  declare readonly code: StoreErrorCode;

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { readonly cause?: unknown; readonly details?: Record<string, unknown> } = {},
  ) {
    super(code, message, { ...options, retryable: false });
  }
}
