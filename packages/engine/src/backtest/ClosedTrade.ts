/**
 * A finished round trip as the statistics read it (backtesting.py's `Trade` after close).
 * Prices are in the instrument's price units, money in the account currency.
 */
export interface ClosedTrade {
  /** Signed units: positive long, negative short. Never 0. */
  readonly size: number;
  /** Bar index of the entry fill. */
  readonly entryBar: number;
  /** Bar index of the exit fill (≥ `entryBar`). */
  readonly exitBar: number;
  /** Entry fill price (after spread). */
  readonly entryPrice: number;
  /** Exit fill price. */
  readonly exitPrice: number;
  /** Net profit in currency: `size × (exit − entry)` minus `commission`. */
  readonly pnl: number;
  /** Commissions paid on entry and exit together, currency. */
  readonly commission: number;
}

/**
 * A trade's return as backtesting.py's `Trade.pl_pct` defines it: the price return in the
 * trade's direction minus the commissions spread over the entry value,
 * `sign(size) × (exit / entry − 1) − commission / (|size| × entry)`; a fraction, not percent.
 *
 * @example
 * ```ts
 * import { tradeReturn } from '@minhos/engine';
 * tradeReturn({ size: 10, entryBar: 0, exitBar: 3, entryPrice: 100, exitPrice: 110, pnl: 98, commission: 2 });
 * // 0.1 − 2 / 1000 = 0.098
 * ```
 */
export function tradeReturn(trade: ClosedTrade): number {
  const gross = Math.sign(trade.size) * (trade.exitPrice / trade.entryPrice - 1);
  return gross - trade.commission / (Math.abs(trade.size) * trade.entryPrice);
}
