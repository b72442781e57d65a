// Backtesting: statistics in two conventions (backtesting.py-compatible and futures), read from
// plain bars, equity and trades so the backtester, examples and reports share them.

export type {
  ReplayBar,
  ReplayContext,
  ReplayOptions,
  ReplayResult,
  ReplayStrategy,
} from './backtestingPyReplay.js';
export { backtestingPyReplay } from './backtestingPyReplay.js';
export type { BacktestingPyStats, BacktestingPyStatsInput, StatsBar } from './backtestingPyStats.js';
export { backtestingPyStats } from './backtestingPyStats.js';
export type { BacktestingPyValueKind } from './backtestingPyTable.js';
export { BACKTESTING_PY_LABELS, formatBacktestingPyStats } from './backtestingPyTable.js';
export type { ClosedTrade } from './ClosedTrade.js';
export { tradeReturn } from './ClosedTrade.js';
export type { DrawdownPeriod } from './drawdownPeriods.js';
export { drawdownPeriods, drawdownSeries } from './drawdownPeriods.js';
export type {
  BacktestHandle,
  BacktestInstrumentResult,
  BacktestSeries,
  EventBacktestOptions,
  EventBacktestResult,
  ScheduledAction,
} from './eventBacktest.js';
export { eventBacktest } from './eventBacktest.js';
export type {
  EquityMark,
  FuturesDay,
  FuturesStats,
  FuturesStatsInput,
  FuturesTrade,
} from './futuresStats.js';
export { futuresStats } from './futuresStats.js';
export { leanSharpeRatio } from './leanSharpeRatio.js';
export type { SmaCrossoverOptions } from './smaCrossover.js';
export { simpleMovingAverage, smaCrossover } from './smaCrossover.js';
export type { BacktestTrade } from './TradeLedger.js';
export { TradeLedger } from './TradeLedger.js';
export type { WalkForwardFold, WalkForwardOptions, WalkForwardResult } from './walkForwardBacktest.js';
export { walkForwardBacktest } from './walkForwardBacktest.js';
