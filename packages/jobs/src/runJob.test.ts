import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bar, instrumentId } from '@minhos/core';
import { backtestingPyStats, eventBacktest, smaCrossoverStrategy, walkForwardBacktest } from '@minhos/engine';
import { ModelRegistry, parseBarsCsv } from '@minhos/models';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRef } from './dataRef.js';
import { ES, tempDir, writeEsBars } from './internal/testFixtures.js';
import { JOB_FORMAT_VERSION } from './JOB_FORMAT_VERSION.js';
import { JobError } from './JobError.js';
import type { BacktestJob, TrainModelJob, WalkForwardFoldJob } from './JobPayload.js';
import { jobId } from './jobId.js';
import { runJob } from './runJob.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const path = writeEsBars(tmp.dir, 900);
const bars: Bar[] = parseBarsCsv(readFileSync(path, 'utf8')).bars.toBars();
const es = { ...ES, instrumentId: instrumentId(ES.id) };
const costs = { startingCapital: 100_000, commissionPerContract: 2.5 };

async function backtestJob(params: Record<string, number>): Promise<BacktestJob> {
  return {
    kind: 'backtest',
    format: JOB_FORMAT_VERSION,
    strategy: 'sma-crossover',
    params,
    data: await dataRef(path),
    instrument: ES,
    costs,
  };
}

async function expectJobError(p: Promise<unknown>, code: string, text: RegExp): Promise<void> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(JobError);
  expect((e as JobError).code).toBe(code);
  expect((e as JobError).message).toMatch(text);
}

