import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { JobResult } from '../JobResult.js';

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

/** A job's failure as it crossed the thread boundary: code, message, whether a retry can help. */
export class ThreadJobError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * Starts one pool thread. From the published package the entry is `dist/workerThread.js`; from the
 * sources (tests, `tsx`, benchmarks) the thread first registers tsx with this package's tsconfig,
 * whose paths map `@minhos/*` to sources, then imports `workerThread.ts` — the same code either way.
 */
function spawnThread(): Worker {
  // This file is bundled into dist/index.js, so in the package the entry sits beside it; in the
  // sources it is one folder up.
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./workerThread.js', here));
  const require = createRequire(here);
  const tsxApi = pathToFileURL(
    join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs'),
  ).href;
  const tsconfig = fileURLToPath(new URL('../../tsconfig.json', here));
  const entry = new URL('../workerThread.ts', here).href;
  const code = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register({ tsconfig: ${JSON.stringify(tsconfig)} }); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true });
}

interface Task {
  readonly id: string;
  readonly payload: unknown;
  readonly resolve: (r: JobResult) => void;
  readonly reject: (e: ThreadJobError) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | undefined;
}

/**
 * A fixed number of worker threads running `runJob`, one job per thread at a time, FIFO. A thread
 * that dies mid-job (out of memory, a crash in native code) rejects that job as retryable
 * `JOB_FAILED` and is replaced. CPU-bound jobs on threads also keep the caller's event loop free —
 * in a BullMQ worker that is what keeps the job locks renewed.
 */
export class ThreadPool {
  readonly size: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #closed = false;

  constructor(size: number) {
    this.size = size;
  }

  /** Runs one job on a thread. */
  exec(id: string, payload: unknown): Promise<JobResult> {
    if (this.#closed) return Promise.reject(new ThreadJobError('JOB_FAILED', 'thread pool closed', true));
    while (this.#slots.length < this.size) this.#slots.push(this.#spawn());
    return new Promise<JobResult>((resolve, reject) => {
      this.#queue.push({ id, payload, resolve, reject });
      this.#pump();
    });
  }

  #spawn(): Slot {
    const slot: Slot = { worker: spawnThread(), ready: false, task: undefined };
    slot.worker.on('message', (m: Reply) => {
      if ('ready' in m) {
        slot.ready = true;
        this.#pump();
        return;
      }
      const task = slot.task;
      if (task === undefined || task.id !== m.id) return;
      slot.task = undefined;
      if (m.ok) task.resolve(m.result);
      else task.reject(new ThreadJobError(m.code, m.message, m.retryable));
      this.#pump();
    });
    const die = (why: string): void => {
      const index = this.#slots.indexOf(slot);
      if (index < 0) return;
      const task = slot.task;
      slot.task = undefined;
      if (this.#closed) this.#slots.splice(index, 1);
      else this.#slots[index] = this.#spawn();
      task?.reject(new ThreadJobError('JOB_FAILED', `job ${task.id}: worker thread died: ${why}`, true));
      this.#pump();
    };
    slot.worker.once('error', (e) => die(e instanceof Error ? e.message : String(e)));
    slot.worker.once('exit', (code) => die(`exit code ${code}`));
    return slot;
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (!slot.ready || slot.task !== undefined) continue;
      const task = this.#queue.shift();
      if (task === undefined) return;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, payload: task.payload });
    }
  }

  /** Stops every thread; queued and running jobs are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#queue.splice(0))
      t.reject(new ThreadJobError('JOB_FAILED', 'thread pool closed', true));
    const slots = this.#slots.splice(0);
    for (const s of slots) {
      s.task?.reject(new ThreadJobError('JOB_FAILED', 'thread pool closed', true));
      s.task = undefined;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
