import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '@minhos/engine';
import type { CliCommand } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { storePath } from './storePath.js';

const USAGE = `minhos backup [--data ./.minhos | --store FILE] [--out FILE] [--json]

Copies the engine store (positions, orders, fills, decisions, state) with SQLite's online backup
API: a running minhos serve keeps trading while pages are copied, and the copy is one consistent
point in time. Default destination: <data>/backups/engine-<UTC time>.sqlite. Refuses (exit 3)
to overwrite an existing file.`;

/** `minhos backup`: an online backup of the engine store. */
export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'online backup of the engine store (safe while minhos serve runs)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        data: { type: 'string' },
        store: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      io.err(
        `minhos backup: unexpected argument "${positionals[0]}" (the destination is --out FILE)\n\nUsage: ${USAGE}`,
      );
      return EXIT_CODES.usage;
    }
    if (values.data !== undefined && values.store !== undefined) {
      io.err(`minhos backup: pass --data DIR or --store FILE, not both\n\nUsage: ${USAGE}`);
      return EXIT_CODES.usage;
    }
    const source = storePath(io.cwd, values.store, values.data);
    if (!existsSync(source)) {
      io.err(
        `minhos backup: no engine store at ${source}; run minhos serve once, or point --data at the data folder / --store at the .sqlite file`,
      );
      return EXIT_CODES.failed;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const destination =
      values.out === undefined
        ? join(dirname(source), 'backups', `engine-${stamp}.sqlite`)
        : resolve(io.cwd, values.out);
    if (existsSync(destination)) {
      io.err(`minhos backup: ${destination} already exists; refusing to overwrite it (pick another --out)`);
      return EXIT_CODES.refused;
    }
    mkdirSync(dirname(destination), { recursive: true });
    // Read-only: the backup never migrates or writes the live database.
    const opened = openStore(source, { readonly: true });
    if (!opened.ok) {
      io.err(`minhos backup: ${opened.error.message}`);
      return EXIT_CODES.failed;
    }
    const store = opened.value;
    try {
      const counts = store.counts();
      const result = await store.backup(destination);
      if (!result.ok) {
        io.err(`minhos backup: ${result.error.message}`);
        return EXIT_CODES.failed;
      }
      const bytes = statSync(destination).size;
      if (values.json)
        io.out(JSON.stringify({ source, destination, pages: result.value.pages, bytes, counts }));
      else
        io.out(
          `backed up ${source} → ${destination} (${result.value.pages} pages, ${bytes} bytes; ${Object.entries(
            counts,
          )
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')})`,
        );
      return EXIT_CODES.ok;
    } finally {
      store.close();
    }
  },
};
