import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MinhosError } from '@minhos/core';
import type { FitReport, JsonValue, Matrix, Model, ModelDescription } from '../Model.js';
import type { TreeWorkerPool } from '../TreeWorkerPool.js';
import { sha256, writeFileAtomic } from './files.js';
import { field, isNumber, isRecord, isString, readModelFile, writeModelFile } from './modelFile.js';
import { checkMatrix, checkTrainingData, notTrained } from './validate.js';
import { loadXgboost, type XgboostRuntime } from './xgboostWasm.js';

/** File holding the booster in XGBoost's own binary format inside a saved model directory. */
export const BOOSTER_FILE = 'booster.bin';

/**
 * Shared implementation of the XGBoost-backed models (gradient boosting and random-forest mode):
 * they differ only in parameters. The booster lives in wasm memory; `dispose()` frees it.
 */
export abstract class XgboostBase implements Model {
  abstract readonly kind: string;
  readonly name: string;
  #runtime: XgboostRuntime | undefined;
  #handle = 0;
  #cols: number | undefined;
  #fit: FitReport | undefined;
  readonly #workers: TreeWorkerPool | undefined;

  protected constructor(name: string, workers?: TreeWorkerPool) {
    this.name = name;
    this.#workers = workers;
  }

  /** XGBoost parameters (string values, as the C API takes them). */
  protected abstract boosterParams(): Record<string, string>;
  /** Boosting rounds passed to `train`. */
  protected abstract rounds(): number;
  /** Hyper-parameters for {@link describe} and the saved file. */
  protected abstract params(): Record<string, JsonValue>;

  get trained(): boolean {
    return this.#handle !== 0;
  }

  async fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport> {
    const t0 = performance.now();
    checkTrainingData(`${this.constructor.name}.fit`, X, y);
    const rt = await loadXgboost();
    this.dispose();
    const data = X.data instanceof Float32Array ? X.data : Float32Array.from(X.data);
    const labels = Float32Array.from(y as ArrayLike<number>);
    this.#runtime = rt;
    // On a worker the booster is trained in that thread's wasm instance and restored here from
    // XGBoost's binary format: the same trees, so the same predictions.
    this.#handle = this.#workers
      ? rt.deserialize(
          await this.#workers.train(data, labels, X.rows, X.cols, this.boosterParams(), this.rounds()),
        )
      : rt.train(data, labels, X.rows, X.cols, this.boosterParams(), this.rounds());
    this.#cols = X.cols;
    const p = rt.predict(this.#handle, data, X.rows, X.cols);
    let loss = 0;
    for (let i = 0; i < p.length; i++) {
      const q = Math.min(1 - 1e-15, Math.max(1e-15, p[i]!));
      loss -= labels[i] === 1 ? Math.log(q) : Math.log(1 - q);
    }
    this.#fit = {
      kind: this.kind,
      samples: X.rows,
      durationMs: performance.now() - t0,
      trainLoss: loss / X.rows,
      epochs: this.rounds(),
    };
    return this.#fit;
  }

  async predictProba(X: Matrix): Promise<Float64Array> {
    if (!this.#handle || !this.#runtime) notTrained(this.kind);
    checkMatrix(`${this.constructor.name}.predictProba`, X, this.#cols);
    const data = X.data instanceof Float32Array ? X.data : Float32Array.from(X.data);
    return this.#runtime.predict(this.#handle, data, X.rows, X.cols);
  }

  async save(dir: string): Promise<void> {
    if (!this.#handle || !this.#runtime) notTrained(this.kind);
    const bytes = this.#runtime.serialize(this.#handle);
    await writeFileAtomic(join(dir, BOOSTER_FILE), bytes);
    await writeModelFile(dir, this.kind, this.name, {
      params: this.params(),
      inputCols: this.#cols ?? null,
      booster: { file: BOOSTER_FILE, bytes: bytes.length, sha256: sha256(bytes) },
      fit: (this.#fit ?? null) as unknown as JsonValue,
    });
  }

  /** Reads a saved directory: its parameters and restores the booster into `target`. @internal */
  protected static async restore<T extends XgboostBase>(
    dir: string,
    kind: string,
    make: (params: Record<string, unknown>, name: string) => T,
  ): Promise<T> {
    const doc = await readModelFile(dir, kind);
    const params = field(doc, 'params', isRecord, dir);
    const cols = field(doc, 'inputCols', isNumber, dir);
    const booster = field(doc, 'booster', isRecord, dir);
    const bytes = new Uint8Array(await readFile(join(dir, BOOSTER_FILE)));
    if (!isString(booster.sha256) || sha256(bytes) !== booster.sha256) {
      throw new MinhosError(
        'MODEL_LOAD_FAILED',
        `${join(dir, BOOSTER_FILE)}: checksum does not match model.json (corrupt or replaced file)`,
        { details: { dir } },
      );
    }
    const model = make(params, doc.name);
    const rt = await loadXgboost();
    model.#runtime = rt;
    model.#handle = rt.deserialize(bytes);
    model.#cols = cols;
    if (isRecord(doc.fit)) model.#fit = doc.fit as unknown as FitReport;
    return model;
  }

  describe(): ModelDescription {
    return {
      kind: this.kind,
      name: this.name,
      trained: this.trained,
      params: this.params(),
      ...(this.#cols !== undefined ? { inputCols: this.#cols } : {}),
      ...(this.#fit ? { fit: this.#fit } : {}),
    };
  }

  dispose(): void {
    if (this.#handle && this.#runtime) this.#runtime.free(this.#handle);
    this.#handle = 0;
  }
}

/** Reads a finite number param or returns the default. */
export function num(params: Record<string, unknown>, key: string, fallback: number): number {
  const v = params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
