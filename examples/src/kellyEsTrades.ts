/**
 * A real trade history for the Kelly examples: an hourly momentum rule replayed on the bundled
 * E-mini S&P 500 1-minute bars (ESZ13, Oct–Dec 2013, QuantConnect Lean / AlgoSeek data).
 *
 * Rule: at the start of each UTC hour, trade one contract in the direction of the previous hour's
 * move (skip if flat), exit at the end of the hour. Hours with fewer than 30 one-minute bars are
 * skipped (overnight gaps). P&L is gross, in dollars per contract (ES: $50 per point).
 */
import { readFileSync } from 'node:fs';

/** One closed trade of the momentum rule. */
export interface EsTrade {
  /** Hour start, ISO string (UTC). */
  readonly hour: string;
  /** +1 long, −1 short. */
  readonly direction: 1 | -1;
  /** Previous hour's move in points (the signal). */
  readonly signalPoints: number;
  /** Gross P&L in dollars per contract. */
  readonly pnl: number;
  /** Entry price in points. */
  readonly entry: number;
}

export const ES_POINT_VALUE = 50;

export function loadEsHourlyMomentumTrades(): EsTrade[] {
  const url = new URL('../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
  const lines = readFileSync(url, 'utf8').trim().split('\n').slice(1);
  const hours = new Map<string, { open: number; close: number; bars: number }>();
  for (const line of lines) {
    const [time, contract, open, , , close] = line.split(',');
    if (contract !== 'ES201312' || time === undefined) continue;
    const hour = `${time.slice(0, 13)}:00:00Z`;
    const h = hours.get(hour);
    if (h === undefined) hours.set(hour, { open: Number(open), close: Number(close), bars: 1 });
    else {
      h.close = Number(close);
      h.bars++;
    }
  }
  const keys = [...hours.keys()].sort();
  const trades: EsTrade[] = [];
  for (let i = 1; i < keys.length; i++) {
    const prevKey = keys[i - 1] as string;
    const key = keys[i] as string;
    const prev = hours.get(prevKey)!;
    const cur = hours.get(key)!;
    const consecutive = Date.parse(key) - Date.parse(prevKey) === 3_600_000;
    if (!consecutive || prev.bars < 30 || cur.bars < 30) continue;
    const signal = prev.close - prev.open;
    if (signal === 0) continue;
    const direction = signal > 0 ? 1 : -1;
    trades.push({
      hour: key,
      direction,
      signalPoints: signal,
      pnl: direction * (cur.close - cur.open) * ES_POINT_VALUE,
      entry: cur.open,
    });
  }
  return trades;
}
