import { type ChildProcess, spawn } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataRef } from './dataRef.js';
import { InProcessRunner } from './InProcessRunner.js';
import { redisDriverAvailable } from './internal/redisConnection.js';
import { ES, startRedis, type TestRedis, tempDir, writeEsBars } from './internal/testFixtures.js';
import { JOB_FORMAT_VERSION } from './JOB_FORMAT_VERSION.js';
import type { BacktestJob } from './JobPayload.js';
import type { JobOutcome, PlannedJob } from './JobRunner.js';
import { jobId } from './jobId.js';
import { planSweep, type SweepSpec } from './planSweep.js';
import { RedisRunner } from './RedisRunner.js';
import { runJob } from './runJob.js';
import { runSweep } from './runSweep.js';
import type { SweepReport } from './SweepReport.js';

// BullMQ 6 needs a Redis driver it is handed (ioredis). Where it is not installed the Redis tests
// cannot run at all: say so loudly rather than fail the suite on a missing package.
const driver = await redisDriverAvailable();
if (!driver)
  console.warn(
    'jobs: ioredis is not installed: the real-Redis tests are SKIPPED (add ioredis to @minhos/jobs)',
  );

// Under CI a missing driver is a failure, never a silent skip: the real-Redis tests are the only
// evidence that sweeps survive worker crashes, and ioredis is a dependency of @minhos/jobs.
describe.runIf(!driver && process.env.CI !== undefined && process.env.CI !== '')(
  'the Redis driver under CI',
  () => {
    it('is installed (ioredis), so the real-Redis tests run', () => {
      expect.fail('ioredis is not installed: the real-Redis BullMQ tests cannot run under CI');
    });
  },
);

const QUEUE = 'minhos-test';
const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('./internal/workerProcess.ts', import.meta.url));

interface WorkerProc {
  readonly child: ChildProcess;
  readonly events: Record<string, unknown>[];
  waitFor(pred: (e: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
}

function spawnWorker(url: string, queue = QUEUE, lockMs = 2000, stalledMs = 500): Promise<WorkerProc> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, url, queue, '1', String(lockMs), String(stalledMs)],
    {
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'packages/jobs/tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const events: Record<string, unknown>[] = [];
  const waiters: {
    pred: (e: Record<string, unknown>) => boolean;
    resolve: (e: Record<string, unknown>) => void;
  }[] = [];
  let buf = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      nl = buf.indexOf('\n');
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      events.push(e);
      for (const w of [...waiters]) {
        if (w.pred(e)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(e);
        }
      }
    }
  });
  const proc: WorkerProc = {
    child,
    events,
    waitFor: (pred, ms = 60_000) =>
      new Promise((resolve, reject) => {
        const found = events.find(pred);
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(
          () => reject(new Error(`worker ${child.pid}: event not seen in ${ms} ms; stderr: ${err}`)),
          ms,
        );
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
        });
      }),
  };
  return proc.waitFor((e) => e.type === 'ready').then(() => proc);
}

function comparable(report: SweepReport): unknown {
  return report.rows.map((r) => ({
    jobId: r.jobId,
    rank: r.rank,
    state: r.state,
    params: r.params,
    value: r.value,
    stats: r.stats,
    error: r.error,
  }));
}

