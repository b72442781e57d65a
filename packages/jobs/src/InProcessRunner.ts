import { availableParallelism } from 'node:os';
import { ThreadJobError, ThreadPool } from './internal/ThreadPool.js';
import type { JobOutcome, JobRunner, PlannedJob } from './JobRunner.js';

/** Settings of {@link InProcessRunner}. */
export interface InProcessRunnerOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly threads?: number;
  /** Attempts per job for retryable failures and crashed threads (default 3), as on Redis. */
  readonly attempts?: number;
}

/**
 * The embedded default: jobs run on a pool of `worker_threads` in this process — no Redis, one
 * command on a laptop — through the same `runJob` a `minhos worker` runs. A retryable failure is
 * retried up to `attempts` times, a thread that dies mid-job is replaced and its job retried; bad
 * input fails at once. Outcomes are reported once per job.
 *
 * @example
 * ```ts
 * import { InProcessRunner } from '@minhos/jobs';
 * const runner = new InProcessRunner({ threads: 2 });
 * // await runner.run(jobs, (o) => console.log(o.id, o.state));
 * await runner.close();
 * ```
 */
export class InProcessRunner implements JobRunner {
  readonly mode = 'in-process' as const;
  readonly slots: number;
  readonly #attempts: number;
  readonly #pool: ThreadPool;

  /** @throws RangeError for threads or attempts that are not whole numbers ≥ 1. */
  constructor(options: InProcessRunnerOptions = {}) {
    const threads = options.threads ?? Math.max(1, availableParallelism());
    if (!(Number.isInteger(threads) && threads >= 1)) {
      throw new RangeError(`InProcessRunner: threads must be a whole number ≥ 1, got ${threads}`);
    }
    const attempts = options.attempts ?? 3;
    if (!(Number.isInteger(attempts) && attempts >= 1)) {
      throw new RangeError(`InProcessRunner: attempts must be a whole number ≥ 1, got ${attempts}`);
    }
    this.slots = threads;
    this.#attempts = attempts;
    this.#pool = new ThreadPool(threads);
  }

  async #one(job: PlannedJob, signal?: AbortSignal): Promise<JobOutcome | undefined> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted === true) return undefined;
      try {
        const result = await this.#pool.exec(job.id, job.payload);
        return { id: job.id, state: 'completed', result, attempts: attempt };
      } catch (e) {
        const err = e instanceof ThreadJobError ? e : new ThreadJobError('JOB_FAILED', String(e), true);
        if (!err.retryable || attempt >= this.#attempts) {
          return {
            id: job.id,
            state: 'failed',
            error: { code: err.code, message: err.message },
            attempts: attempt,
          };
        }
      }
    }
  }

  /** Runs `jobs` (the pool takes them in order, `threads` at a time); `signal` stops waiting. */
  async run(
    jobs: readonly PlannedJob[],
    onOutcome: (outcome: JobOutcome) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const all = Promise.all(
      jobs.map(async (job) => {
        const o = await this.#one(job, signal);
        if (o !== undefined && signal?.aborted !== true) onOutcome(o);
      }),
    );
    if (signal === undefined) {
      await all;
      return;
    }
    await Promise.race([
      all,
      new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      }),
    ]);
  }

  /** Stops every thread (a job still running is abandoned). */
  async close(): Promise<void> {
    await this.#pool.close();
  }
}
