import { type Bar, instrumentId, MinhosError } from '@minhos/core';
import {
  BACKTESTING_PY_LABELS,
  type BacktestingPyStats,
  type BacktestTrade,
  backtestingPyStats,
  eventBacktest,
  type InstrumentSpec,
  walkForwardBacktest,
} from '@minhos/engine';
import { loadBars } from './internal/loadBars.js';
import { trainModel } from './internal/trainModel.js';
import { JobError } from './JobError.js';
import type {
  BacktestCosts,
  BacktestJob,
  InstrumentJson,
  JobPayload,
  WalkForwardFoldJob,
} from './JobPayload.js';
import type { BacktestJobResult, JobResult, RunStats, WalkForwardFoldJobResult } from './JobResult.js';
import { strategyFromParams } from './STRATEGY_CATALOG.js';
import { validateJob } from './validateJob.js';

function spec(i: InstrumentJson, where: string): InstrumentSpec {
  try {
    return {
      instrumentId: instrumentId(i.id),
      pointValue: i.pointValue,
      tickSize: i.tickSize,
      currency: i.currency as InstrumentSpec['currency'],
      marginPerContract: i.marginPerContract,
    };
  } catch (cause) {
    throw new JobError('JOB_BAD_INPUT', `${where}: instrument.id: ${(cause as Error).message}`, { cause });
  }
}

/** The stats table as plain JSON: every labelled field, NaN → null. */
export function statsTable(stats: BacktestingPyStats): RunStats {
  const out: Record<string, number | null> = {};
  for (const [, field] of BACKTESTING_PY_LABELS) {
    const v = stats[field] as number;
    out[field] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/**
 * backtesting.py's trade returns read prices and commissions in the same unit: prices are points,
 * so commissions go in as points (currency / point value), and `commissions` is reported in the
 * account currency — the convention of `minhos backtest`.
 */
function pointStats(
  bars: readonly Bar[],
  equity: ArrayLike<number>,
  trades: readonly BacktestTrade[],
  pointValue: number,
  warmupBars = 0,
): BacktestingPyStats {
  const stats = backtestingPyStats({
    bars,
    equity,
    trades: trades.map((t) => ({ ...t, commission: t.commission / pointValue })),
    warmupBars: Math.min(warmupBars, bars.length - 1),
  });
  return { ...stats, commissions: trades.reduce((a, t) => a + t.commission, 0) };
}

function checkStatistic(statistic: string, where: string): void {
  if (!BACKTESTING_PY_LABELS.some(([, field]) => field === statistic)) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `${where}: statistic "${statistic}" is not a backtesting.py statistic (one of ${BACKTESTING_PY_LABELS.map(([, f]) => f).join(', ')})`,
    );
  }
}

async function backtestOnce(
  bars: readonly Bar[],
  instrument: InstrumentSpec,
  strategyName: string,
  params: Readonly<Record<string, number>>,
  costs: BacktestCosts,
  where: string,
): Promise<{ stats: BacktestingPyStats; orders: number }> {
  const { strategy, warmupBars } = strategyFromParams(strategyName, params, where);
  const run = await eventBacktest({
    series: [{ instrument, bars }],
    strategy,
    startingCapital: costs.startingCapital,
    commissionPerContract: costs.commissionPerContract ?? 0,
    slippageTicks: costs.slippageTicks ?? 0,
    closeAtEnd: 'lastClose',
  });
  try {
    return {
      stats: pointStats(bars, run.equity, run.trades, instrument.pointValue, warmupBars),
      orders: run.orderCount,
    };
  } finally {
    run.store.close();
    run.broker.close();
  }
}

async function runBacktest(job: BacktestJob, where: string): Promise<BacktestJobResult> {
  const bars = await loadBars(job.data);
  const { stats, orders } = await backtestOnce(
    bars,
    spec(job.instrument, where),
    job.strategy,
    job.params,
    job.costs,
    where,
  );
  return {
    kind: 'backtest',
    strategy: job.strategy,
    params: job.params,
    bars: bars.length,
    orders,
    stats: statsTable(stats),
  };
}

function better(a: number, b: number, order: 'asc' | 'desc'): boolean {
  if (Number.isNaN(b)) return !Number.isNaN(a);
  if (Number.isNaN(a)) return false;
  return order === 'desc' ? a > b : a < b;
}

async function runFold(job: WalkForwardFoldJob, where: string): Promise<WalkForwardFoldJobResult> {
  checkStatistic(job.statistic, where);
  const all = await loadBars(job.data);
  if (job.test.to > all.length) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `${where}: test window ends at bar ${job.test.to}, the data has ${all.length}`,
    );
  }
  const instrument = spec(job.instrument, where);
  // Only the bars of this fold enter the engine's walk-forward: exactly one fold, train then test.
  const bars = all.slice(job.train.from, job.test.to);
  const trainBars = job.test.from - job.train.from;
  let chosen = job.grid[0] as Readonly<Record<string, number>>;
  let chosenValue = Number.NaN;
  const wf = await walkForwardBacktest({
    instrument,
    bars,
    trainBars,
    testBars: job.test.to - job.test.from,
    warmupBars: job.warmupBars,
    startingCapital: job.costs.startingCapital,
    commissionPerContract: job.costs.commissionPerContract ?? 0,
    slippageTicks: job.costs.slippageTicks ?? 0,
    makeStrategy: async (train) => {
      // Train: every candidate on the training window (older than every test bar), keep the best.
      for (const params of job.grid) {
        const { stats } = await backtestOnce(train, instrument, job.strategy, params, job.costs, where);
        const v = stats[job.statistic as keyof BacktestingPyStats] as number;
        if (better(v, chosenValue, job.order)) {
          chosen = params;
          chosenValue = v;
        }
      }
      return strategyFromParams(job.strategy, chosen, where).strategy;
    },
  });
  const stats = pointStats(wf.bars, wf.equity, wf.trades, instrument.pointValue);
  return {
    kind: 'walk-forward-fold',
    strategy: job.strategy,
    fold: job.fold,
    train: job.train,
    test: job.test,
    params: chosen,
    trainStatistic: Number.isFinite(chosenValue) ? chosenValue : null,
    bars: wf.bars.length,
    stats: statsTable(stats),
  };
}

/**
 * Runs one job — the same function on a worker thread, in a `minhos worker` process on another
 * machine, or inline — and returns its result. The payload is validated first; bad input and a
 * data hash mismatch throw a non-retryable {@link JobError}, an engine invariant broken by the
 * input (`INVALID_BACKTEST`, `INVALID_STRATEGY`) too; anything else is `JOB_FAILED` (retryable).
 *
 * @example
 * ```ts
 * import { runJob } from '@minhos/jobs';
 * // const result = await runJob(job, 'bt-3f2a…'); result.kind === 'backtest'
 * ```
 */
export async function runJob(payload: unknown, id = 'job'): Promise<JobResult> {
  const job: JobPayload = validateJob(payload, id);
  const where = `job ${id}`;
  try {
    switch (job.kind) {
      case 'backtest':
        return await runBacktest(job, where);
      case 'walk-forward-fold':
        return await runFold(job, where);
      case 'train':
        return await trainModel(job, id);
    }
  } catch (e) {
    if (e instanceof JobError) throw e;
    if (e instanceof MinhosError && /^INVALID_|_BAD_INPUT$/.test(e.code)) {
      throw new JobError('JOB_BAD_INPUT', `${where}: ${e.message}`, { cause: e });
    }
    throw new JobError('JOB_FAILED', `${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