describe.skipIf(!driver)('sweeps on a real Redis with BullMQ workers', () => {
  const tmp = tempDir();
  let redis: TestRedis;
  let path: string;
  let w1: WorkerProc;
  let w2: WorkerProc;
  const procs: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startRedis(tmp.dir);
    path = writeEsBars(tmp.dir, 1200);
    [w1, w2] = await Promise.all([spawnWorker(redis.url), spawnWorker(redis.url)]);
    procs.push(w1.child, w2.child);
  }, 90_000);

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
    await redis?.stop();
    tmp.remove();
  });

  async function spec(over: Partial<SweepSpec> = {}): Promise<SweepSpec> {
    return {
      strategy: 'sma-crossover',
      space: { fast: [5, 10, 30], slow: [20, 40] },
      search: { kind: 'grid' },
      data: await dataRef(path),
      instrument: ES,
      costs: { startingCapital: 100_000, commissionPerContract: 2.5 },
      statistic: 'sharpeRatio',
      ...over,
    };
  }

  it('gives the same ranked results as the in-process pool, and a rerun reuses every finished job', async () => {
    const plan = await planSweep(await spec());
    const local = new InProcessRunner({ threads: 2 });
    const inProcess = await runSweep(plan, { runner: local });
    await local.close();
    const runner = await RedisRunner.connect({ redis: redis.url, queue: QUEUE, pollMs: 300 });
    try {
      const onRedis = await runSweep(plan, { runner });
      expect(onRedis.mode).toBe('redis');
      expect(onRedis.completed).toBe(5);
      expect(onRedis.failed).toBe(1); // fast 30 ≥ slow 20: bad input, failed at once, the sweep went on
      expect(comparable(onRedis)).toEqual(comparable(inProcess));
      expect(onRedis.rows.find((r) => r.state === 'failed')?.error?.code).toBe('JOB_BAD_INPUT');
      expect(onRedis.rows.find((r) => r.state === 'failed')?.attempts).toBe(1);
      // Both workers took part.
      // A worker prints its "completed" line after BullMQ has stored the result, so the
      // coordinator can see the result first: wait for the lines before counting them.
      const completedLines = () => [...w1.events, ...w2.events].filter((e) => e.type === 'completed').length;
      const seenBy = Date.now() + 10_000;
      while (completedLines() < 5 && Date.now() < seenBy) await new Promise((r) => setTimeout(r, 50));
      expect(completedLines()).toBe(5);
      // A restarted coordinator: completed jobs come back from Redis at once, nothing runs again.
      const activeBefore = [...w1.events, ...w2.events].filter((e) => e.type === 'active').length;
      const rerun = await runSweep(plan, { runner });
      expect(comparable(rerun)).toEqual(comparable(onRedis));
      await new Promise((r) => setTimeout(r, 300));
      const activeAfter = [...w1.events, ...w2.events].filter((e) => e.type === 'active').length;
      // Only the failed (bad input) job is tried again.
      expect(activeAfter - activeBefore).toBe(1);
    } finally {
      await runner.close();
    }
  });

  it('retries a job whose data is not there yet, and ends a job that keeps failing failed with its error', async () => {
    const late = writeEsBars(tmp.dir, 500, 'late.csv');
    const gone = writeEsBars(tmp.dir, 400, 'gone.csv');
    const lateRef = await dataRef(late);
    const goneRef = await dataRef(gone);
    renameSync(late, `${late}.hidden`);
    rmSync(gone);
    const base: Omit<BacktestJob, 'data'> = {
      kind: 'backtest',
      format: JOB_FORMAT_VERSION,
      strategy: 'sma-crossover',
      params: { fast: 5, slow: 20 },
      instrument: ES,
      costs: { startingCapital: 100_000 },
    };
    const jobs: PlannedJob[] = [
      { ...base, data: lateRef },
      { ...base, data: goneRef },
    ].map((payload) => ({ id: jobId(payload as BacktestJob), payload: payload as BacktestJob }));
    const [lateJob, goneJob] = jobs as [PlannedJob, PlannedJob];
    const runner = await RedisRunner.connect({
      redis: redis.url,
      queue: QUEUE,
      attempts: 3,
      backoffMs: 400,
      pollMs: 300,
    });
    const outcomes: JobOutcome[] = [];
    try {
      const done = runner.run(jobs, (o) => outcomes.push(o));
      // After the late job's first failed attempt its file appears: the retry succeeds.
      await Promise.race(
        [w1, w2].map((w) => w.waitFor((e) => e.type === 'failed' && e.jobId === lateJob.id)),
      );
      renameSync(`${late}.hidden`, late);
      await done;
    } finally {
      await runner.close();
    }
    expect(outcomes).toHaveLength(2);
    const lateOut = outcomes.find((o) => o.id === lateJob.id);
    const goneOut = outcomes.find((o) => o.id === goneJob.id);
    expect(lateOut?.state).toBe('completed');
    expect(lateOut?.attempts).toBeGreaterThanOrEqual(2);
    expect(lateOut?.result).toEqual(await runJob(lateJob.payload, lateJob.id));
    expect(goneOut?.state).toBe('failed');
    expect(goneOut?.attempts).toBe(3);
    expect(goneOut?.error?.code).toBe('JOB_DATA_UNAVAILABLE');
    expect(goneOut?.error?.message).toMatch(/gone\.csv cannot be read on this worker/);
  });

  it('a Redis restart mid-sweep: workers and coordinator reconnect and the sweep finishes, each job once', async () => {
    const mid = writeEsBars(tmp.dir, 4000, 'mid.csv');
    const plan = await planSweep(
      await spec({ data: await dataRef(mid), space: { fast: [3, 4, 6, 8], slow: [25, 35] } }),
    );
    const runner = await RedisRunner.connect({ redis: redis.url, queue: QUEUE, pollMs: 300 });
    const outcomes: JobOutcome[] = [];
    let restarted: Promise<number> | undefined;
    try {
      const report = await runSweep(plan, {
        runner,
        onProgress: (p) => {
          if (p.last !== undefined) outcomes.push(p.last);
          // Restart when two jobs are done; note how many were done once Redis was back.
          if (p.done === 2 && restarted === undefined)
            restarted = redis.restart().then(() => outcomes.length);
        },
      });
      const doneAtRestart = await restarted;
      expect(doneAtRestart).toBeDefined();
      expect(doneAtRestart as number).toBeLessThan(8); // the restart really happened mid-sweep
      expect(report.completed).toBe(8);
      expect(new Set(outcomes.map((o) => o.id)).size).toBe(outcomes.length);
      expect(outcomes).toHaveLength(8);
    } finally {
      await runner.close();
    }
  });

  it('a worker SIGKILLed mid-job: its job is recovered as stalled, run by another worker and counted once; SIGTERM closes a worker gracefully', async () => {
    // Graceful shutdown first: w2 finishes (it is idle) and exits 0.
    const exited = new Promise<number | null>((r) => w2.child.once('exit', (code) => r(code)));
    w2.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(w2.events.some((e) => e.type === 'closed')).toBe(true);
    // Walk-forward folds that each try 12 parameter sets on 6,000 training bars: jobs of seconds,
    // so the kill lands mid-job even on a loaded machine.
    const big = writeEsBars(tmp.dir, 12_000, 'big.csv');
    const plan = await planSweep(
      await spec({
        data: await dataRef(big),
        space: { fast: [3, 5, 7, 9, 11, 13], slow: [50, 80] },
        walkForward: { trainBars: 6000, testBars: 3000, warmupBars: 80 },
      }),
    );
    const runner = await RedisRunner.connect({ redis: redis.url, queue: QUEUE, pollMs: 300 });
    const outcomes: JobOutcome[] = [];
    try {
      const done = runSweep(plan, { runner, onProgress: (p) => p.last && outcomes.push(p.last) });
      const active = await w1.waitFor((e) => e.type === 'active' && plan.jobs.some((j) => j.id === e.jobId));
      w1.child.kill('SIGKILL');
      const w3 = await spawnWorker(redis.url);
      procs.push(w3.child);
      const report = await done;
      expect(report.completed).toBe(2);
      expect(outcomes).toHaveLength(2);
      expect(new Set(outcomes.map((o) => o.id)).size).toBe(2);
      // The killed job finished on the new worker, with the result it would have had.
      expect(w1.events.some((e) => e.type === 'completed' && e.jobId === active.jobId)).toBe(false);
      await w3.waitFor((e) => e.type === 'completed' && e.jobId === active.jobId, 10_000);
      // Started twice (on the killed worker, then on the new one), completed once.
      const inQueue = await Job.fromId(runner.queue, active.jobId as string);
      expect(inQueue?.attemptsStarted).toBeGreaterThanOrEqual(2);
      expect(await inQueue?.getState()).toBe('completed');
      const killed = plan.jobs.find((j) => j.id === active.jobId) as PlannedJob;
      expect(report.rows.find((r) => r.jobId === killed.id)?.stats).toEqual(
        ((await runJob(killed.payload, killed.id)) as { stats: unknown }).stats,
      );
    } finally {
      await runner.close();
    }
  });
});
