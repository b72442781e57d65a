import { MinhosError, type TimestampUs } from '@minhos/core';
import { CME_TRADE_DATE, exchangeTradeDate, type TradeDateRule } from '../oms/index.js';
import { mean, variance } from './statsMath.js';

/** A closed futures round trip in contracts and price points. */
export interface FuturesTrade {
  /** Signed whole contracts: positive long, negative short. */
  readonly quantity: number;
  /** Entry fill time, µs. */
  readonly entryTime: TimestampUs;
  /** Exit fill time, µs (≥ `entryTime`). */
  readonly exitTime: TimestampUs;
  /** Entry fill price, points. */
  readonly entryPrice: number;
  /** Exit fill price, points. */
  readonly exitPrice: number;
}

/** Account equity marked to market at one instant (e.g. each bar close), currency, net of costs. */
export interface EquityMark {
  /** Mark time, µs. */
  readonly time: TimestampUs;
  /** Equity, currency. */
  readonly equity: number;
}

/** Input of {@link futuresStats}. */
export interface FuturesStatsInput {
  /** Closed trades. */
  readonly trades: readonly FuturesTrade[];
  /** Currency per point per contract (ES 50, MES 5). */
  readonly pointValue: number;
  /** Commission and fees per contract per fill, currency; a round trip pays it twice. */
  readonly commissionPerContract: number;
  /** Equity before the first mark, currency (> 0); the base of the first day's return. */
  readonly startingEquity: number;
  /** The marked equity curve, times increasing. */
  readonly equity: readonly EquityMark[];
  /** Where one trading day ends (default CME: 17:00 America/Chicago). */
  readonly tradeDateRule?: TradeDateRule;
  /** Annual risk-free rate, a fraction (default 0); de-annualised by `tradingDaysPerYear`. */
  readonly riskFreeRate?: number;
  /** Trade dates per year for annualising (default 252). */
  readonly tradingDaysPerYear?: number;
  /** Fewest trades for SQN, profit factor and payoff ratio to be reported (default 30). */
  readonly minTrades?: number;
  /** Fewest daily returns for volatility, Sharpe, Sortino and annual return (default 20). */
  readonly minTradeDays?: number;
}

/** One exchange trade date of the equity curve. */
export interface FuturesDay {
  /** Exchange trade date, `YYYY-MM-DD` (CME: 17:00 CT starts the next date). */
  readonly tradeDate: string;
  /** Last equity mark of the date, currency. */
  readonly equity: number;
  /** Change from the previous date's close (or the starting equity), currency. */
  readonly pnl: number;
  /** `pnl / previous equity`, a fraction. */
  readonly return: number;
}

/**
 * Futures statistics in the account currency. `null` means N/A: the sample is too small (fewer
 * trades than `minTrades`, fewer daily returns than `minTradeDays`) or the figure is undefined (a
 * profit factor without a losing trade, a Sharpe ratio of a riskless curve). Never a made-up 0.
 */
export interface FuturesStats {
  /** Closed trades. */
  readonly tradeCount: number;
  /** Trades with net P&L > 0. */
  readonly winners: number;
  /** Trades with net P&L < 0 (a scratch trade at exactly 0 is neither). */
  readonly losers: number;
  /** Net P&L per trade: `quantity × (exit − entry) × pointValue − 2 × |quantity| × commission`. */
  readonly tradePnl: readonly number[];
  /** Sum of P&L before commissions. */
  readonly grossPnl: number;
  /** Commissions paid. */
  readonly commissions: number;
  /** `grossPnl − commissions`. */
  readonly netPnl: number;
  /** Sum of winning trades' net P&L. */
  readonly grossProfit: number;
  /** Sum of losing trades' net P&L, as a positive amount. */
  readonly grossLoss: number;
  /** `winners / tradeCount`, a fraction; null without trades. */
  readonly winRate: number | null;
  /** Mean net P&L per trade; null without trades. */
  readonly expectancy: number | null;
  /** Mean winning trade; null without winners. */
  readonly averageWin: number | null;
  /** Mean losing trade, negative; null without losers. */
  readonly averageLoss: number | null;
  /** `averageWin / |averageLoss|`; null below `minTrades` or without winners and losers. */
  readonly payoffRatio: number | null;
  /** `grossProfit / grossLoss` in currency; null below `minTrades` or without a loser. */
  readonly profitFactor: number | null;
  /** `√n × mean / sample std` of trade net P&L; null below `minTrades` or with zero spread. */
  readonly sqn: number | null;
  /** The equity curve cut by exchange trade date. */
  readonly days: readonly FuturesDay[];
  /** Equity at the last mark (the starting equity without marks). */
  readonly endingEquity: number;
  /** `(endingEquity − startingEquity) / startingEquity`, %. */
  readonly totalReturnPct: number;
  /** Largest fall from a running peak (the starting equity counts as one), currency, ≥ 0. */
  readonly maxDrawdown: number;
  /** The same fall relative to its peak, %, ≥ 0. */
  readonly maxDrawdownPct: number;
  /** `(Π(1 + rᵈ))^(D / days) − 1`, %, D trading days a year; null below `minTradeDays`. */
  readonly annualReturnPct: number | null;
  /** `sample std(rᵈ) × √D`, %; null below `minTradeDays`. */
  readonly annualVolatilityPct: number | null;
  /** `(mean(rᵈ) − r/D) / sample std(rᵈ) × √D`; null below `minTradeDays` or with zero spread. */
  readonly sharpeRatio: number | null;
  /** `(mean(rᵈ) − r/D) / √mean(min(rᵈ − r/D, 0)²) × √D`; null below `minTradeDays` or without a down day. */
  readonly sortinoRatio: number | null;
}

