import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MinhosError } from '@minhos/core';
import type { TreeJobMessage, TreeJobReply } from './internal/treeJob.js';

/** Settings of {@link TreeWorkerPool}. */
export interface TreeWorkerPoolOptions {
  /** Worker threads (each with its own XGBoost wasm instance). Default: the machine's parallelism. */
  readonly size?: number;
  /**
   * Trained boosters kept by a SHA-256 of their inputs (rows, labels, parameters, rounds), so a fit
   * repeated on identical inputs — e.g. a stacking ensemble's final member refit and the same model
   * evaluated on its own in the same fold — is trained once. XGBoost is deterministic for a seed,
   * so a cached booster is the one a new fit would produce (tested). Default 16; 0 turns it off.
   */
  readonly cacheSize?: number;
}

/** Counters of a {@link TreeWorkerPool}. */
export interface TreeWorkerPoolStats {
  /** Boosters trained by the workers. */
  readonly trained: number;
  /** Fits answered from the cache (or joined to an identical fit in flight). */
  readonly cacheHits: number;
  /** Worker threads started so far. */
  readonly workers: number;
}

interface Pending {
  readonly message: TreeJobMessage;
  readonly resolve: (booster: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Pending | undefined;
}

/**
 * Built, the worker is `xgboostWorker.js` next to `index.js`. From sources (vitest, tsx) it is
 * TypeScript: a small bootstrap loads it through tsx's `tsImport` with this package's tsconfig
 * (workspace imports resolve to sources there too).
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The parent's Node options minus those that only make sense for the main entry: a worker
 * inherits `process.execArgv`, and `--input-type` / `-e <script>` (a host run as `node -e …`)
 * make it fail to start.
 */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') i++;
    else if (!a.startsWith('--input-type') && !a.startsWith('--eval=') && !a.startsWith('--print='))
      out.push(a);
  }
  return out;
}

function startWorker(): Worker {
  if (!FROM_SOURCE) {
    return new Worker(new URL('./xgboostWorker.js', import.meta.url), { execArgv: workerExecArgv() });
  }
  const require = createRequire(import.meta.url);
  // The ESM build of tsx's API (require.resolve would pick its CommonJS build).
  const api = new URL('dist/esm/api/index.mjs', pathToFileURL(require.resolve('tsx/package.json'))).href;
  const entry = new URL('./internal/xgboostWorker.ts', import.meta.url).href;
  const options = {
    parentURL: import.meta.url,
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  };
  return new Worker(
    `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(options)}));`,
    { eval: true, execArgv: workerExecArgv() },
  );
}

/**
 * Worker threads that train XGBoost boosters (gradient boosting and random-forest mode) off the
 * main thread, so several tree models fit at once: pass it as `workers` to {@link XgboostModel} /
 * {@link RandomForestModel} and fit them concurrently (e.g. `StackingEnsemble`'s or `evaluate`'s
 * `concurrency`). A worker trains in its own wasm instance and returns the booster in XGBoost's
 * binary format; the model restores it on the calling thread, so predictions are identical to a
 * fit on the calling thread (tested). Workers start on first use and do not keep the process
 * alive while idle; `close()` stops them.
 *
 * @example
 * ```ts
 * import { RandomForestModel, TreeWorkerPool, XgboostModel } from '@minhos/models';
 * const workers = new TreeWorkerPool({ size: 2 });
 * const xgb = new XgboostModel({ rounds: 100, workers });
 * const rf = new RandomForestModel({ trees: 100, workers });
 * // await Promise.all([xgb.fit(X, y), rf.fit(X, y)]); // both train at once
 * await workers.close();
 * ```
 */
export class TreeWorkerPool {
  /** Maximum number of worker threads. */
  readonly size: number;
  readonly #cacheSize: number;
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #cache = new Map<string, Promise<Uint8Array>>();
  #nextId = 1;
  #trained = 0;
  #hits = 0;
  #started = 0;
  #closed = false;

