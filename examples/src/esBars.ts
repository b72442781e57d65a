/**
 * Loads bundled OHLCV CSVs into a BarSeries (shared by the model examples) through
 * `@minhos/models`' bar loader, which recognises the layout from the header.
 * ES: Lean 1-minute bars of one contract; SPY: daily bars.
 */
import { readFileSync } from 'node:fs';
import type { BarSeries } from '@minhos/core';
import { parseBarsCsv } from '@minhos/models';

const dataDir = new URL('../../data/ohlcv/', import.meta.url);

function load(file: string, contract?: string): BarSeries {
  const url = new URL(file, dataDir);
  return parseBarsCsv(readFileSync(url, 'utf8'), {
    source: url.pathname,
    ...(contract !== undefined ? { contract } : {}),
  }).bars;
}

/** ES 1-minute bars of one contract (default the front month ESZ13, `ES201312`). */
export function loadEsMinuteBars(contract = 'ES201312'): BarSeries {
  return load('es_1min_trade_lean.csv', contract);
}

/** SPY daily bars (raw prices), 1998..2021. */
export function loadSpyDailyBars(): BarSeries {
  return load('spy_daily_raw_lean.csv');
}

/** CME Globex session (17:00–16:00 Chicago) for the time-of-day feature. */
export const CME_SESSION = {
  timeZone: 'America/Chicago',
  openMinute: 17 * 60,
  lengthMinutes: 23 * 60,
} as const;
