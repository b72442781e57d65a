import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar, TimestampUs } from '@minhos/core';

/** Where the bundled ES 1-minute bars live, relative to the repository root. */
export const BUNDLED_ES_BARS = join('data', 'ohlcv', 'es_1min_trade_lean.csv');

/** Finds the bundled ES bars file by walking up from this module (undefined when absent). */
export function findBundledEsBars(
  from: string = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  let dir = from;
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, BUNDLED_ES_BARS);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/**
 * Reads the bars of one contract (`ES201312` = ESZ13, the front month of the bundled file) from a
 * CSV with columns `time_utc_bar_start,contract_yyyymm,open,high,low,close,volume`, in time order.
 * A malformed line is an error naming its line number.
 */
export function loadEsBars(path: string, contract = 'ES201312'): Bar[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0]?.trim();
  if (header !== 'time_utc_bar_start,contract_yyyymm,open,high,low,close,volume')
    throw new Error(`${path}: unexpected header "${header}"`);
  const bars: Bar[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trim();
    if (line === undefined || line === '') continue;
    const [time, c, open, high, low, close, volume] = line.split(',');
    if (c !== contract) continue;
    const t = Date.parse(time ?? '');
    const bar = {
      time: (t * 1000) as TimestampUs,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    };
    if (!Number.isFinite(t) || ![bar.open, bar.high, bar.low, bar.close, bar.volume].every(Number.isFinite))
      throw new Error(`${path}:${i + 1}: malformed bar "${line}"`);
    bars.push(bar);
  }
  if (bars.length === 0) throw new Error(`${path}: no bars of contract ${contract}`);
  return bars;
}