function invalid(message: string, details: Record<string, unknown> = {}): MinhosError {
  return new MinhosError('INVALID_STATS_INPUT', `futuresStats: ${message}`, { details });
}

function validate(input: FuturesStatsInput): void {
  if (!(Number.isFinite(input.pointValue) && input.pointValue > 0)) {
    throw invalid(`pointValue must be a positive currency amount per point, got ${input.pointValue}`);
  }
  if (!(Number.isFinite(input.commissionPerContract) && input.commissionPerContract >= 0)) {
    throw invalid(`commissionPerContract must be ≥ 0, got ${input.commissionPerContract}`);
  }
  if (!(Number.isFinite(input.startingEquity) && input.startingEquity > 0)) {
    throw invalid(`startingEquity must be positive, got ${input.startingEquity}`);
  }
  input.trades.forEach((t, k) => {
    if (!Number.isInteger(t.quantity) || t.quantity === 0) {
      throw invalid(`trade ${k}: quantity must be a non-zero whole number of contracts, got ${t.quantity}`, {
        trade: k,
      });
    }
    if (!(Number.isFinite(t.entryPrice) && Number.isFinite(t.exitPrice))) {
      throw invalid(`trade ${k}: prices must be finite, got ${t.entryPrice} → ${t.exitPrice}`, { trade: k });
    }
    if (!(t.exitTime >= t.entryTime)) {
      throw invalid(`trade ${k}: exitTime ${t.exitTime} µs is before entryTime ${t.entryTime} µs`, {
        trade: k,
      });
    }
  });
  input.equity.forEach((m, i) => {
    if (!Number.isFinite(m.equity)) throw invalid(`equity mark ${i} is not finite: ${m.equity}`, { mark: i });
    const prev = input.equity[i - 1];
    if (prev !== undefined && !(m.time > prev.time)) {
      throw invalid(`equity mark times must increase, mark ${i} at ${m.time} µs follows ${prev.time} µs`, {
        mark: i,
      });
    }
  });
  for (const [name, v] of [
    ['minTrades', input.minTrades],
    ['minTradeDays', input.minTradeDays],
    ['tradingDaysPerYear', input.tradingDaysPerYear],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw invalid(`${name} must be a whole number ≥ 1, got ${v}`);
    }
  }
}

function tradeDays(input: FuturesStatsInput, rule: TradeDateRule): FuturesDay[] {
  const days: FuturesDay[] = [];
  let date = '';
  let base = input.startingEquity;
  for (const m of input.equity) {
    const d = exchangeTradeDate(m.time, rule);
    if (d === date) {
      days.pop();
    } else {
      if (days.length > 0) base = (days[days.length - 1] as FuturesDay).equity;
      date = d;
    }
    days.push({ tradeDate: d, equity: m.equity, pnl: m.equity - base, return: m.equity / base - 1 });
  }
  return days;
}

