import { MinhosError } from '@minhos/core';
import { choleskySolve, sigmoid } from './internal/linalg.js';
import {
  field,
  isNumber,
  isNumberArray,
  isRecord,
  readModelFile,
  writeModelFile,
} from './internal/modelFile.js';
import { checkMatrix, checkTrainingData, notTrained } from './internal/validate.js';
import type { FitReport, JsonValue, Matrix, Model, ModelDescription } from './Model.js';

/** Options of {@link LogisticRegressionModel}. */
export interface LogisticRegressionOptions {
  /** Display name (default `'logistic'`). */
  readonly name?: string;
  /**
   * L2 penalty λ (finite, ≥ 0) on the weights of the standardised features (each column scaled to
   * mean 0, population stdev 1 on the training rows); the intercept is not penalised. The penalty
   * is `λ/2 · ‖w‖²` against the log-likelihood summed over samples, so its pull weakens as the
   * training set grows. Default 1.
   */
  readonly l2?: number;
  /** Newton iterations cap, an integer ≥ 1. Reaching it without meeting `tolerance` sets `converged: false`. Default 50. */
  readonly maxIterations?: number;
  /** Converged when the largest Newton step on any weight is below this (finite, > 0). Default 1e-9. */
  readonly tolerance?: number;
}

/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features.
 *
 * Deterministic (no random initialisation, no sampling), so it doubles as the baseline every other
 * model is compared with and as the stacking meta-learner. The penalty is `λ/2 · ‖w‖²` on the
 * standardised weights, summed (not averaged) over samples in the log-likelihood; defaults λ = 1,
 * 50 iterations, tolerance 1e-9. Options are validated (`MODEL_BAD_INPUT`); a singular Newton
 * system is a `MODEL_TRAIN_FAILED` error, never silent zero weights; `describe().fit.extra` holds
 * `iterations` and `converged` (false when the cap was hit, e.g. on separable data with λ = 0).
 *
 * @example
 * ```ts
 * import { LogisticRegressionModel, matrix } from '@minhos/models';
 * const m = new LogisticRegressionModel({ l2: 0.1 });
 * await m.fit(matrix(new Float64Array([0, 1, 2, 3]), 4, 1), [0, 0, 1, 1]);
 * (await m.predictProba(matrix(new Float64Array([3]), 1, 1)))[0]; // > 0.5
 * ```
 */
export class LogisticRegressionModel implements Model {
  readonly kind = 'logistic';
  readonly name: string;
  readonly #l2: number;
  readonly #maxIterations: number;
  readonly #tolerance: number;
  #mean: Float64Array | undefined;
  #scale: Float64Array | undefined;
  /** [intercept, w_1..w_d] in standardised space. */
  #beta: Float64Array | undefined;
  #fit: FitReport | undefined;

