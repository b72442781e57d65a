import { availableParallelism } from 'node:os';
import { MinhosError } from '@minhos/core';
import { UnrecoverableError, Worker } from 'bullmq';
import { redisConnection } from './internal/redisConnection.js';
import { ThreadJobError, ThreadPool } from './internal/ThreadPool.js';

/** Settings of {@link startWorker}. */
export interface WorkerOptions {
  /** `redis://host:port[/db]`. */
  readonly redis: string;
  /** Jobs run at once by this worker (default 1). Run several workers per machine for more cores. */
  readonly concurrency?: number;
  /** BullMQ queue name (default `minhos-jobs`), the coordinator's. */
  readonly queue?: string;
  /**
   * How long a job's lock lasts without renewal, ms (default 30000). A worker killed mid-job stops
   * renewing; after this its job is "stalled" and another worker takes it.
   */
  readonly lockDurationMs?: number;
  /** How often stalled jobs are looked for, ms (default 30000). */
  readonly stalledIntervalMs?: number;
  /** Times a job may stall before it fails (default 2). */
  readonly maxStalledCount?: number;
  /** Told when a job starts and ends on this worker (for logs and progress). */
  readonly onEvent?: (event: WorkerEvent) => void;
}

/** What a worker reports about its jobs. */
export type WorkerEvent =
  | { readonly type: 'active'; readonly jobId: string; readonly attempt: number }
  | { readonly type: 'completed'; readonly jobId: string; readonly ms: number }
  | { readonly type: 'failed'; readonly jobId: string; readonly error: string; readonly final: boolean }
  | { readonly type: 'error'; readonly error: string };

/** A running worker. */
export interface RunningWorker {
  /** The BullMQ worker. */
  readonly worker: Worker;
  /**
   * Stops taking jobs and waits for the ones running to finish (graceful). `force` abandons them
   * instead: their locks lapse and stalled-job recovery gives them to another worker.
   */
  close(force?: boolean): Promise<void>;
}

function check(name: string, v: number | undefined, min: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min)) {
    throw new MinhosError('SWEEP_BAD_INPUT', `worker: ${name} must be a whole number ≥ ${min}, got ${v}`);
  }
}

/**
 * Starts a BullMQ worker that runs sweep jobs from Redis with {@link runJob} on `concurrency`
 * worker threads — the code and threads of the in-process pool; the process's own event loop only
 * talks to Redis, so job locks are renewed however long a backtest computes. Bad input and a data hash mismatch fail the job at once (BullMQ's
 * `UnrecoverableError`); other errors are retried up to the job's attempts. Errors travel as
 * `CODE: message`. Concurrency defaults to 1 (a backtest is CPU-bound: one per core).
 *
 * @example
 * ```ts
 * import { startWorker } from '@minhos/jobs';
 * const w = await startWorker({ redis: 'redis://10.0.0.5:6379', concurrency: 2 });
 * process.once('SIGTERM', () => void w.close());
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  check('concurrency', options.concurrency, 1);
  check('lockDurationMs', options.lockDurationMs, 100);
  check('stalledIntervalMs', options.stalledIntervalMs, 100);
  check('maxStalledCount', options.maxStalledCount, 0);
  if ((options.concurrency ?? 1) > 4 * availableParallelism()) {
    throw new MinhosError(
      'SWEEP_BAD_INPUT',
      `worker: concurrency ${options.concurrency} is far above this machine's ${availableParallelism()} cores; run backtests one per core`,
    );
  }
  const connection = await redisConnection(options.redis);
  const pool = new ThreadPool(options.concurrency ?? 1);
  const emit = options.onEvent ?? (() => undefined);
  const started = new Map<string, number>();
  const worker = new Worker(
    options.queue ?? 'minhos-jobs',
    async (job) => {
      const id = job.id ?? 'job';
      emit({ type: 'active', jobId: id, attempt: job.attemptsStarted });
      started.set(id, performance.now());
      try {
        // On a thread: a backtest is CPU-bound, and on this event loop it would stop BullMQ from
        // renewing the job's lock, so a long job would look stalled and run twice.
        return await pool.exec(id, job.data);
      } catch (e) {
        const code = e instanceof ThreadJobError || e instanceof MinhosError ? e.code : 'JOB_FAILED';
        const retryable = e instanceof ThreadJobError || e instanceof MinhosError ? e.retryable : true;
        const text = `${code}: ${e instanceof Error ? e.message : String(e)}`;
        if (!retryable) throw new UnrecoverableError(text);
        throw new Error(text);
      }
    },
    {
      connection: connection as never,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 2,
      autorun: true,
    },
  );
  worker.on('completed', (job) => {
    const id = job.id ?? 'job';
    emit({ type: 'completed', jobId: id, ms: performance.now() - (started.get(id) ?? performance.now()) });
    started.delete(id);
  });
  worker.on('failed', (job, error) => {
    if (job === undefined) return;
    const id = job.id ?? 'job';
    started.delete(id);
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    emit({ type: 'failed', jobId: id, error: error.message, final });
  });
  worker.on('error', (error) => emit({ type: 'error', error: error.message }));
  await worker.waitUntilReady();
  let closing: Promise<void> | undefined;
  return {
    worker,
    close: (force = false) => {
      if (force) {
        closing = worker.close(true).then(async () => {
          await pool.close();
          connection.disconnect();
        });
        return closing;
      }
      closing ??= worker.close().then(async () => {
        await pool.close();
        await connection.quit().catch(() => connection.disconnect());
      });
      return closing;
    },
  };
}
