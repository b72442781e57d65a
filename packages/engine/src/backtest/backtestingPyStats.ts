import { MinhosError, type TimestampUs, US_PER_DAY } from '@minhos/core';
import {
  ceilDuration,
  dataPeriodUs,
  periodResolutionUs,
  type ResampleRule,
  resampledReturns,
} from './barPeriod.js';
import { type ClosedTrade, tradeReturn } from './ClosedTrade.js';
import { drawdownPeriods, drawdownSeries } from './drawdownPeriods.js';
import { covariance, geometricMean, mean, nanMax, nanMean, nanMin, orNaN, variance } from './statsMath.js';

/** The part of a bar the statistics read: its time (µs since the epoch, UTC) and close. */
export interface StatsBar {
  /** Bar time, µs since the Unix epoch; read as a UTC wall clock when cutting calendar days. */
  readonly time: TimestampUs;
  /** Closing price. */
  readonly close: number;
}

/** Input of {@link backtestingPyStats}: plain data, as a backtest leaves it. */
export interface BacktestingPyStatsInput {
  /** The bars of the run, oldest first (at least one). */
  readonly bars: readonly StatsBar[];
  /** Account equity at each bar (currency), same length as `bars`. */
  readonly equity: ArrayLike<number>;
  /** The closed trades, in the order they closed. */
  readonly trades: readonly ClosedTrade[];
  /** Annual risk-free rate as a fraction, −1 < r < 1 (default 0). */
  readonly riskFreeRate?: number;
  /**
   * Bars before the strategy's indicators are all defined (backtesting.py: the largest index of
   * a first non-NaN indicator value; an SMA(20) gives 19). Buy & Hold starts at this bar. Default 0.
   */
  readonly warmupBars?: number;
  /**
   * Closes of a benchmark, same length as `bars`, for Buy & Hold, Alpha and Beta. backtesting.py
   * always uses the traded instrument itself; that is the default.
   */
  readonly benchmarkClose?: ArrayLike<number>;
}

/**
 * The statistics of kernc/backtesting.py 0.6.6 (`compute_stats`), field by field. Percentages are
 * in percent (12.5 = 12.5 %), times and durations in µs, money in the account currency. A value
 * backtesting.py reports as `nan` is `NaN` here, so the two can be compared number for number.
 */
