// Test helpers of the CLI commands (not exported from the package).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../cli.js';

/** The bundled ES 1-minute bars (QuantConnect Lean / AlgoSeek, see data/PROVENANCE.md). */
export const BUNDLED_ES_CSV = fileURLToPath(
  new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url),
);

/** A fresh temporary folder. */
export function tempDir(prefix = 'minhos-cli-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Writes the first `count` ESZ13 (`ES201312`) bars of the bundled file to `dir/es.csv` (same Lean
 * layout, so the loader reads it as it reads the original) and returns its path.
 */
export function esSubsetCsv(dir: string, count: number, contract = 'ES201312'): string {
  const lines = readFileSync(BUNDLED_ES_CSV, 'utf8').split('\n');
  const header = lines[0] as string;
  const rows = lines.filter((l) => l.includes(`,${contract},`)).slice(0, count);
  const path = join(dir, 'es.csv');
  writeFileSync(path, `${header}\n${rows.join('\n')}\n`);
  return path;
}

/** A captured CLI io: stdout and stderr lines, not a terminal. */
export function captureIo(cwd = '/', extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    cwd,
    isTTY: false,
    ...extra,
  };
  return { io, out, err };
}
