import { readFileSync } from 'node:fs';
import { BarSeries } from '@minhos/core';

/**
 * Test-only loader of the bundled ES 1-minute bars (`data/ohlcv/es_1min_trade_lean.csv`, QuantConnect
 * Lean / AlgoSeek) for one contract, as a BarSeries (UTC bar start times in µs).
 */
export function loadEsMinuteBars(contract = 'ES201312'): BarSeries {
  const url = new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
  const lines = readFileSync(url, 'utf8').split('\n');
  const rows = [];
  for (const line of lines.slice(1)) {
    const f = line.trim().split(',');
    if (f.length < 7 || f[1] !== contract) continue;
    rows.push({
      time: Date.parse(f[0] as string) * 1000,
      open: Number(f[2]),
      high: Number(f[3]),
      low: Number(f[4]),
      close: Number(f[5]),
      volume: Number(f[6]),
    });
  }
  return BarSeries.fromBars(rows);
}