export interface BacktestingPyStats {
  /** Time of the first bar, µs. */
  readonly start: number;
  /** Time of the last bar, µs. */
  readonly end: number;
  /** `end − start`, µs. */
  readonly durationUs: number;
  /** Share of BARS (not of time) during which a trade was open, entry and exit bar included, %. */
  readonly exposureTimePct: number;
  /** Equity at the last bar. */
  readonly equityFinal: number;
  /** Highest equity. */
  readonly equityPeak: number;
  /** Sum of all trades' commissions (backtesting.py only prints it when non-zero). */
  readonly commissions: number;
  /** `(equity[last] − equity[0]) / equity[0]`, %. */
  readonly returnPct: number;
  /** `(close[last] − close[warmup]) / close[warmup]`, %: long-only return from the first tradable bar. */
  readonly buyAndHoldReturnPct: number;
  /** `(1 + g)^N − 1`, %, with g the geometric mean of resampled period returns and N periods a year. */
  readonly returnAnnPct: number;
  /** `√((s² + (1+g)²)^N − (1+g)^(2N))`, %: annualised volatility of compounded returns (s² sample variance). */
  readonly volatilityAnnPct: number;
  /** `(equity[last] / equity[0])^(1/years) − 1`, %, years = whole days + seconds over 365.25 days. */
  readonly cagrPct: number;
  /** `(Return (Ann.) − 100·r) / Volatility (Ann.)` (NaN for zero volatility). */
  readonly sharpeRatio: number;
  /** `(annual return − r) / (√mean(min(rᵢ, 0)²) · √N)`: downside RMS over ALL period returns. */
  readonly sortinoRatio: number;
  /** `annual return / max drawdown` (NaN without a drawdown). */
  readonly calmarRatio: number;
  /** Jensen's alpha on total returns: `Return − 100·r − β·(Buy & Hold − 100·r)`, %. */
  readonly alphaPct: number;
  /** `cov(ln equity returns, ln market returns) / var(ln market returns)` over every bar. */
  readonly beta: number;
  /** Deepest drawdown, negative, %. */
  readonly maxDrawdownPct: number;
  /** Mean of the deepest drawdown of each drawdown period, negative, %. */
  readonly avgDrawdownPct: number;
  /** Longest drawdown period, µs, rounded up to the bar period's resolution. */
  readonly maxDrawdownDurationUs: number;
  /** Mean drawdown period, µs, rounded up to the bar period's resolution. */
  readonly avgDrawdownDurationUs: number;
  /** Number of closed trades. */
  readonly tradeCount: number;
  /** Share of trades with positive P&L, % (NaN without trades). */
  readonly winRatePct: number;
  /** Highest trade return, %. */
  readonly bestTradePct: number;
  /** Lowest trade return, %. */
  readonly worstTradePct: number;
  /** Geometric mean of trade returns, %. */
  readonly avgTradePct: number;
  /** Longest trade (exit bar time − entry bar time), µs, rounded up like drawdown durations. */
  readonly maxTradeDurationUs: number;
  /** Mean trade duration, µs, rounded up. */
  readonly avgTradeDurationUs: number;
  /** Sum of positive trade RETURNS over |sum of negative trade returns| (not currency). */
  readonly profitFactor: number;
  /** Arithmetic mean of trade returns, %. */
  readonly expectancyPct: number;
  /** System Quality Number on currency P&L: `√n · mean(P&L) / sample std(P&L)`. */
  readonly sqn: number;
  /** `W − (1 − W) / (mean win / mean loss)` on currency P&L, W the win rate. */
  readonly kellyCriterion: number;
  /** Periods per year used to annualise (252, 365, 52, 12 or 1). */
  readonly annualPeriods: number;
  /** The resampled period returns the annual figures came from (daily unless the bars are weekly or longer). */
  readonly periodReturns: readonly number[];
}

function invalid(message: string, details: Record<string, unknown>): MinhosError {
  return new MinhosError('INVALID_STATS_INPUT', `backtestingPyStats: ${message}`, { details });
}

function validate(input: BacktestingPyStatsInput): void {
  const n = input.bars.length;
  if (n === 0) throw invalid('bars must hold at least one bar, got none', {});
  if (input.equity.length !== n) {
    throw invalid(`equity must have one value per bar (${n}), got ${input.equity.length}`, {
      bars: n,
      equity: input.equity.length,
    });
  }
  for (let i = 1; i < n; i++) {
    const a = (input.bars[i - 1] as StatsBar).time;
    const b = (input.bars[i] as StatsBar).time;
    if (!(b > a)) {
      throw invalid(`bar times must increase, bar ${i} at ${b} µs follows ${a} µs`, { bar: i });
    }
  }
  const r = input.riskFreeRate ?? 0;
  if (!(r > -1 && r < 1)) throw invalid(`riskFreeRate must be a fraction in (−1, 1), got ${r}`, { r });
  const w = input.warmupBars ?? 0;
  if (!Number.isInteger(w) || w < 0 || w >= n) {
    throw invalid(`warmupBars must be an integer in [0, ${n - 1}], got ${w}`, { warmupBars: w });
  }
  if (input.benchmarkClose !== undefined && input.benchmarkClose.length !== n) {
    throw invalid(
      `benchmarkClose must have one value per bar (${n}), got ${input.benchmarkClose.length}`,
      {},
    );
  }
  input.trades.forEach((t, k) => {
    if (!(Number.isInteger(t.entryBar) && Number.isInteger(t.exitBar) && t.entryBar >= 0 && t.exitBar < n)) {
      throw invalid(
        `trade ${k}: entryBar/exitBar must be bar indices in [0, ${n - 1}], got ${t.entryBar}/${t.exitBar}`,
        {
          trade: k,
        },
      );
    }
    if (t.exitBar < t.entryBar) {
      throw invalid(`trade ${k}: exitBar ${t.exitBar} is before entryBar ${t.entryBar}`, { trade: k });
    }
    if (t.size === 0 || !Number.isFinite(t.size)) {
      throw invalid(`trade ${k}: size must be a non-zero number of units, got ${t.size}`, { trade: k });
    }
    if (!(t.entryPrice > 0) || !(t.exitPrice > 0)) {
      throw invalid(`trade ${k}: prices must be positive, got ${t.entryPrice} → ${t.exitPrice}`, {
        trade: k,
      });
    }
  });
}

