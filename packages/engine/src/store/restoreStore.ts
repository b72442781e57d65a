import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { err, ok, type Result } from '@minhos/core';
import { openStore } from './EngineStore.js';
import { StoreError } from './StoreError.js';

/**
 * Replaces the database at `target` with the backup at `backupPath` (made by
 * {@link EngineStore.backup}). The backup is validated first (readable, intact, a schema this
 * MinhOS understands); only then is it copied next to the target and renamed over it, and the
 * target's stale `-wal`/`-shm` files are removed so SQLite cannot replay an old log onto the
 * restored file. The engine using `target` must be stopped.
 *
 * @example
 * ```ts
 * import { restoreStore } from '@minhos/engine';
 * const r = restoreStore('./backups/minhos-2026-01-05.sqlite', './.minhos/minhos.sqlite');
 * if (!r.ok) console.error(r.error.message);
 * ```
 */
export function restoreStore(backupPath: string, target: string): Result<void, StoreError> {
  if (!existsSync(backupPath)) {
    return err(
      new StoreError('STORE_RESTORE_FAILED', `restore: backup ${backupPath} does not exist`, {
        details: { backupPath },
      }),
    );
  }
  const check = openStore(backupPath, { readonly: true });
  if (!check.ok) {
    return err(
      new StoreError(
        'STORE_RESTORE_FAILED',
        `restore: backup ${backupPath} is not usable: ${check.error.message}`,
        {
          cause: check.error,
          details: { backupPath },
        },
      ),
    );
  }
  check.value.close();
  const tmp = `${target}.restore-tmp`;
  try {
    copyFileSync(backupPath, tmp);
    for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(tmp, target);
  } catch (cause) {
    rmSync(tmp, { force: true });
    return err(
      new StoreError(
        'STORE_RESTORE_FAILED',
        `restore of ${backupPath} onto ${target} failed: ${String(cause)}`,
        {
          cause,
          details: { backupPath, target },
        },
      ),
    );
  }
  return ok(undefined);
}