  constructor(options: LogisticRegressionOptions = {}) {
    this.name = options.name ?? 'logistic';
    this.#l2 = options.l2 ?? 1;
    this.#maxIterations = options.maxIterations ?? 50;
    this.#tolerance = options.tolerance ?? 1e-9;
    const bad = (what: string, v: number) =>
      new MinhosError('MODEL_BAD_INPUT', `LogisticRegressionModel: ${what}, got ${v}`);
    if (!(Number.isFinite(this.#l2) && this.#l2 >= 0)) throw bad('l2 must be a finite number ≥ 0', this.#l2);
    if (!(Number.isInteger(this.#maxIterations) && this.#maxIterations >= 1))
      throw bad('maxIterations must be an integer ≥ 1', this.#maxIterations);
    if (!(Number.isFinite(this.#tolerance) && this.#tolerance > 0))
      throw bad('tolerance must be a finite number > 0', this.#tolerance);
  }

  get trained(): boolean {
    return this.#beta !== undefined;
  }

  /** Coefficients in the original (unstandardised) feature units: intercept first. */
  coefficients(): Float64Array {
    const beta = this.#beta ?? notTrained(this.kind);
    const mean = this.#mean!;
    const scale = this.#scale!;
    const d = mean.length;
    const out = new Float64Array(d + 1);
    let b0 = beta[0]!;
    for (let j = 0; j < d; j++) {
      out[j + 1] = beta[j + 1]! / scale[j]!;
      b0 -= (beta[j + 1]! * mean[j]!) / scale[j]!;
    }
    out[0] = b0;
    return out;
  }

  async fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport> {
    return this.fitSync(X, y);
  }

  /**
   * Synchronous {@link LogisticRegressionModel.fit} (the Newton solve is pure JS), for callers on a
   * bar's hot path such as the live model supervisor's baseline.
   * @throws `MinhosError` `MODEL_TRAIN_FAILED` when the Newton system is singular.
   */
  fitSync(X: Matrix, y: ArrayLike<number>): FitReport {
    const t0 = performance.now();
    checkTrainingData('LogisticRegressionModel.fit', X, y);
    const n = X.rows;
    const d = X.cols;
    const mean = new Float64Array(d);
    const scale = new Float64Array(d);
    for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c]! += X.data[r * d + c]!;
    for (let c = 0; c < d; c++) mean[c]! /= n;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < d; c++) {
        const v = X.data[r * d + c]! - mean[c]!;
        scale[c]! += v * v;
      }
    }
    // A constant column gets scale 1 so its standardised value is 0 (it then carries no weight).
    for (let c = 0; c < d; c++) scale[c] = scale[c]! > 0 ? Math.sqrt(scale[c]! / n) : 1;
    const Z = new Float64Array(n * (d + 1));
    for (let r = 0; r < n; r++) {
      Z[r * (d + 1)] = 1;
      for (let c = 0; c < d; c++) Z[r * (d + 1) + c + 1] = (X.data[r * d + c]! - mean[c]!) / scale[c]!;
    }
    const p1 = d + 1;
    const beta = new Float64Array(p1);
    const H = new Float64Array(p1 * p1);
    const g = new Float64Array(p1);
    let iterations = 0;
    let converged = false;
    let loss = Number.NaN;
    for (; iterations < this.#maxIterations; iterations++) {
      H.fill(0);
      g.fill(0);
      loss = 0;
      for (let r = 0; r < n; r++) {
        const row = r * p1;
        let z = 0;
        for (let j = 0; j < p1; j++) z += Z[row + j]! * beta[j]!;
        const p = sigmoid(z);
        const t = y[r]!;
        loss -= t === 1 ? Math.log(Math.max(p, 1e-300)) : Math.log(Math.max(1 - p, 1e-300));
        const w = Math.max(p * (1 - p), 1e-12);
        const resid = t - p;
        for (let j = 0; j < p1; j++) {
          const zj = Z[row + j]!;
          g[j]! += zj * resid;
          const wz = w * zj;
          for (let k = 0; k <= j; k++) H[j * p1 + k]! += wz * Z[row + k]!;
        }
      }
      for (let j = 1; j < p1; j++) {
        g[j]! -= this.#l2 * beta[j]!;
        H[j * p1 + j]! += this.#l2;
      }
      // Tiny ridge on the intercept keeps H positive definite on separable data with l2 = 0.
      H[0]! += 1e-10;
      for (let j = 0; j < p1; j++) for (let k = j + 1; k < p1; k++) H[j * p1 + k] = H[k * p1 + j]!;
      if (!choleskySolve(H, g, p1) || !g.every(Number.isFinite)) {
        throw new MinhosError(
          'MODEL_TRAIN_FAILED',
          `LogisticRegressionModel.fit: the Newton system is singular at iteration ${iterations + 1} (collinear or constant features with l2 = ${this.#l2}); raise l2 or drop redundant columns`,
          { details: { iteration: iterations + 1, l2: this.#l2 } },
        );
      }
      let maxStep = 0;
      for (let j = 0; j < p1; j++) {
        beta[j]! += g[j]!;
        maxStep = Math.max(maxStep, Math.abs(g[j]!));
      }
      if (maxStep < this.#tolerance) {
        iterations++;
        converged = true;
        break;
      }
    }
    this.#mean = mean;
    this.#scale = scale;
    this.#beta = beta;
    this.#fit = {
      kind: this.kind,
      samples: n,
      durationMs: performance.now() - t0,
      trainLoss: loss / n,
      extra: { iterations, converged },
    };
    return this.#fit;
  }

  async predictProba(X: Matrix): Promise<Float64Array> {
    return this.predictProbaSync(X);
  }

  /** Synchronous {@link LogisticRegressionModel.predictProba} (the model is pure JS). */
  predictProbaSync(X: Matrix): Float64Array {
    const beta = this.#beta ?? notTrained(this.kind);
    const mean = this.#mean!;
    const scale = this.#scale!;
    checkMatrix('LogisticRegressionModel.predictProba', X, mean.length);
    const d = X.cols;
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      let z = beta[0]!;
      for (let c = 0; c < d; c++) z += (beta[c + 1]! * (X.data[r * d + c]! - mean[c]!)) / scale[c]!;
      out[r] = sigmoid(z);
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    const beta = this.#beta ?? notTrained(this.kind);
    await writeModelFile(dir, this.kind, this.name, {
      params: this.#params(),
      mean: Array.from(this.#mean!),
      scale: Array.from(this.#scale!),
      beta: Array.from(beta),
      fit: this.#fit as unknown as JsonValue,
    });
  }

  /** Restores a model written by {@link LogisticRegressionModel.save}. */
  static async load(dir: string): Promise<LogisticRegressionModel> {
    const doc = await readModelFile(dir, 'logistic');
    const params = field(doc, 'params', isRecord, dir);
    const m = new LogisticRegressionModel({
      name: doc.name,
      ...(isNumber(params.l2) ? { l2: params.l2 } : {}),
      ...(isNumber(params.maxIterations) ? { maxIterations: params.maxIterations } : {}),
      ...(isNumber(params.tolerance) ? { tolerance: params.tolerance } : {}),
    });
    const mean = field(doc, 'mean', isNumberArray, dir);
    const scale = field(doc, 'scale', isNumberArray, dir);
    const beta = field(doc, 'beta', isNumberArray, dir);
    if (scale.length !== mean.length || beta.length !== mean.length + 1) {
      throw new MinhosError('MODEL_LOAD_FAILED', `${dir}: logistic model arrays have inconsistent lengths`);
    }
    m.#mean = Float64Array.from(mean);
    m.#scale = Float64Array.from(scale);
    m.#beta = Float64Array.from(beta);
    if (isRecord(doc.fit)) m.#fit = doc.fit as unknown as FitReport;
    return m;
  }

  describe(): ModelDescription {
    return {
      kind: this.kind,
      name: this.name,
      trained: this.trained,
      params: this.#params(),
      ...(this.#mean ? { inputCols: this.#mean.length } : {}),
      ...(this.#fit ? { fit: this.#fit } : {}),
    };
  }

  dispose(): void {}

  #params(): Record<string, JsonValue> {
    return { l2: this.#l2, maxIterations: this.#maxIterations, tolerance: this.#tolerance };
  }
}