/** backtesting.py's choice of resampling and periods per year from the bar spacing. */
function annualisation(times: readonly number[], periodUs: number): { rule: ResampleRule; periods: number } {
  const freqDays = Math.floor(periodUs / US_PER_DAY);
  let weekend = 0;
  for (const t of times) {
    const dow = new Date(Math.floor(t / 1000)).getUTCDay();
    if (dow === 0 || dow === 6) weekend++;
  }
  const haveWeekends = weekend / times.length > (2 / 7) * 0.6;
  if (freqDays === 7) return { rule: 'W', periods: 52 };
  if (freqDays === 31) return { rule: 'ME', periods: 12 };
  if (freqDays === 365) return { rule: 'YE', periods: 1 };
  return { rule: 'D', periods: haveWeekends ? 365 : 252 };
}

/**
 * Backtest statistics exactly as kernc/backtesting.py 0.6.6 computes them (`_stats.compute_stats`),
 * for comparing a MinhOS backtest number for number with the tool many quants check against.
 * Pure: plain bars, equity and trades in, a record of figures out. Every formula is documented on
 * {@link BacktestingPyStats} and in the package README ("Backtest statistics"). Throws a
 * `MinhosError` with code `INVALID_STATS_INPUT` naming the problem on malformed input.
 *
 * @example
 * ```ts
 * import { backtestingPyStats } from '@minhos/engine';
 * const day = 86_400_000_000;
 * const stats = backtestingPyStats({
 *   bars: [100, 101, 103, 102].map((close, i) => ({ time: i * day, close })),
 *   equity: [1000, 1000, 1020, 1010],
 *   trades: [{ size: 10, entryBar: 1, exitBar: 3, entryPrice: 101, exitPrice: 102, pnl: 10, commission: 0 }],
 * });
 * stats.returnPct; // 1
 * ```
 */
