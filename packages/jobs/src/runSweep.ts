import type { JobOutcome, JobRunner } from './JobRunner.js';
import type { SweepPlan } from './planSweep.js';
import { rankSweep, type SweepReport } from './SweepReport.js';
import type { SweepStore } from './SweepStore.js';

/** Progress of a running sweep. */
export interface SweepProgress {
  readonly total: number;
  /** Jobs with a final outcome (completed or failed), reused ones included. */
  readonly done: number;
  readonly completed: number;
  readonly failed: number;
  readonly reused: number;
  /** The outcome that moved the count (undefined for the first report). */
  readonly last?: JobOutcome;
}

/** Settings of {@link runSweep}. */
export interface RunSweepOptions {
  /** Where jobs run: {@link InProcessRunner} (default mode of `minhos sweep`) or {@link RedisRunner}. */
  readonly runner: JobRunner;
  /** Coordinator store; finished jobs found there are reused and new outcomes written as they come. */
  readonly store?: SweepStore;
  readonly onProgress?: (progress: SweepProgress) => void;
  /** Stops waiting (the outcomes so far are kept; rerun the same sweep to resume). */
  readonly signal?: AbortSignal;
}

/**
 * Runs a planned sweep to the end and ranks it. Resumable: jobs whose completed outcome is already
 * in the store are not run again (failed ones are retried), and every outcome is written to the
 * store the moment it arrives, so a coordinator killed halfway loses nothing when it is restarted
 * with the same sweep. A job's bad input fails that job with its error; the sweep goes on.
 *
 * @example
 * ```ts
 * import { InProcessRunner, planSweep, runSweep, SweepStore } from '@minhos/jobs';
 * // const report = await runSweep(await planSweep(spec), { runner: new InProcessRunner(), store: SweepStore.open('.minhos/minhos.sqlite') });
 * // report.rows[0] — the best run, with its full stats table
 * ```
 */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions): Promise<SweepReport> {
  const { runner, store } = options;
  store?.putSweep({
    id: plan.id,
    createdAt: new Date().toISOString(),
    strategy: plan.spec.strategy,
    statistic: plan.spec.statistic,
    jobIds: plan.jobs.map((j) => j.id),
  });
  const outcomes = new Map<string, JobOutcome>();
  const reused = new Set<string>();
  for (const job of plan.jobs) {
    const o = store?.outcome(job.id);
    if (o?.state === 'completed') {
      outcomes.set(job.id, o);
      reused.add(job.id);
    } else if (o?.state === 'failed') store?.clearFailed(job.id);
  }
  let completed = reused.size;
  let failed = 0;
  const progress = (last?: JobOutcome): void =>
    options.onProgress?.({
      total: plan.jobs.length,
      done: completed + failed,
      completed,
      failed,
      reused: reused.size,
      ...(last !== undefined ? { last } : {}),
    });
  progress();
  const todo = plan.jobs.filter((j) => !outcomes.has(j.id));
  await runner.run(
    todo,
    (o) => {
      if (outcomes.has(o.id)) return; // a job counts once
      outcomes.set(o.id, o);
      store?.putOutcome(o);
      if (o.state === 'completed') completed += 1;
      else failed += 1;
      progress(o);
    },
    options.signal,
  );
  return rankSweep(
    {
      sweepId: plan.id,
      strategy: plan.spec.strategy,
      statistic: plan.spec.statistic,
      order: plan.spec.order ?? 'desc',
      mode: runner.mode,
    },
    plan.jobs,
    outcomes,
    reused,
  );
}