describe('runJob', () => {
  it('a backtest job gives the engine’s own statistics for the same run', async () => {
    const result = await runJob(await backtestJob({ fast: 10, slow: 30 }), 'bt-x');
    const direct = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: smaCrossoverStrategy({ fast: 10, slow: 30, quantity: 1 }),
      startingCapital: costs.startingCapital,
      commissionPerContract: costs.commissionPerContract,
      closeAtEnd: 'lastClose',
    });
    // Commissions in points for backtesting.py's trade returns (prices are points), as minhos backtest does.
    const stats = backtestingPyStats({
      bars,
      equity: direct.equity,
      trades: direct.trades.map((t) => ({ ...t, commission: t.commission / 50 })),
      warmupBars: 29,
    });
    expect(result.kind).toBe('backtest');
    if (result.kind !== 'backtest') return;
    expect(result.bars).toBe(900);
    expect(result.stats.tradeCount).toBe(stats.tradeCount);
    expect(result.stats.tradeCount).toBeGreaterThan(5);
    expect(result.stats.equityFinal).toBe(stats.equityFinal);
    expect(result.stats.profitFactor).toBe(Number.isFinite(stats.profitFactor) ? stats.profitFactor : null);
    expect(result.stats.commissions).toBe(direct.trades.reduce((a, t) => a + t.commission, 0));
    expect(result.stats.sharpeRatio).toBe(Number.isNaN(stats.sharpeRatio) ? null : stats.sharpeRatio);
    expect(Object.keys(result.stats)).toHaveLength(32);
  });

  it('bad input is a clear, non-retryable error naming the job and the field', async () => {
    await expectJobError(
      runJob({ ...(await backtestJob({ fast: 10, slow: 30 })), strategy: 'nope' }, 'bt-1'),
      'JOB_BAD_INPUT',
      /job bt-1: unknown strategy "nope"/,
    );
    await expectJobError(
      runJob(await backtestJob({ fast: 0, slow: 30 }), 'bt-2'),
      'JOB_BAD_INPUT',
      /params\.fast must be a whole number ≥ 1, got 0/,
    );
    await expectJobError(
      runJob(await backtestJob({ fast: 30, slow: 10 }), 'bt-3'),
      'JOB_BAD_INPUT',
      /sma-crossover/,
    );
    await expectJobError(
      runJob({ kind: 'backtest', format: 99 }, 'bt-4'),
      'JOB_BAD_INPUT',
      /format must be 1/,
    );
    await expectJobError(
      runJob({ ...(await backtestJob({ fast: 1, slow: 2 })), costs: { startingCapital: -1 } }, 'bt-5'),
      'JOB_BAD_INPUT',
      /costs\.startingCapital must be a number > 0, got -1/,
    );
    const e = await runJob({ kind: 'backtest', format: 99 }).catch((x: JobError) => x);
    expect((e as JobError).retryable).toBe(false);
  });

  it('data is verified by hash: another file at the path is refused, a missing one is retryable', async () => {
    const other = join(tmp.dir, 'other.csv');
    writeFileSync(other, readFileSync(path));
    const ref = await dataRef(other);
    writeFileSync(other, `${readFileSync(path, 'utf8')}\n`);
    const job = { ...(await backtestJob({ fast: 10, slow: 30 })), data: ref };
    await expectJobError(
      runJob(job, 'bt-6'),
      'JOB_DATA_MISMATCH',
      /sha256 on this worker is [0-9a-f]{64}, the job expects/,
    );
    const missing = { ...job, data: { ...ref, path: join(tmp.dir, 'absent.csv') } };
    const e = await runJob(missing, 'bt-7').catch((x: JobError) => x);
    expect((e as JobError).code).toBe('JOB_DATA_UNAVAILABLE');
    expect((e as JobError).retryable).toBe(true);
  });

  it('a walk-forward fold picks the best parameters on its training bars and trades the test bars with them', async () => {
    const grid = [
      { fast: 5, slow: 20 },
      { fast: 10, slow: 40 },
      { fast: 20, slow: 60 },
    ];
    const job: WalkForwardFoldJob = {
      kind: 'walk-forward-fold',
      format: JOB_FORMAT_VERSION,
      strategy: 'sma-crossover',
      grid,
      statistic: 'returnPct',
      order: 'desc',
      fold: 1,
      train: { from: 200, to: 600 },
      test: { from: 600, to: 900 },
      warmupBars: 60,
      data: await dataRef(path),
      instrument: ES,
      costs,
    };
    const result = await runJob(job, jobId(job));
    if (result.kind !== 'walk-forward-fold') throw new Error('wrong kind');
    // The same choice by hand: each candidate on bars [200, 600), best return.
    const train = bars.slice(200, 600);
    const scored: { p: { fast: number; slow: number }; r: number }[] = [];
    for (const p of grid) {
      const run = await eventBacktest({
        series: [{ instrument: es, bars: train }],
        strategy: smaCrossoverStrategy({ ...p, quantity: 1 }),
        ...costs,
        closeAtEnd: 'lastClose',
      });
      scored.push({
        p,
        r: backtestingPyStats({ bars: train, equity: run.equity, trades: run.trades }).returnPct,
      });
    }
    scored.sort((a, b) => b.r - a.r);
    expect(result.params).toEqual(scored[0]?.p);
    expect(result.trainStatistic).toBeCloseTo(scored[0]?.r as number, 12);
    const wf = await walkForwardBacktest({
      instrument: es,
      bars: bars.slice(200, 900),
      trainBars: 400,
      testBars: 300,
      warmupBars: 60,
      ...costs,
      makeStrategy: () =>
        smaCrossoverStrategy({ ...(scored[0]?.p as { fast: number; slow: number }), quantity: 1 }),
    });
    expect(result.bars).toBe(300);
    expect(result.stats.equityFinal).toBe(wf.equity[wf.equity.length - 1]);
  });

  it('a training job registers its artifact once: run again (a redelivered job), it finds its version', async () => {
    const registry = join(tmp.dir, 'models');
    const job: TrainModelJob = {
      kind: 'train',
      format: JOB_FORMAT_VERSION,
      model: 'logistic',
      name: 'es-direction',
      registry,
      data: await dataRef(path),
      trainShare: 0.8,
      horizon: 1,
      hyper: { l2: 1 },
    };
    const id = jobId(job);
    const first = await runJob(job, id);
    const again = await runJob(job, id);
    if (first.kind !== 'train') throw new Error('wrong kind');
    expect(first.version).toBe('v0001');
    expect(again).toEqual(first);
    expect(first.trainRows).toBeGreaterThan(300); // feature warm-up and flat closes (no direction) are not samples
    expect(first.trainRows + first.validRows).toBeLessThan(900);
    expect(first.metrics.accuracy).toBeGreaterThan(0.3);
    expect(first.metrics.accuracy).toBeLessThan(0.8);
    const reg = new ModelRegistry(registry);
    expect(await reg.versions('es-direction')).toEqual(['v0001']);
    const { model } = await reg.load('es-direction', { version: 'v0001' });
    expect(model.kind).toBe('logistic');
    await expectJobError(
      runJob({ ...job, hyper: { trees: 5 } }, 'tr-x'),
      'JOB_BAD_INPUT',
      /logistic has no hyper-parameter "trees"/,
    );
  });
});