  constructor(options: TreeWorkerPoolOptions = {}) {
    const size = options.size ?? Math.max(1, availableParallelism());
    const cacheSize = options.cacheSize ?? 16;
    if (!Number.isInteger(size) || size < 1 || size > 256) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `TreeWorkerPool: size must be an integer in [1, 256], got ${size}`,
      );
    }
    if (!Number.isInteger(cacheSize) || cacheSize < 0) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `TreeWorkerPool: cacheSize must be an integer ≥ 0, got ${cacheSize}`,
      );
    }
    this.size = size;
    this.#cacheSize = cacheSize;
  }

  /** Trained, cached and started counts. */
  stats(): TreeWorkerPoolStats {
    return { trained: this.#trained, cacheHits: this.#hits, workers: this.#started };
  }

  /**
   * Trains one booster on a worker; resolves with it in XGBoost's binary format (read-only: it may
   * be shared with other callers through the cache).
   * @throws {@link @minhos/core!MinhosError} `MODEL_TRAIN_FAILED` when XGBoost or the worker fails,
   * `MODEL_BAD_INPUT` after `close()`.
   */
  train(
    data: Float32Array,
    labels: Float32Array,
    rows: number,
    cols: number,
    params: Record<string, string>,
    rounds: number,
  ): Promise<Uint8Array> {
    if (this.#closed) {
      return Promise.reject(new MinhosError('MODEL_BAD_INPUT', 'TreeWorkerPool: train() after close()'));
    }
    const run = () =>
      new Promise<Uint8Array>((resolve, reject) => {
        const message: TreeJobMessage = { id: this.#nextId++, data, labels, rows, cols, params, rounds };
        this.#queue.push({ message, resolve, reject });
        this.#dispatch();
      });
    if (this.#cacheSize === 0) return run();
    const key = jobKey(data, labels, rows, cols, params, rounds);
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#hits++;
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const result = run();
    this.#cache.set(key, result);
    result.catch(() => this.#cache.delete(key));
    while (this.#cache.size > this.#cacheSize) {
      this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return result;
  }

  /** Stops the workers; queued fits are rejected. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const p of this.#queue.splice(0)) {
      p.reject(new MinhosError('MODEL_TRAIN_FAILED', 'TreeWorkerPool closed before the fit started'));
    }
    const slots = this.#slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const s of slots) {
      s.job?.reject(new MinhosError('MODEL_TRAIN_FAILED', 'TreeWorkerPool closed during the fit'));
    }
    this.#cache.clear();
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.job === undefined);
      if (slot === undefined) {
        if (this.#slots.length >= this.size) return;
        slot = this.#spawn();
      }
      const job = this.#queue.shift() as Pending;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.message);
    }
  }

  #spawn(): Slot {
    const worker = startWorker();
    this.#started++;
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (reply: TreeJobReply) => {
      const job = slot.job;
      slot.job = undefined;
      worker.unref();
      if (job !== undefined && job.message.id === reply.id) {
        if (reply.booster !== undefined) {
          this.#trained++;
          job.resolve(reply.booster);
        } else {
          job.reject(
            new MinhosError('MODEL_TRAIN_FAILED', `XGBoost worker: ${reply.error ?? 'unknown error'}`, {
              ...(reply.code !== undefined ? { details: { code: reply.code } } : {}),
            }),
          );
        }
      }
      this.#dispatch();
    });
    const fail = (why: string) => {
      const i = this.#slots.indexOf(slot);
      if (i < 0) return; // already closed or replaced
      this.#slots.splice(i, 1);
      slot.job?.reject(new MinhosError('MODEL_TRAIN_FAILED', `XGBoost worker ${why}`));
      slot.job = undefined;
      if (!this.#closed) this.#dispatch();
    };
    worker.on('error', (e) => fail(`failed: ${e instanceof Error ? e.message : String(e)}`));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    this.#slots.push(slot);
    return slot;
  }
}

function jobKey(
  data: Float32Array,
  labels: Float32Array,
  rows: number,
  cols: number,
  params: Record<string, string>,
  rounds: number,
): string {
  const head = JSON.stringify([
    rows,
    cols,
    rounds,
    Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);
  return createHash('sha256')
    .update(head)
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .update(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength))
    .digest('hex');
}
