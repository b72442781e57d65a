import { MinhosError } from '@minhos/core';

/** A JSON-serialisable value (what model metadata and parameters are made of). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A dense row-major matrix: `rows` samples × `cols` features, `data[r * cols + c]`.
 *
 * The one input type every {@link Model} accepts. Sequence models read each row as a flattened
 * `steps × features` window (step-major: the `features` values of the oldest step first), so tree
 * models and the LSTM can be fed the very same rows.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array | Float32Array;
}

/**
 * Builds a {@link Matrix}, checking that `data.length === rows * cols` and that every value is
 * finite.
 *
 * @example
 * ```ts
 * import { matrix } from '@minhos/models';
 * const X = matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2); // 3 samples × 2 features
 * ```
 */
export function matrix(data: Float64Array | Float32Array, rows: number, cols: number): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `matrix: rows must be an integer ≥ 0 and cols an integer ≥ 1, got rows=${rows} cols=${cols}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `matrix: data has ${data.length} values, expected rows × cols = ${rows} × ${cols} = ${rows * cols}`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `matrix: value at row ${Math.floor(i / cols)}, col ${i % cols} is ${data[i]}, expected a finite number`,
        { details: { row: Math.floor(i / cols), col: i % cols } },
      );
    }
  }
  return { rows, cols, data };
}

/**
 * Selects rows `[from, to)` of a matrix without copying (a subarray view).
 *
 * @example
 * ```ts
 * import { matrix, sliceRows } from '@minhos/models';
 * sliceRows(matrix(new Float64Array([1, 2, 3, 4]), 4, 1), 1, 3).data; // [2, 3]
 * ```
 */
export function sliceRows(X: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: X.cols, data: X.data.subarray(from * X.cols, to * X.cols) };
}

/**
 * Gathers arbitrary rows (copying) into a new matrix.
 *
 * @example
 * ```ts
 * import { matrix, takeRows } from '@minhos/models';
 * takeRows(matrix(new Float64Array([1, 2, 3, 4]), 4, 1), [3, 0]).data; // [4, 1]
 * ```
 */
export function takeRows(X: Matrix, index: ArrayLike<number>): Matrix {
  const out = new Float64Array(index.length * X.cols);
  for (let i = 0; i < index.length; i++) {
    const r = index[i]!;
    out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols);
  }
  return { rows: index.length, cols: X.cols, data: out };
}

/** What a model reports about one `fit` call. */
export interface FitReport {
  /** Model kind (`'lstm-attention'`, `'xgboost'`, …). */
  readonly kind: string;
  /** Training rows used. */
  readonly samples: number;
  /** Wall-clock training time in milliseconds. */
  readonly durationMs: number;
  /** Final training loss (binary cross-entropy) where the model computes one. */
  readonly trainLoss?: number;
  /** Best validation loss where the model holds out a validation tail. */
  readonly validationLoss?: number;
  /** Epochs run (neural models) or boosting rounds (trees). */
  readonly epochs?: number;
  /** Model-specific extras (learning-rate history, stopped epoch, …). */
  readonly extra?: Readonly<Record<string, JsonValue>>;
}

/** A self-description of a model, safe to log or serve through an API. */
export interface ModelDescription {
  readonly kind: string;
  readonly name: string;
  readonly trained: boolean;
  /** Number of input columns the model was trained on (undefined before training). */
  readonly inputCols?: number;
  /** Hyper-parameters. */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** The last {@link FitReport}, when trained in this process or restored from disk. */
  readonly fit?: FitReport;
}

/**
 * The one interface of every probabilistic direction model in this package: logistic regression,
 * XGBoost, random forest, the LSTM with attention, and the stacking ensemble itself.
 *
 * Labels are `1` for "up over the horizon" and `0` otherwise. `predictProba` returns P(up) per row
 * in [0, 1]. `save(dir)` writes a self-describing directory (a `model.json` with `kind` plus any
 * binary files) that {@link loadModel} can restore without knowing the class.
 *
 * @example
 * ```ts
 * import { LogisticRegressionModel, matrix } from '@minhos/models';
 * const model = new LogisticRegressionModel({ l2: 1 });
 * await model.fit(matrix(new Float64Array([-1, -0.5, 0.5, 1]), 4, 1), new Uint8Array([0, 0, 1, 1]));
 * const p = await model.predictProba(matrix(new Float64Array([2]), 1, 1)); // p[0] > 0.5
 * ```
 */
export interface Model {
  /** Stable kind tag, stored in `model.json` (`'logistic'`, `'xgboost'`, `'random-forest'`, …). */
  readonly kind: string;
  /** Human name (defaults to the kind); ensembles report members by it. */
  readonly name: string;
  /** Whether `fit` (or `load`) has produced a usable model. */
  readonly trained: boolean;
  /** Trains on `X` (rows × cols) with 0/1 labels `y` (one per row). */
  fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport>;
  /** P(label = 1) per row of `X`, each in [0, 1]. Throws `MODEL_NOT_TRAINED` before `fit`/`load`. */
  predictProba(X: Matrix): Promise<Float64Array>;
  /** Writes the model into directory `dir` (created if missing). */
  save(dir: string): Promise<void>;
  /** Kind, hyper-parameters and last training report. */
  describe(): ModelDescription;
  /** Releases native/wasm/tensor memory held by the model. Safe to call twice. */
  dispose(): void;
}

/** A direction call derived from a probability. */
export interface DirectionPrediction {
  /** P(up) in [0, 1]. */
  readonly probability: number;
  /** `1` (long) when probability > 0.5, `-1` (short) when < 0.5, `0` at exactly 0.5. */
  readonly direction: 1 | -1 | 0;
  /** `|2p − 1|` in [0, 1]: 0 = coin flip, 1 = certain. */
  readonly confidence: number;
}

/**
 * Turns probabilities into direction + confidence (`|2p − 1|`).
 *
 * @example
 * ```ts
 * import { toDirections } from '@minhos/models';
 * toDirections(new Float64Array([0.8]))[0]; // { probability: 0.8, direction: 1, confidence: 0.6 }
 * ```
 */
export function toDirections(proba: ArrayLike<number>): DirectionPrediction[] {
  const out: DirectionPrediction[] = [];
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    out.push({ probability: p, direction: p > 0.5 ? 1 : p < 0.5 ? -1 : 0, confidence: Math.abs(2 * p - 1) });
  }
  return out;
}
