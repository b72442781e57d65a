// Test-only loaders for the bundled real data (imported by *.test.ts files, never by index.ts).
import { readFileSync } from 'node:fs';
import { BarSeries } from '@minhos/core';

const DATA = new URL('../../../../data/', import.meta.url);

/** Reads a numeric CSV from `data/` into columns; empty cells and `NaN` become NaN. */
export function readDataCsv(path: string): Record<string, Float64Array> {
  const lines = readFileSync(new URL(path, DATA), 'utf8').trim().split(/\r?\n/);
  const header = (lines[0] as string).split(',').map((h) => h.trim());
  const cols: Record<string, Float64Array> = {};
  for (const h of header) cols[h] = new Float64Array(lines.length - 1);
  for (let r = 1; r < lines.length; r++) {
    const cells = (lines[r] as string).split(',');
    for (let j = 0; j < header.length; j++) {
      const cell = (cells[j] ?? '').trim();
      (cols[header[j] as string] as Float64Array)[r - 1] =
        cell === '' || cell === 'NaN' ? Number.NaN : Number(cell);
    }
  }
  return cols;
}

/** Reads a JSON file from `data/`. */
export function readDataJson(path: string): unknown {
  return JSON.parse(readFileSync(new URL(path, DATA), 'utf8'));
}

let esCache: BarSeries | undefined;

/** ESZ13 (front month, `ES201312`) 1-minute trade bars from Lean's test data, 16,673 bars. */
export function esz13Minutes(): BarSeries {
  if (esCache !== undefined) return esCache;
  const lines = readFileSync(new URL('ohlcv/es_1min_trade_lean.csv', DATA), 'utf8').trim().split(/\r?\n/);
  const bars = [];
  for (let r = 1; r < lines.length; r++) {
    const c = (lines[r] as string).split(',');
    if (c[1] !== 'ES201312') continue;
    bars.push({
      time: Date.parse(c[0] as string) * 1000,
      open: Number(c[2]),
      high: Number(c[3]),
      low: Number(c[4]),
      close: Number(c[5]),
      volume: Number(c[6]),
    });
  }
  esCache = BarSeries.fromBars(bars);
  return esCache;
}

/** SPY daily raw bars (Lean), 1998..2021. */
export function spyDaily(): Record<'open' | 'high' | 'low' | 'close' | 'volume', Float64Array> {
  return readDataCsv('ohlcv/spy_daily_raw_lean.csv') as Record<
    'open' | 'high' | 'low' | 'close' | 'volume',
    Float64Array
  >;
}

/** A deterministic pseudo-random generator (mulberry32) in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
