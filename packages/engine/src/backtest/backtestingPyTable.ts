import { formatTimestampUs, US_PER_DAY } from '@minhos/core';
import type { BacktestingPyStats } from './backtestingPyStats.js';

/** How a row of {@link formatBacktestingPyStats} shows its value: a time, a duration or a number. */
export type BacktestingPyValueKind = 'time' | 'duration' | 'number';

/**
 * backtesting.py's label for each statistic, in its order, with the field of
 * {@link BacktestingPyStats} it reads and how it is shown.
 */
export const BACKTESTING_PY_LABELS: readonly (readonly [
  label: string,
  field: keyof BacktestingPyStats,
  kind: BacktestingPyValueKind,
])[] = Object.freeze([
  ['Start', 'start', 'time'],
  ['End', 'end', 'time'],
  ['Duration', 'durationUs', 'duration'],
  ['Exposure Time [%]', 'exposureTimePct', 'number'],
  ['Equity Final [$]', 'equityFinal', 'number'],
  ['Equity Peak [$]', 'equityPeak', 'number'],
  ['Commissions [$]', 'commissions', 'number'],
  ['Return [%]', 'returnPct', 'number'],
  ['Buy & Hold Return [%]', 'buyAndHoldReturnPct', 'number'],
  ['Return (Ann.) [%]', 'returnAnnPct', 'number'],
  ['Volatility (Ann.) [%]', 'volatilityAnnPct', 'number'],
  ['CAGR [%]', 'cagrPct', 'number'],
  ['Sharpe Ratio', 'sharpeRatio', 'number'],
  ['Sortino Ratio', 'sortinoRatio', 'number'],
  ['Calmar Ratio', 'calmarRatio', 'number'],
  ['Alpha [%]', 'alphaPct', 'number'],
  ['Beta', 'beta', 'number'],
  ['Max. Drawdown [%]', 'maxDrawdownPct', 'number'],
  ['Avg. Drawdown [%]', 'avgDrawdownPct', 'number'],
  ['Max. Drawdown Duration', 'maxDrawdownDurationUs', 'duration'],
  ['Avg. Drawdown Duration', 'avgDrawdownDurationUs', 'duration'],
  ['# Trades', 'tradeCount', 'number'],
  ['Win Rate [%]', 'winRatePct', 'number'],
  ['Best Trade [%]', 'bestTradePct', 'number'],
  ['Worst Trade [%]', 'worstTradePct', 'number'],
  ['Avg. Trade [%]', 'avgTradePct', 'number'],
  ['Max. Trade Duration', 'maxTradeDurationUs', 'duration'],
  ['Avg. Trade Duration', 'avgTradeDurationUs', 'duration'],
  ['Profit Factor', 'profitFactor', 'number'],
  ['Expectancy [%]', 'expectancyPct', 'number'],
  ['SQN', 'sqn', 'number'],
  ['Kelly Criterion', 'kellyCriterion', 'number'],
] as const);

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A µs duration as pandas prints a Timedelta: `8489 days 00:00:00`, `0 days 02:21:00`. */
function formatDuration(us: number): string {
  const days = Math.floor(us / US_PER_DAY);
  const rest = Math.round((us - days * US_PER_DAY) / 1_000_000);
  return `${days} days ${pad2(Math.floor(rest / 3600))}:${pad2(Math.floor((rest % 3600) / 60))}:${pad2(rest % 60)}`;
}

function formatValue(value: number, kind: BacktestingPyValueKind): string {
  if (Number.isNaN(value)) return '--';
  if (kind === 'time') return formatTimestampUs(value);
  if (kind === 'duration') return formatDuration(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, '');
}

/**
 * The statistics as a two-column text table in backtesting.py's order and labels, for printing
 * a backtest's result. NaN prints as `--` and Commissions only when non-zero, as backtesting.py
 * does; times are ISO-8601 UTC, durations pandas-style, numbers to 6 decimals.
 *
 * @example
 * ```ts
 * import { backtestingPyStats, formatBacktestingPyStats } from '@minhos/engine';
 * const day = 86_400_000_000;
 * const stats = backtestingPyStats({
 *   bars: [1, 2, 3].map((close, i) => ({ time: i * day, close })),
 *   equity: [100, 100, 100],
 *   trades: [],
 * });
 * console.log(formatBacktestingPyStats(stats)); // "Start   1970-01-01T00:00:00.000Z" …
 * ```
 */
export function formatBacktestingPyStats(stats: BacktestingPyStats): string {
  const rows = BACKTESTING_PY_LABELS.filter(
    ([, field]) => field !== 'commissions' || stats.commissions !== 0,
  ).map(([label, field, kind]) => [label, formatValue(stats[field] as number, kind)] as const);
  const width = Math.max(...rows.map(([label, value]) => label.length + value.length)) + 2;
  return rows
    .map(([label, value]) => label + ' '.repeat(width - label.length - value.length) + value)
    .join('\n');
}
