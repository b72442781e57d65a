import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore, restoreStore } from '@minhos/engine';
import type { CliCommand } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { storeLockHolders } from './storeLockHolders.js';
import { storePath } from './storePath.js';

const USAGE = `minhos restore BACKUP [--data ./.minhos | --store FILE] [--json]

Replaces the engine store with BACKUP (made by minhos backup): the backup is checked first
(readable, intact, a schema this MinhOS understands), then copied in and renamed over the store.
Refuses (exit 3, nothing changed) while a process holds the store open — stop minhos serve first.`;

/** `minhos restore`: puts a backup in place of the engine store; refuses a live store. */
export const restoreCommand: CliCommand = {
  name: 'restore',
  summary: 'restore the engine store from a backup (refuses while a server holds the store open)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        data: { type: 'string' },
        store: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    const [backupArg, ...extra] = positionals;
    if (backupArg === undefined || extra.length > 0) {
      io.err(`minhos restore: expected one BACKUP file, got ${positionals.length}\n\nUsage: ${USAGE}`);
      return EXIT_CODES.usage;
    }
    if (values.data !== undefined && values.store !== undefined) {
      io.err(`minhos restore: pass --data DIR or --store FILE, not both\n\nUsage: ${USAGE}`);
      return EXIT_CODES.usage;
    }
    const backup = resolve(io.cwd, backupArg);
    const target = storePath(io.cwd, values.store, values.data);
    if (!existsSync(backup)) {
      io.err(`minhos restore: backup ${backup} does not exist`);
      return EXIT_CODES.failed;
    }
    if (existsSync(target)) {
      const lock = storeLockHolders(target);
      if (lock.kind === 'locked') {
        io.err(
          `minhos restore: refusing to overwrite ${target}: process ${lock.pids.join(', ')} holds it open (a running minhos serve?). Stop it (Ctrl-C), then restore; nothing was changed`,
        );
        return EXIT_CODES.refused;
      }
      if (lock.kind === 'unknown' && lock.walFiles) {
        io.err(
          `minhos restore: refusing to overwrite ${target}: its -wal/-shm files show it is open, or was not closed cleanly. Stop the server using it (or start and stop it once); nothing was changed`,
        );
        return EXIT_CODES.refused;
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    const result = restoreStore(backup, target);
    if (!result.ok) {
      io.err(`minhos ${result.error.message}`);
      return EXIT_CODES.failed;
    }
    const check = openStore(target, { readonly: true });
    if (!check.ok) {
      io.err(`minhos restore: the restored store does not open: ${check.error.message}`);
      return EXIT_CODES.failed;
    }
    const counts = check.value.counts();
    check.value.close();
    if (values.json) io.out(JSON.stringify({ backup, target, counts }));
    else
      io.out(
        `restored ${backup} → ${target} (${Object.entries(counts)
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')})`,
      );
    return EXIT_CODES.ok;
  },
};
