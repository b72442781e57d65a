// Test support: ES 1-minute bars with volume from the repository's data/ folder. Not exported.
import { readFileSync } from 'node:fs';
import type { Bar } from '@minhos/core';

/** The first `rows` ESZ13 (`ES201312`) 1-minute bars, times in µs UTC. */
export function esMinuteBars(rows: number): Bar[] {
  const out: Bar[] = [];
  const lines = readFileSync(
    new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1);
  for (const line of lines) {
    const [time, c, open, high, low, close, volume] = line.split(',');
    if (c !== 'ES201312') continue;
    out.push({
      time: Date.parse(time as string) * 1000,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    });
    if (out.length === rows) break;
  }
  return out;
}

/** Bars aggregated to `minutes`-minute buckets (first open, max high, min low, last close, summed volume), stamped at the bucket start. */
export function aggregate(bars: readonly Bar[], minutes: number): Bar[] {
  const span = minutes * 60_000_000;
  const out: Bar[] = [];
  for (const b of bars) {
    const t = Math.floor(b.time / span) * span;
    const last = out[out.length - 1];
    if (last === undefined || last.time !== t) out.push({ ...b, time: t });
    else
      out[out.length - 1] = {
        time: t,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
        volume: last.volume + b.volume,
      };
  }
  return out;
}
