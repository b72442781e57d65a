import type { Fill } from '@minhos/core';

/** One closed round trip (FIFO matching of fills per instrument). */
export interface RoundTrip {
  readonly symbol: string;
  /** +1 long, −1 short. */
  readonly direction: 1 | -1;
  readonly quantity: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  /** µs of the closing fill. */
  readonly exitTime: number;
  /** Net of the commissions of both fills (pro rata), in account currency. */
  readonly pnl: number;
}

/** The original dashboard's performance figures, computed from round trips. */
export interface TradePerformance {
  readonly total_trades: number;
  readonly winning_trades: number;
  readonly losing_trades: number;
  /** 0..1 */
  readonly win_rate: number;
  readonly total_pnl: number;
  readonly average_win: number;
  readonly average_loss: number;
  /** Annualized (√252) Sharpe of daily P&L over `capital`; null with fewer than two trading days. */
  readonly sharpe_ratio: number | null;
  /** Largest drop of cumulative trade P&L from its running peak, in currency (≥ 0). */
  readonly max_drawdown: number;
  /** Consecutive wins (> 0) or losses (< 0) ending with the last trade. */
  readonly current_streak: number;
  readonly best_trade: number | null;
  readonly worst_trade: number | null;
}

/**
 * Matches fills into round trips per instrument, first in first out; a fill that reverses a
 * position closes it and opens the rest. `pointValue` gives currency per point per contract.
 */
export function roundTrips(fills: readonly Fill[], pointValue: (symbol: string) => number): RoundTrip[] {
  const open = new Map<
    string,
    { dir: 1 | -1; qty: number; price: number; commissionPerContract: number }[]
  >();
  const out: RoundTrip[] = [];
  for (const f of [...fills].sort((a, b) => a.time - b.time)) {
    const dir: 1 | -1 = f.side === 'BUY' ? 1 : -1;
    const perContract = f.commission.amount / f.quantity;
    const lots = open.get(f.instrumentId) ?? [];
    open.set(f.instrumentId, lots);
    let left = f.quantity;
    while (left > 0 && lots.length > 0 && (lots[0] as { dir: number }).dir === -dir) {
      const lot = lots[0] as { dir: 1 | -1; qty: number; price: number; commissionPerContract: number };
      const q = Math.min(left, lot.qty);
      const gross = (f.price - lot.price) * lot.dir * q * pointValue(f.instrumentId);
      out.push({
        symbol: f.instrumentId,
        direction: lot.dir,
        quantity: q,
        entryPrice: lot.price,
        exitPrice: f.price,
        exitTime: f.time,
        pnl: gross - q * (lot.commissionPerContract + perContract),
      });
      lot.qty -= q;
      left -= q;
      if (lot.qty === 0) lots.shift();
    }
    if (left > 0) lots.push({ dir, qty: left, price: f.price, commissionPerContract: perContract });
  }
  return out;
}

/** Performance of `trips` (in exit order); `capital` scales the daily returns of the Sharpe ratio. */
export function tradePerformance(trips: readonly RoundTrip[], capital: number): TradePerformance {
  const pnls = trips.map((t) => t.pnl);
  const wins = pnls.filter((p) => p > 0);
  const losses = pnls.filter((p) => p < 0);
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  let peak = 0;
  let cum = 0;
  let maxDd = 0;
  for (const p of pnls) {
    cum += p;
    peak = Math.max(peak, cum);
    maxDd = Math.max(maxDd, peak - cum);
  }
  let streak = 0;
  for (let i = pnls.length - 1; i >= 0; i--) {
    const p = pnls[i] as number;
    const s = p > 0 ? 1 : p < 0 ? -1 : 0;
    if (s === 0 || (streak !== 0 && Math.sign(streak) !== s)) break;
    streak += s;
  }
  const daily = new Map<string, number>();
  for (const t of trips) {
    const day = new Date(Math.floor(t.exitTime / 1000)).toISOString().slice(0, 10);
    daily.set(day, (daily.get(day) ?? 0) + t.pnl);
  }
  let sharpe: number | null = null;
  if (daily.size >= 2) {
    const r = [...daily.values()].map((p) => p / capital);
    const mean = sum(r) / r.length;
    const sd = Math.sqrt(sum(r.map((x) => (x - mean) ** 2)) / (r.length - 1));
    sharpe = sd === 0 ? null : (mean / sd) * Math.sqrt(252);
  }
  return {
    total_trades: trips.length,
    winning_trades: wins.length,
    losing_trades: losses.length,
    win_rate: trips.length === 0 ? 0 : wins.length / trips.length,
    total_pnl: sum(pnls),
    average_win: wins.length === 0 ? 0 : sum(wins) / wins.length,
    average_loss: losses.length === 0 ? 0 : sum(losses) / losses.length,
    sharpe_ratio: sharpe,
    max_drawdown: maxDd,
    current_streak: streak,
    best_trade: pnls.length === 0 ? null : Math.max(...pnls),
    worst_trade: pnls.length === 0 ? null : Math.min(...pnls),
  };
}