/**
 * Futures backtest statistics in the account currency: P&L from contracts, point value and
 * per-contract commissions; daily figures cut by the EXCHANGE trade date (CME: the session opening
 * at 17:00 America/Chicago belongs to the next date), not by the UTC day; `null` (N/A) instead of
 * a number when the sample is too small to mean anything. Pure; throws `MinhosError`
 * `INVALID_STATS_INPUT` naming the problem on malformed input.
 *
 * @example
 * ```ts
 * import { futuresStats } from '@minhos/engine';
 * const t0 = Date.UTC(2025, 6, 1, 14, 0) * 1000;
 * const stats = futuresStats({
 *   trades: [{ quantity: 2, entryTime: t0, exitTime: t0 + 3_600_000_000, entryPrice: 6000, exitPrice: 6004 }],
 *   pointValue: 50,
 *   commissionPerContract: 2.5,
 *   startingEquity: 100_000,
 *   equity: [{ time: t0 + 3_600_000_000, equity: 100_390 }],
 * });
 * stats.netPnl; // 2 × 4 × 50 − 2 × 2 × 2.5 = 390
 * stats.sqn; // null: one trade means nothing
 * ```
 */
export function futuresStats(input: FuturesStatsInput): FuturesStats {
  validate(input);
  const rule = input.tradeDateRule ?? CME_TRADE_DATE;
  const perYear = input.tradingDaysPerYear ?? 252;
  const minTrades = input.minTrades ?? 30;
  const minDays = input.minTradeDays ?? 20;
  const rfDaily = (input.riskFreeRate ?? 0) / perYear;

  let grossPnl = 0;
  let commissions = 0;
  const tradePnl = input.trades.map((t) => {
    const gross = t.quantity * (t.exitPrice - t.entryPrice) * input.pointValue;
    const cost = 2 * Math.abs(t.quantity) * input.commissionPerContract;
    grossPnl += gross;
    commissions += cost;
    return gross - cost;
  });
  const wins = tradePnl.filter((p) => p > 0);
  const losses = tradePnl.filter((p) => p < 0);
  const n = tradePnl.length;
  const grossProfit = wins.reduce((s, p) => s + p, 0);
  const grossLoss = -losses.reduce((s, p) => s + p, 0);
  const averageWin = wins.length > 0 ? grossProfit / wins.length : null;
  const averageLoss = losses.length > 0 ? -grossLoss / losses.length : null;
  const enoughTrades = n >= minTrades;
  const pnlStd = Math.sqrt(variance(tradePnl, 1));

  const days = tradeDays(input, rule);
  const r = days.map((d) => d.return);
  const enoughDays = r.length >= minDays;
  const sd = Math.sqrt(variance(r, 1));
  const excess = mean(r) - rfDaily;
  let down = 0;
  for (const x of r) down += Math.min(x - rfDaily, 0) ** 2;
  const downside = Math.sqrt(down / r.length);
  const growth = r.reduce((g, x) => g * (1 + x), 1);

  let peak = input.startingEquity;
  let maxDrawdown = 0;
  let maxDrawdownPct = 0;
  for (const m of input.equity) {
    peak = Math.max(peak, m.equity);
    maxDrawdown = Math.max(maxDrawdown, peak - m.equity);
    maxDrawdownPct = Math.max(maxDrawdownPct, ((peak - m.equity) / peak) * 100);
  }
  const endingEquity = input.equity[input.equity.length - 1]?.equity ?? input.startingEquity;

  return {
    tradeCount: n,
    winners: wins.length,
    losers: losses.length,
    tradePnl,
    grossPnl,
    commissions,
    netPnl: grossPnl - commissions,
    grossProfit,
    grossLoss,
    winRate: n > 0 ? wins.length / n : null,
    expectancy: n > 0 ? (grossPnl - commissions) / n : null,
    averageWin,
    averageLoss,
    payoffRatio:
      enoughTrades && averageWin !== null && averageLoss !== null ? averageWin / Math.abs(averageLoss) : null,
    profitFactor: enoughTrades && grossLoss > 0 ? grossProfit / grossLoss : null,
    sqn: enoughTrades && pnlStd > 0 ? (Math.sqrt(n) * mean(tradePnl)) / pnlStd : null,
    days,
    endingEquity,
    totalReturnPct: ((endingEquity - input.startingEquity) / input.startingEquity) * 100,
    maxDrawdown,
    maxDrawdownPct,
    annualReturnPct: enoughDays ? (growth ** (perYear / r.length) - 1) * 100 : null,
    annualVolatilityPct: enoughDays ? sd * Math.sqrt(perYear) * 100 : null,
    sharpeRatio: enoughDays && sd > 0 ? (excess / sd) * Math.sqrt(perYear) : null,
    sortinoRatio: enoughDays && downside > 0 ? (excess / downside) * Math.sqrt(perYear) : null,
  };
}
