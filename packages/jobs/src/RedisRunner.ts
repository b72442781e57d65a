import { Job, Queue, QueueEvents } from 'bullmq';
import { type RedisClient, redisConnection } from './internal/redisConnection.js';
import type { JobResult } from './JobResult.js';
import type { JobOutcome, JobRunner, PlannedJob } from './JobRunner.js';

/** Settings of {@link RedisRunner}. */
export interface RedisRunnerOptions {
  /** `redis://host:port[/db]`. */
  readonly redis: string;
  /** BullMQ queue name (default `minhos-jobs`); workers must use the same. */
  readonly queue?: string;
  /** Attempts per job before it ends failed (default 3). */
  readonly attempts?: number;
  /** Delay between attempts, ms (default 500). */
  readonly backoffMs?: number;
  /** Safety-net poll of unfinished jobs, ms (default 1000): covers events lost while Redis restarted. */
  readonly pollMs?: number;
}

/** `CODE: message` (how workers report errors through BullMQ's failedReason) split back. */
export function parseFailedReason(reason: string | undefined): { code: string; message: string } {
  const text = reason ?? 'failed without a reason';
  const m = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(text);
  return m === null
    ? { code: 'JOB_FAILED', message: text }
    : { code: m[1] as string, message: m[2] as string };
}

/**
 * The coordinator's side of Redis mode: enqueues jobs on a BullMQ queue under their deterministic
 * ids (a job already there is not added twice; one already completed is reused at once; one that
 * failed is removed and enqueued again), then reports each job's final state once — from queue
 * events, and from a periodic poll that also carries the sweep through a Redis restart. Workers
 * (`minhos worker`, {@link startWorker}) on any machine run them.
 *
 * @example
 * ```ts
 * import { RedisRunner } from '@minhos/jobs';
 * const runner = await RedisRunner.connect({ redis: 'redis://127.0.0.1:6379' });
 * // await runner.run(plan.jobs, (o) => console.log(o.id, o.state));
 * await runner.close();
 * ```
 */
export class RedisRunner implements JobRunner {
  readonly mode = 'redis' as const;
  readonly slots = 0;
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #clients: RedisClient[];
  readonly #attempts: number;
  readonly #backoffMs: number;
  readonly #pollMs: number;

  private constructor(
    queue: Queue,
    events: QueueEvents,
    clients: RedisClient[],
    options: RedisRunnerOptions,
  ) {
    this.#queue = queue;
    this.#events = events;
    this.#clients = clients;
    this.#attempts = options.attempts ?? 3;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#pollMs = options.pollMs ?? 1000;
  }

  /** Connects to Redis (throws `JOB_REDIS_DRIVER_MISSING` without ioredis, `SWEEP_BAD_INPUT` for a bad URL). */
  static async connect(options: RedisRunnerOptions): Promise<RedisRunner> {
    const name = options.queue ?? 'minhos-jobs';
    const a = await redisConnection(options.redis);
    const b = await redisConnection(options.redis);
    const queue = new Queue(name, { connection: a as never });
    const events = new QueueEvents(name, { connection: b as never });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    await queue.waitUntilReady();
    await events.waitUntilReady();
    return new RedisRunner(queue, events, [a, b], options);
  }

  /** The BullMQ queue (for inspection: counts, failed jobs). */
  get queue(): Queue {
    return this.#queue;
  }

  async #final(id: string): Promise<JobOutcome | undefined> {
    // State first, the job's fields after: reading the job before the state could see a job that
    // completed in between without its return value (a race the benchmark caught).
    const state = await this.#queue.getJobState(id);
    if (state !== 'completed' && state !== 'failed') return undefined;
    const job = await Job.fromId(this.#queue, id);
    if (job === undefined) return undefined;
    if (state === 'completed') {
      if (job.returnvalue === null || job.returnvalue === undefined) return undefined; // look again later
      return {
        id,
        state: 'completed',
        result: job.returnvalue as JobResult,
        attempts: Math.max(1, job.attemptsMade),
      };
    }
    return {
      id,
      state: 'failed',
      error: parseFailedReason(job.failedReason),
      attempts: Math.max(1, job.attemptsMade),
    };
  }

  /** Enqueues `jobs` (reusing finished ones) and reports each final outcome once; `signal` stops waiting. */
  async run(
    jobs: readonly PlannedJob[],
    onOutcome: (outcome: JobOutcome) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const pending = new Set<string>();
    const report = (o: JobOutcome): void => {
      if (!pending.delete(o.id)) return;
      onOutcome(o);
    };
    const fresh: PlannedJob[] = [];
    for (const job of jobs) {
      pending.add(job.id);
      const existing = await Job.fromId(this.#queue, job.id);
      if (existing === undefined) {
        fresh.push(job);
        continue;
      }
      const state = await existing.getState();
      if (state === 'failed') {
        await existing.remove();
        fresh.push(job);
      } else if (state === 'completed') {
        const done = await this.#final(job.id);
        if (done !== undefined) report(done);
      }
      // waiting, delayed, active: already queued by an earlier run; wait for it.
    }
    if (fresh.length > 0) {
      await this.#queue.addBulk(
        fresh.map((job) => ({
          name: job.payload.kind,
          data: job.payload,
          opts: {
            jobId: job.id,
            attempts: this.#attempts,
            backoff: { type: 'fixed', delay: this.#backoffMs },
            removeOnComplete: false,
            removeOnFail: false,
          },
        })),
      );
    }
    if (pending.size === 0) return;
    await new Promise<void>((resolve, reject) => {
      let stopped = false;
      const check = (id: string): void => {
        if (stopped || !pending.has(id)) return;
        this.#final(id).then(
          (o) => {
            if (o !== undefined) report(o);
            if (pending.size === 0) stop();
          },
          () => undefined, // Redis away: the poll tries again after the reconnect
        );
      };
      const onCompleted = ({ jobId }: { jobId: string }): void => check(jobId);
      const onFailed = ({ jobId }: { jobId: string }): void => check(jobId);
      let timer: NodeJS.Timeout | undefined;
      const poll = async (): Promise<void> => {
        if (stopped) return;
        try {
          for (const id of [...pending]) {
            if (stopped) return;
            const o = await this.#final(id);
            if (o !== undefined) report(o);
          }
        } catch {
          // Redis unreachable right now: keep polling until it is back.
        }
        if (pending.size === 0) stop();
        else if (!stopped) timer = setTimeout(poll, this.#pollMs);
      };
      const stop = (error?: unknown): void => {
        if (stopped) return;
        stopped = true;
        if (timer !== undefined) clearTimeout(timer);
        this.#events.off('completed', onCompleted);
        this.#events.off('failed', onFailed);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = (): void => stop();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#events.on('completed', onCompleted);
      this.#events.on('failed', onFailed);
      // Jobs may have finished before the listeners were on: look once now, then every pollMs.
      void poll();
      if (signal?.aborted === true) stop();
    });
  }

  /** Closes the queue and event connections (jobs stay in Redis for the workers). */
  async close(): Promise<void> {
    await this.#events.close().catch(() => undefined);
    await this.#queue.close().catch(() => undefined);
    for (const c of this.#clients) await c.quit().catch(() => c.disconnect());
  }
}
