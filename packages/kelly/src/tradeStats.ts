import { MinhosError } from '@minhos/core';

/** Options of {@link tradeStats}. */
export interface TradeStatsOptions {
  /** Use only the most recent `window` trades. Default 100. */
  readonly window?: number;
  /** Decisive (non-zero P&L) trades required before the statistics are trusted. Default 30. */
  readonly minTrades?: number;
}

/** Rolling win/loss statistics of a trade history. P&L figures are in the units of the input. */
export interface TradeStats {
  /** Trades in the window (including scratches). */
  readonly count: number;
  /** Trades with P&L > 0. */
  readonly wins: number;
  /** Trades with P&L < 0. */
  readonly losses: number;
  /** Trades with P&L exactly 0. */
  readonly scratches: number;
  /** wins / (wins + losses): the Kelly-relevant win rate (see {@link tradeStats}); 0 if no decisive trade. */
  readonly winRate: number;
  /** Mean P&L of winning trades (0 if none). */
  readonly averageWin: number;
  /** Mean magnitude of losing trades, positive (0 if none). */
  readonly averageLoss: number;
  /** averageWin / averageLoss, the Kelly b (0 when undefined: no wins or no losses). */
  readonly payoffRatio: number;
  /** Mean P&L per trade over the window, scratches included. */
  readonly expectancy: number;
  /** Full Kelly fraction p − q/b of these statistics, floored at 0 (0 when not trusted). */
  readonly kellyFraction: number;
  /** Whether the sample is large enough to size from (see `reason`). */
  readonly trusted: boolean;
  /** Why the statistics are (not) trusted. */
  readonly reason: string;
  /** The window and threshold used. */
  readonly window: number;
  readonly minTrades: number;
}

/**
 * Rolling win rate, average win/loss, payoff ratio and expectancy of a trade history, with a
 * minimum sample size before the numbers are trusted.
 *
 * Use it to supply the Kelly payoff ratio b to {@link sizePosition}. Fallback when the sample is
 * too small: **untrusted → zero size**. The alternative (blending toward a prior p = 0.5, b = 1)
 * always shrinks toward f* = 0 anyway, and sizing up from a handful of trades is exactly the
 * estimation error that makes full Kelly dangerous; a strategy earns its size by first producing
 * `minTrades` decisive trades. The statistics are still computed and reported when untrusted.
 *
 * Scratch trades (P&L exactly 0) count toward `count` and `expectancy` but not toward the win
 * rate: for outcomes {+b, −1, 0} the growth-optimal fraction is `p′ − q′/b` with
 * p′ = wins/(wins + losses), because a scratch leaves wealth unchanged whatever the size.
 *
 * @param trades - P&L of each closed trade in time order (oldest first), in any one unit
 *   (dollars per contract, points, R-multiples).
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_TRADE` for a non-finite P&L (naming its index) and
 *   `KELLY_INVALID_INPUT` for a bad window or minTrades.
 * @example
 * ```ts
 * import { tradeStats } from '@minhos/kelly';
 * const s = tradeStats([500, -250, 300, -200, 650], { minTrades: 5 });
 * s.winRate; // 0.6
 * s.payoffRatio; // 483.33 / 225 ≈ 2.148
 * s.trusted; // true
 * ```
 */
export function tradeStats(trades: ArrayLike<number>, options: TradeStatsOptions = {}): TradeStats {
  const window = options.window ?? 100;
  const minTrades = options.minTrades ?? 30;
  if (!Number.isInteger(window) || window < 1) {
    throw new MinhosError(
      'KELLY_INVALID_INPUT',
      `tradeStats: window must be a positive integer, got ${window}`,
    );
  }
  if (!Number.isInteger(minTrades) || minTrades < 1) {
    throw new MinhosError(
      'KELLY_INVALID_INPUT',
      `tradeStats: minTrades must be a positive integer, got ${minTrades}`,
    );
  }
  const start = Math.max(0, trades.length - window);
  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  let total = 0;
  for (let i = start; i < trades.length; i++) {
    const pnl = trades[i] as number;
    if (typeof pnl !== 'number' || !Number.isFinite(pnl)) {
      throw new MinhosError(
        'KELLY_INVALID_TRADE',
        `tradeStats: trades[${i}] is ${String(pnl)}, expected a finite P&L`,
        { details: { index: i } },
      );
    }
    total += pnl;
    if (pnl > 0) {
      wins++;
      winSum += pnl;
    } else if (pnl < 0) {
      losses++;
      lossSum -= pnl;
    }
  }
  const count = trades.length - start;
  const decisive = wins + losses;
  const winRate = decisive > 0 ? wins / decisive : 0;
  const averageWin = wins > 0 ? winSum / wins : 0;
  const averageLoss = losses > 0 ? lossSum / losses : 0;
  const payoffRatio = wins > 0 && losses > 0 ? averageWin / averageLoss : 0;
  let reason: string;
  if (decisive < minTrades) {
    reason = `${decisive} decisive trades in the last ${count}, need ${minTrades}`;
  } else if (losses === 0) {
    reason = `no losing trade among the last ${count}: payoff ratio undefined`;
  } else if (wins === 0) {
    reason = `no winning trade among the last ${count}`;
  } else {
    reason = `${decisive} decisive trades (≥ ${minTrades}) in the last ${count}`;
  }
  const trusted = decisive >= minTrades && wins > 0 && losses > 0;
  return {
    count,
    wins,
    losses,
    scratches: count - decisive,
    winRate,
    averageWin,
    averageLoss,
    payoffRatio,
    expectancy: count > 0 ? total / count : 0,
    kellyFraction: trusted ? Math.max(0, winRate - (1 - winRate) / payoffRatio) : 0,
    trusted,
    reason,
    window,
    minTrades,
  };
}
