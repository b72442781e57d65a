import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobResult } from './JobResult.js';
import type { JobOutcome, JobRunner, PlannedJob } from './JobRunner.js';

/** Settings of {@link InProcessRunner}. */
export interface InProcessRunnerOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly threads?: number;
  /** Attempts per job for retryable failures and crashed threads (default 3), as on Redis. */
  readonly attempts?: number;
}

type Reply =
  | { readonly ready: true }
  | { readonly id: string; readonly ok: true; readonly result: JobResult }
  | {
      readonly id: string;
      readonly ok: false;
      readonly code: string;
      readonly retryable: boolean;
      readonly message: string;
    };

/**
 * Starts one pool thread. From the published package the entry is `dist/workerThread.js`; from the
 * sources (tests, `tsx`, benchmarks) the thread first registers tsx with this package's tsconfig,
 * whose paths map `@minhos/*` to sources, then imports `workerThread.ts` — so both run the same code.
 */
function spawnThread(): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./workerThread.js', here));
  const require = createRequire(here);
  const tsxApi = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const tsconfig = fileURLToPath(new URL('../tsconfig.json', here));
  const entry = new URL('./workerThread.ts', here).href;
  const code = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: { job: PlannedJob; attempt: number } | undefined;
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
  readonly #pool: Slot[] = [];
  #closed = false;

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
  }

  #slot(): Slot {
    const worker = spawnThread();
    worker.unref();
    const ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: Reply): void => {
        if ('ready' in m) {
          worker.off('message', onMessage);
          worker.off('error', reject);
          resolve();
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    return { worker, ready, busy: undefined };
  }

  async run(
    jobs: readonly PlannedJob[],
    onOutcome: (outcome: JobOutcome) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.#closed) throw new Error('InProcessRunner: closed');
    const queue: { job: PlannedJob; attempt: number }[] = jobs.map((job) => ({ job, attempt: 1 }));
    let remaining = jobs.length;
    if (remaining === 0) return;
    while (this.#pool.length < Math.min(this.slots, jobs.length)) this.#pool.push(this.#slot());
    await new Promise<void>((resolve, reject) => {
      const finish = (outcome: JobOutcome): void => {
        remaining -= 1;
        try {
          onOutcome(outcome);
        } catch (e) {
          reject(e);
        }
        if (remaining === 0) resolve();
      };
      const onAbort = (): void => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
      const failOrRetry = (
        task: { job: PlannedJob; attempt: number },
        code: string,
        message: string,
        retryable: boolean,
      ): void => {
        if (retryable && task.attempt < this.#attempts)
          queue.push({ job: task.job, attempt: task.attempt + 1 });
        else finish({ id: task.job.id, state: 'failed', error: { code, message }, attempts: task.attempt });
      };
      const feed = (slot: Slot): void => {
        if (signal?.aborted === true || slot.busy !== undefined) return;
        const task = queue.shift();
        if (task === undefined) return;
        slot.busy = task;
        slot.ready.then(
          () => slot.worker.postMessage({ id: task.job.id, payload: task.job.payload }),
          () => undefined, // the error handler below replaces the thread and retries the job
        );
      };
      const attach = (slot: Slot): void => {
        const onMessage = (m: Reply): void => {
          if ('ready' in m) return;
          const task = slot.busy;
          if (task === undefined || task.job.id !== m.id) return;
          slot.busy = undefined;
          if (m.ok) finish({ id: m.id, state: 'completed', result: m.result, attempts: task.attempt });
          else failOrRetry(task, m.code, m.message, m.retryable);
          for (const s of this.#pool) feed(s);
        };
        const onDeath = (error: unknown): void => {
          slot.worker.off('message', onMessage);
          const task = slot.busy;
          slot.busy = undefined;
          const index = this.#pool.indexOf(slot);
          if (index >= 0 && !this.#closed) {
            const next = this.#slot();
            this.#pool[index] = next;
            attach(next);
          }
          if (task !== undefined) {
            const message =
              error instanceof Error ? error.message : `worker thread exited (${String(error)})`;
            failOrRetry(task, 'JOB_FAILED', `job ${task.job.id}: worker thread died: ${message}`, true);
          }
          for (const s of this.#pool) feed(s);
        };
        slot.worker.on('message', onMessage);
        slot.worker.once('error', onDeath);
        slot.worker.once('exit', (code) => {
          if (!this.#closed) onDeath(`exit code ${code}`);
        });
        cleanups.push(() => {
          slot.worker.off('message', onMessage);
          slot.worker.off('error', onDeath);
          slot.worker.removeAllListeners('exit');
        });
      };
      const cleanups: (() => void)[] = [];
      this.#cleanup = () => {
        for (const c of cleanups) c();
        signal?.removeEventListener('abort', onAbort);
      };
      for (const slot of this.#pool) attach(slot);
      for (const slot of this.#pool) feed(slot);
    }).finally(() => this.#cleanup());
  }

  #cleanup: () => void = () => undefined;

  /** Stops every thread (a job still running is abandoned). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cleanup();
    await Promise.all(this.#pool.map((s) => s.worker.terminate()));
    this.#pool.length = 0;
  }
}
