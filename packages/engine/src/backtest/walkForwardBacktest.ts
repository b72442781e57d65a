import { type Bar, MinhosError } from '@minhos/core';
import type { InstrumentSpec } from '../oms/index.js';
import type { Strategy } from '../strategy/Strategy.js';
import { type EventBacktestOptions, eventBacktest } from './eventBacktest.js';
import type { BacktestTrade } from './TradeLedger.js';

/** Settings of {@link walkForwardBacktest}. */
export interface WalkForwardOptions
  extends Omit<
    EventBacktestOptions,
    'series' | 'strategy' | 'startingCapital' | 'clock' | 'store' | 'closeAtEnd'
  > {
  readonly instrument: InstrumentSpec;
  readonly bars: readonly Bar[];
  /** Bars each fold trains on (the most recent ones before its test window). */
  readonly trainBars: number;
  /** Bars each fold trades. */
  readonly testBars: number;
  /** Train on every bar before the test window instead of the last `trainBars` (default false). */
  readonly anchored?: boolean;
  /** Bars before the test window replayed without trading so indicators are warm (default 0). */
  readonly warmupBars?: number;
  /** Account capital of the first fold; each next fold starts from the previous one's final equity. */
  readonly startingCapital: number;
  /**
   * Builds (and trains) the fold's strategy from its training bars only — every one of them is
   * older than the fold's first test bar, so no look-ahead is possible through this door.
   */
  makeStrategy(train: readonly Bar[], fold: number): Strategy | Promise<Strategy>;
}

/** One fold of a walk-forward run. */
export interface WalkForwardFold {
  readonly fold: number;
  /** Index range `[from, to)` into `bars` of the training window. */
  readonly train: { readonly from: number; readonly to: number };
  /** Index range of the test (trading) window. */
  readonly test: { readonly from: number; readonly to: number };
  readonly startEquity: number;
  readonly endEquity: number;
  readonly trades: number;
}

/** What {@link walkForwardBacktest} produces: the test windows stitched together. */
export interface WalkForwardResult {
  readonly folds: readonly WalkForwardFold[];
  /** The bars traded (every test window, in order). */
  readonly bars: readonly Bar[];
  /** Equity at each traded bar. */
  readonly equity: Float64Array;
  /** Trades, bar indices into `bars`. */
  readonly trades: readonly BacktestTrade[];
}

/**
 * Walk-forward backtest: the data is cut into consecutive test windows of `testBars`; for each, the
 * strategy is rebuilt by `makeStrategy` from the `trainBars` before it (all of them when `anchored`),
 * then the window is replayed through {@link eventBacktest} (after `warmupBars` replayed without
 * trading), and every position is closed at the window's last close. Folds chain their equity.
 *
 * @throws {@link @minhos/core!MinhosError} `INVALID_BACKTEST` for bad window sizes or too few bars.
 * @example
 * ```ts
 * import { walkForwardBacktest, smaCrossoverStrategy } from '@minhos/engine';
 * // const wf = await walkForwardBacktest({ instrument, bars, trainBars: 500, testBars: 100, startingCapital: 1e5, makeStrategy: () => smaCrossoverStrategy({ fast: 5, slow: 20, quantity: 1 }) });
 * ```
 */
export async function walkForwardBacktest(options: WalkForwardOptions): Promise<WalkForwardResult> {
  const { bars, trainBars, testBars } = options;
  const warmup = options.warmupBars ?? 0;
  for (const [name, v] of [
    ['trainBars', trainBars],
    ['testBars', testBars],
    ['warmupBars', warmup],
  ] as const) {
    if (!(Number.isInteger(v) && v >= (name === 'warmupBars' ? 0 : 1))) {
      throw new MinhosError(
        'INVALID_BACKTEST',
        `walkForwardBacktest: ${name} must be a whole number ≥ ${name === 'warmupBars' ? 0 : 1}, got ${v}`,
      );
    }
  }
  if (warmup > trainBars) {
    throw new MinhosError(
      'INVALID_BACKTEST',
      `walkForwardBacktest: warmupBars (${warmup}) must not exceed trainBars (${trainBars})`,
    );
  }
  if (bars.length < trainBars + testBars) {
    throw new MinhosError(
      'INVALID_BACKTEST',
      `walkForwardBacktest: need at least trainBars + testBars = ${trainBars + testBars} bars, got ${bars.length}`,
    );
  }
  const folds: WalkForwardFold[] = [];
  const traded: Bar[] = [];
  const equity: number[] = [];
  const trades: BacktestTrade[] = [];
  let capital = options.startingCapital;
  for (let from = trainBars, fold = 0; from < bars.length; from += testBars, fold += 1) {
    const to = Math.min(bars.length, from + testBars);
    const trainFrom = options.anchored === true ? 0 : from - trainBars;
    const inner = await options.makeStrategy(bars.slice(trainFrom, from), fold);
    const firstTest = (bars[from] as Bar).time;
    // Warm-up bars reach the strategy's indicators but their intents are dropped.
    const strategy: Strategy = {
      ...inner,
      onBar(ctx) {
        const r = inner.onBar(ctx);
        return ctx.bar.time < firstTest ? [] : r;
      },
    };
    const {
      instrument,
      bars: _b,
      trainBars: _t,
      testBars: _s,
      anchored: _a,
      warmupBars: _w,
      makeStrategy: _m,
      startingCapital: _c,
      ...rest
    } = options;
    const run = await eventBacktest({
      ...rest,
      series: [{ instrument, bars: bars.slice(from - warmup, to) }],
      strategy,
      startingCapital: capital,
      closeAtEnd: 'lastClose',
    });
    const offset = traded.length - warmup;
    for (let i = warmup; i < run.equity.length; i++) {
      traded.push(bars[from - warmup + i] as Bar);
      equity.push(run.equity[i] as number);
    }
    for (const t of run.trades)
      trades.push({ ...t, entryBar: t.entryBar + offset, exitBar: t.exitBar + offset });
    const end = run.equity[run.equity.length - 1] as number;
    folds.push({
      fold,
      train: { from: trainFrom, to: from },
      test: { from, to },
      startEquity: capital,
      endEquity: end,
      trades: run.trades.length,
    });
    capital = end;
    run.store.close();
    run.broker.close();
  }
  return { folds, bars: traded, equity: Float64Array.from(equity), trades };
}
