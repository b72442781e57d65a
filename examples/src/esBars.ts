/**
 * Loads bundled OHLCV CSVs into a BarSeries (shared by the model examples).
 * ES: Lean 1-minute bars of one contract; SPY: daily bars.
 */
import { readFileSync } from 'node:fs';
import { BarSeries, toTimestampUs } from '@minhos/core';

const dataDir = new URL('../../data/ohlcv/', import.meta.url);

/** ES 1-minute bars of one contract (default the front month ESZ13, `ES201312`). */
export function loadEsMinuteBars(contract = 'ES201312'): BarSeries {
  const rows = readFileSync(new URL('es_1min_trade_lean.csv', dataDir), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[1] === contract);
  return new BarSeries({
    time: Float64Array.from(rows, (f) => toTimestampUs(new Date(f[0]!))),
    open: Float64Array.from(rows, (f) => Number(f[2])),
    high: Float64Array.from(rows, (f) => Number(f[3])),
    low: Float64Array.from(rows, (f) => Number(f[4])),
    close: Float64Array.from(rows, (f) => Number(f[5])),
    volume: Float64Array.from(rows, (f) => Number(f[6])),
  });
}

/** SPY daily bars (raw prices), 1998..2021. */
export function loadSpyDailyBars(): BarSeries {
  const rows = readFileSync(new URL('spy_daily_raw_lean.csv', dataDir), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  return new BarSeries({
    time: Float64Array.from(rows, (f) => toTimestampUs(new Date(`${f[0]}T00:00:00Z`))),
    open: Float64Array.from(rows, (f) => Number(f[1])),
    high: Float64Array.from(rows, (f) => Number(f[2])),
    low: Float64Array.from(rows, (f) => Number(f[3])),
    close: Float64Array.from(rows, (f) => Number(f[4])),
    volume: Float64Array.from(rows, (f) => Number(f[5])),
  });
}

/** CME Globex session (17:00–16:00 Chicago) for the time-of-day feature. */
export const CME_SESSION = {
  timeZone: 'America/Chicago',
  openMinute: 17 * 60,
  lengthMinutes: 23 * 60,
} as const;