export function backtestingPyStats(input: BacktestingPyStatsInput): BacktestingPyStats {
  validate(input);
  const { bars, equity, trades } = input;
  const n = bars.length;
  const rf = input.riskFreeRate ?? 0;
  const warmup = input.warmupBars ?? 0;
  const times = bars.map((b) => b.time);
  const close = input.benchmarkClose ?? bars.map((b) => b.close);
  const periodUs = dataPeriodUs(times);
  const resolutionUs = periodResolutionUs(periodUs);

  const start = times[0] as number;
  const end = times[n - 1] as number;
  const durationUs = end - start;

  const inPosition = new Uint8Array(n);
  for (const t of trades) inPosition.fill(1, t.entryBar, t.exitBar + 1);
  const exposureTimePct = (mean(inPosition) as number) * 100;

  const e0 = equity[0] as number;
  const equityFinal = equity[n - 1] as number;
  const equityPeak = nanMax(equity);
  const commissions = trades.reduce((s, t) => s + t.commission, 0);
  const returnPct = ((equityFinal - e0) / e0) * 100;
  const c0 = close[warmup] as number;
  const buyAndHoldReturnPct = (((close[n - 1] as number) - c0) / c0) * 100;

  const { rule, periods } = annualisation(times, periodUs);
  const periodReturns = resampledReturns(times, equity, rule);
  const g = geometricMean(periodReturns);
  const annualReturn = (1 + g) ** periods - 1;
  const returnAnnPct = annualReturn * 100;
  const s2 = variance(periodReturns, 1);
  const volatilityAnnPct = Math.sqrt((s2 + (1 + g) ** 2) ** periods - (1 + g) ** (2 * periods)) * 100;

  const wholeDays = Math.floor(durationUs / US_PER_DAY);
  const seconds = Math.floor((durationUs - wholeDays * US_PER_DAY) / 1_000_000);
  const years = (wholeDays + seconds / 86_400) / 365.25;
  const cagrPct = years ? ((equityFinal / e0) ** (1 / years) - 1) * 100 : Number.NaN;

  const sharpeRatio = (returnAnnPct - rf * 100) / orNaN(volatilityAnnPct);
  let downside = 0;
  for (const r of periodReturns) downside += Math.min(r, 0) ** 2;
  const downsideRms = Math.sqrt(downside / periodReturns.length);
  const sortinoRatio = (annualReturn - rf) / (downsideRms * Math.sqrt(periods));

  const dd = drawdownSeries(equity);
  const maxDd = nanMax(dd);
  const maxDdOrZero = Number.isNaN(maxDd) ? 0 : maxDd;
  const calmarRatio = annualReturn / orNaN(maxDdOrZero);

  let beta = Number.NaN;
  if (n > 2) {
    const eq = new Float64Array(n - 1);
    const mk = new Float64Array(n - 1);
    for (let i = 1; i < n; i++) {
      eq[i - 1] = Math.log((equity[i] as number) / (equity[i - 1] as number));
      mk[i - 1] = Math.log((close[i] as number) / (close[i - 1] as number));
    }
    beta = covariance(eq, mk) / variance(mk, 1);
  }
  const alphaPct = returnPct - rf * 100 - beta * (buyAndHoldReturnPct - rf * 100);

  const periodsDd = drawdownPeriods(dd, times);
  let avgDrawdownPct: number;
  let maxDrawdownDurationUs: number;
  let avgDrawdownDurationUs: number;
  if (periodsDd.length === 0) {
    // backtesting.py falls back to the non-zero drawdown values themselves here; their mean is
    // the average drawdown, and there is no duration to speak of.
    const nonZero = Array.from(dd, (d) => (d === 0 ? Number.NaN : d));
    avgDrawdownPct = -nanMean(nonZero) * 100;
    maxDrawdownDurationUs = Number.NaN;
    avgDrawdownDurationUs = Number.NaN;
  } else {
    avgDrawdownPct = -nanMean(periodsDd.map((p) => p.depth)) * 100;
    const durations = periodsDd.map((p) => p.durationUs);
    maxDrawdownDurationUs = ceilDuration(nanMax(durations), resolutionUs);
    avgDrawdownDurationUs = ceilDuration(mean(durations), resolutionUs);
  }

  const tradeCount = trades.length;
  const pnl = trades.map((t) => t.pnl);
  const returns = trades.map(tradeReturn);
  const tradeDurations = trades.map((t) => (times[t.exitBar] as number) - (times[t.entryBar] as number));
  const winRate = tradeCount === 0 ? Number.NaN : pnl.filter((p) => p > 0).length / tradeCount;
  const positiveSum = returns.filter((r) => r > 0).reduce((s, r) => s + r, 0);
  const negativeSum = returns.filter((r) => r < 0).reduce((s, r) => s + r, 0);
  const meanWin = mean(pnl.filter((p) => p > 0));
  const meanLoss = -mean(pnl.filter((p) => p < 0));

  return {
    start,
    end,
    durationUs,
    exposureTimePct,
    equityFinal,
    equityPeak,
    commissions,
    returnPct,
    buyAndHoldReturnPct,
    returnAnnPct,
    volatilityAnnPct,
    cagrPct,
    sharpeRatio,
    sortinoRatio,
    calmarRatio,
    alphaPct,
    beta,
    maxDrawdownPct: -maxDdOrZero * 100,
    avgDrawdownPct,
    maxDrawdownDurationUs,
    avgDrawdownDurationUs,
    tradeCount,
    winRatePct: winRate * 100,
    bestTradePct: nanMax(returns) * 100,
    worstTradePct: nanMin(returns) * 100,
    avgTradePct: geometricMean(returns) * 100,
    maxTradeDurationUs: ceilDuration(nanMax(tradeDurations), resolutionUs),
    avgTradeDurationUs: ceilDuration(mean(tradeDurations), resolutionUs),
    profitFactor: positiveSum / orNaN(Math.abs(negativeSum)),
    expectancyPct: mean(returns) * 100,
    sqn: (Math.sqrt(tradeCount) * mean(pnl)) / orNaN(Math.sqrt(variance(pnl, 1))),
    kellyCriterion: winRate - (1 - winRate) / (meanWin / meanLoss),
    annualPeriods: periods,
    periodReturns,
  };
}
