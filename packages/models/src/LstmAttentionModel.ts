import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MinhosError } from '@minhos/core';
import * as tf from '@tensorflow/tfjs';
import { sha256, writeFileAtomic } from './internal/files.js';
import { field, isNumber, isRecord, isString, readModelFile, writeModelFile } from './internal/modelFile.js';
import { mulberry32, permutation } from './internal/rng.js';
import { checkMatrix, checkTrainingData, notTrained } from './internal/validate.js';
import { LstmAttentionInference } from './LstmAttentionInference.js';
import type { FitReport, JsonValue, Matrix, Model, ModelDescription } from './Model.js';
import {
  LastTimeStep,
  MultiHeadSelfAttention,
  registerCustomLayers,
  SeededDropout,
} from './MultiHeadSelfAttention.js';
import { activeTfBackend, initTfBackend } from './tfBackend.js';

/** Architecture and training settings of {@link LstmAttentionModel}. */
export interface LstmAttentionOptions {
  /** Display name (default `'lstm-attention'`). */
  readonly name?: string;
  /** Time steps per sample. Default 20. */
  readonly steps?: number;
  /** Features per time step. Default 8. */
  readonly features?: number;
  /** LSTM units. Default 200. */
  readonly units?: number;
  /** Attention heads. Default 4. */
  readonly heads?: number;
  /** Per-head key/query/value size. Default 50. */
  readonly keyDim?: number;
  /** Dropout after the LSTM and after pooling. Default 0.2. */
  readonly dropout?: number;
  /** Seed for initialisers, shuffling and dropout masks. Default 42. */
  readonly seed?: number;
  /** Maximum epochs. Default 50. */
  readonly epochs?: number;
  /** Mini-batch size. Default 64. */
  readonly batchSize?: number;
  /** Initial Adam learning rate. Default 1e-3. */
  readonly learningRate?: number;
  /** Share of the (chronologically last) training rows held out for early stopping. Default 0.2. */
  readonly validationFraction?: number;
  /**
   * Rows dropped between the training part and the validation tail so labels that look `h` bars
   * ahead cannot leak into validation. Set it to the label horizon. Default 0.
   */
  readonly validationGap?: number;
  /** Epochs without validation improvement before stopping (best weights restored). Default 5. */
  readonly patience?: number;
  /** Epochs without improvement before the learning rate is multiplied by `lrFactor`. Default 2. */
  readonly lrPatience?: number;
  /** Reduce-on-plateau factor. Default 0.5. */
  readonly lrFactor?: number;
  /** Learning-rate floor. Default 1e-5. */
  readonly minLearningRate?: number;
  /** Called after each epoch (progress bars, logging). */
  readonly onEpoch?: (info: EpochInfo) => void;
}

/** Progress of one training epoch. */
export interface EpochInfo {
  readonly epoch: number;
  readonly trainLoss: number;
  /** NaN when there is no validation tail. */
  readonly validationLoss: number;
  readonly learningRate: number;
  readonly durationMs: number;
}

/** {@link LstmAttentionOptions} with every default filled in (what a model was actually built with). */
export type ResolvedLstmAttentionOptions = Required<Omit<LstmAttentionOptions, 'name' | 'onEpoch'>>;

const WEIGHTS_FILE = 'weights.bin';

/** Batches up to this many rows are served by the batch-1 forward pass (live decisions). */
export const LSTM_SERVING_MAX_ROWS = 8;

/**
 * LSTM followed by multi-head self-attention, predicting the probability that the price goes up
 * over the label horizon (TensorFlow.js).
 *
 * Architecture: input `[steps, features]` → LSTM(`units`, full sequence) → dropout →
 * {@link MultiHeadSelfAttention}(`heads` × `keyDim`, residual + layer norm) → [average over steps,
 * last step] → dropout → dense(1, sigmoid). The last step is kept beside the average so the most
 * recent bar's information is not diluted by pooling (measured: average pooling alone learned a
 * planted last-bar signal several times slower). Defaults (200 units, 4 heads, key dim 50, 20 × 8 input) follow the
 * original MinhOS design.
 *
 * Training is reproducible for a given `seed` on a given backend: seeded Glorot initialisers, a
 * seeded shuffle per epoch (within the training part only), seeded dropout masks. The validation
 * tail is the chronologically last `validationFraction` of rows (never shuffled into training),
 * early stopping restores the best weights, and the learning rate is reduced on plateaus.
 *
 * Rows of `X` are flattened windows of `steps × features` values (oldest step first). Use
 * `metadata` to persist the feature scaler state and anything else needed to rebuild inputs.
 *
 * @example
 * ```ts
 * import { LstmAttentionModel } from '@minhos/models';
 * const lstm = new LstmAttentionModel({ steps: 5, features: 2, units: 8, heads: 2, keyDim: 4, epochs: 2 });
 * // X: rows × (5 × 2) matrix of scaled features, y: 0/1 labels
 * // await lstm.fit(X, y); const p = await lstm.predictProba(X);
 * ```
 */
export class LstmAttentionModel implements Model {
  readonly kind = 'lstm-attention';
  readonly name: string;
  readonly options: ResolvedLstmAttentionOptions;
  /** Free-form JSON saved with the weights (feature scaler state, feature names, …). */
  metadata: Record<string, JsonValue> = {};
  readonly #onEpoch: ((info: EpochInfo) => void) | undefined;
  #model: tf.LayersModel | undefined;
  #fit: FitReport | undefined;
  /** Batch-1 serving copy of the weights (see `predictProba`); dropped when the weights change. */
  #serving: LstmAttentionInference | null | undefined;

  constructor(options: LstmAttentionOptions = {}) {
    this.name = options.name ?? 'lstm-attention';
    this.#onEpoch = options.onEpoch;
    this.options = {
      steps: options.steps ?? 20,
      features: options.features ?? 8,
      units: options.units ?? 200,
      heads: options.heads ?? 4,
      keyDim: options.keyDim ?? 50,
      dropout: options.dropout ?? 0.2,
      seed: options.seed ?? 42,
      epochs: options.epochs ?? 50,
      batchSize: options.batchSize ?? 64,
      learningRate: options.learningRate ?? 1e-3,
      validationFraction: options.validationFraction ?? 0.2,
      validationGap: options.validationGap ?? 0,
      patience: options.patience ?? 5,
      lrPatience: options.lrPatience ?? 2,
      lrFactor: options.lrFactor ?? 0.5,
      minLearningRate: options.minLearningRate ?? 1e-5,
    };
    const o = this.options;
    for (const key of ['steps', 'features', 'units', 'heads', 'keyDim', 'epochs', 'batchSize'] as const) {
      if (!Number.isInteger(o[key]) || o[key] < 1) {
        throw new MinhosError(
          'MODEL_BAD_INPUT',
          `LstmAttentionModel: ${key} must be a positive integer, got ${o[key]}`,
        );
      }
    }
    if (!(o.dropout >= 0 && o.dropout < 1)) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `LstmAttentionModel: dropout must be in [0, 1), got ${o.dropout}`,
      );
    }
    if (!(o.validationFraction >= 0 && o.validationFraction < 1)) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `LstmAttentionModel: validationFraction must be in [0, 1), got ${o.validationFraction}`,
      );
    }
  }

  get trained(): boolean {
    return this.#fit !== undefined && this.#model !== undefined;
  }

  /** Number of trainable parameters of the network (builds it if needed). */
  async parameterCount(): Promise<number> {
    await ensureBackend();
    this.#model ??= this.#build();
    return this.#model.countParams();
  }

  /** Builds the (untrained) network. */
  #build(): tf.LayersModel {
    registerCustomLayers();
    const o = this.options;
    const seed = o.seed;
    const glorot = (i: number) => tf.initializers.glorotUniform({ seed: seed + i });
    const input = tf.input({ shape: [o.steps, o.features], name: 'window' });
    // Glorot (seeded) for the recurrent kernel too: tfjs's orthogonal initialiser runs a QR in JS and
    // warns above 2,000 elements (units × 4·units is 160,000 at the default size).
    const lstm = tf.layers
      .lstm({
        units: o.units,
        returnSequences: true,
        kernelInitializer: glorot(1),
        recurrentInitializer: glorot(2),
        name: 'lstm',
      })
      .apply(input) as tf.SymbolicTensor;
    const drop1 = new SeededDropout({ rate: o.dropout, seed: seed * 7919 + 101, name: 'dropout_lstm' }).apply(
      lstm,
    ) as tf.SymbolicTensor;
    const attn = new MultiHeadSelfAttention({
      numHeads: o.heads,
      keyDim: o.keyDim,
      seed: seed + 10,
      name: 'attention',
    }).apply(drop1) as tf.SymbolicTensor;
    const averaged = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(attn) as tf.SymbolicTensor;
    const last = new LastTimeStep({ name: 'last_step' }).apply(attn) as tf.SymbolicTensor;
    const pooled = tf.layers.concatenate({ name: 'pool_last' }).apply([averaged, last]) as tf.SymbolicTensor;
    const drop2 = new SeededDropout({ rate: o.dropout, seed: seed * 7919 + 202, name: 'dropout_pool' }).apply(
      pooled,
    ) as tf.SymbolicTensor;
    const out = tf.layers
      .dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(20), name: 'direction' })
      .apply(drop2) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: out, name: 'lstm_attention' });
  }

  #tensor(X: Matrix, from: number, to: number): tf.Tensor3D {
    const o = this.options;
    const width = o.steps * o.features;
    const data = X.data.subarray(from * width, to * width);
    return tf.tensor3d(data instanceof Float32Array ? data : Float32Array.from(data), [
      to - from,
      o.steps,
      o.features,
    ]);
  }

  async fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport> {
    const t0 = performance.now();
    const o = this.options;
    checkTrainingData('LstmAttentionModel.fit', X, y, 4);
    checkMatrix('LstmAttentionModel.fit', X, o.steps * o.features);
    await ensureBackend();
    this.#model?.dispose();
    this.#fit = undefined;
    this.#serving = undefined;
    const model = this.#build();
    this.#model = model;

    const n = X.rows;
    const nVal = Math.floor(n * o.validationFraction);
    const nTrain = nVal > 0 ? n - nVal - o.validationGap : n;
    if (nTrain < 2) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `LstmAttentionModel.fit: only ${nTrain} training rows remain after the validation tail (${nVal}) and gap (${o.validationGap})`,
      );
    }
    const labels = Float32Array.from(y as ArrayLike<number>);
    const xTrain = this.#tensor(X, 0, nTrain);
    const yTrain = tf.tensor2d(labels.subarray(0, nTrain), [nTrain, 1]);
    const xVal = nVal > 0 ? this.#tensor(X, n - nVal, n) : undefined;
    const yValArr = labels.subarray(n - nVal, n);

    const optimizer = tf.train.adam(o.learningRate);
    model.compile({ optimizer, loss: 'binaryCrossentropy' });
    const rand = mulberry32(o.seed ^ 0x5bd1e995);
    let lr = o.learningRate;
    let best = Number.POSITIVE_INFINITY;
    let bestWeights: tf.Tensor[] | undefined;
    let bestEpoch = 0;
    let sinceBest = 0;
    let sinceLr = 0;
    let lastTrain = Number.NaN;
    let epochsRun = 0;
    const lrHistory: number[] = [];
    try {
      for (let epoch = 1; epoch <= o.epochs; epoch++) {
        const te = performance.now();
        const perm = tf.tensor1d(Int32Array.from(permutation(nTrain, rand)), 'int32');
        const xs = tf.gather(xTrain, perm);
        const ys = tf.gather(yTrain, perm);
        perm.dispose();
        const h = await model.fit(xs, ys, { epochs: 1, batchSize: o.batchSize, shuffle: false, verbose: 0 });
        xs.dispose();
        ys.dispose();
        lastTrain = Number(h.history.loss?.[0]);
        epochsRun = epoch;
        lrHistory.push(lr);
        let valLoss = Number.NaN;
        if (xVal) {
          const p = await this.#predictTensor(xVal);
          valLoss = bce(p, yValArr);
        }
        const monitored = xVal ? valLoss : lastTrain;
        this.#onEpoch?.({
          epoch,
          trainLoss: lastTrain,
          validationLoss: valLoss,
          learningRate: lr,
          durationMs: performance.now() - te,
        });
        if (monitored < best - 1e-6) {
          best = monitored;
          bestEpoch = epoch;
          sinceBest = 0;
          sinceLr = 0;
          for (const w of bestWeights ?? []) w.dispose();
          bestWeights = model.getWeights().map((w) => w.clone());
        } else {
          sinceBest++;
          sinceLr++;
          if (sinceBest >= o.patience) break;
          if (sinceLr >= o.lrPatience && lr > o.minLearningRate) {
            lr = Math.max(o.minLearningRate, lr * o.lrFactor);
            setLearningRate(optimizer, lr);
            sinceLr = 0;
          }
        }
      }
      if (bestWeights) model.setWeights(bestWeights);
    } finally {
      for (const w of bestWeights ?? []) w.dispose();
      xTrain.dispose();
      yTrain.dispose();
      xVal?.dispose();
      optimizer.dispose();
    }
    this.#fit = {
      kind: this.kind,
      samples: nTrain,
      durationMs: performance.now() - t0,
      trainLoss: lastTrain,
      ...(xVal ? { validationLoss: best } : {}),
      epochs: epochsRun,
      extra: {
        bestEpoch,
        validationRows: nVal,
        learningRates: lrHistory,
        backend: activeTfBackend()?.backend ?? tf.getBackend(),
      },
    };
    // Built now, so the first live decision does not pay for copying the weights.
    this.#servingEngine();
    return this.#fit;
  }

  async #predictTensor(x: tf.Tensor3D): Promise<Float64Array> {
    const model = this.#model ?? notTrained(this.kind);
    const out = new Float64Array(x.shape[0]);
    const chunk = 1024;
    for (let i = 0; i < x.shape[0]; i += chunk) {
      const end = Math.min(x.shape[0], i + chunk);
      const part = x.slice([i, 0, 0], [end - i, -1, -1]);
      const pred = model.predict(part) as tf.Tensor;
      const values = await pred.data();
      out.set(values, i);
      part.dispose();
      pred.dispose();
    }
    return out;
  }

  /**
   * P(up) per row. Up to {@link LSTM_SERVING_MAX_ROWS} rows (a live decision asks for one) go through
   * the batch-1 forward pass of {@link LstmAttentionModel.inference}, built once per set of weights:
   * equal to the tfjs graph within 1e-5 (tested) at a fraction of its latency (the tfjs graph costs
   * a dispatch per op and a tensor per step: p99 43.9 ms against 8.0 ms for the default size on
   * wasm, `pnpm bench eventBacktest`). Larger batches (evaluation, training) run the tfjs graph.
   */
  async predictProba(X: Matrix): Promise<Float64Array> {
    if (!this.trained) notTrained(this.kind);
    const o = this.options;
    checkMatrix('LstmAttentionModel.predictProba', X, o.steps * o.features);
    if (X.rows <= LSTM_SERVING_MAX_ROWS) {
      const serving = this.#servingEngine();
      if (serving !== null) return serving.predictProba(X);
    }
    return this.#graphPredict(X);
  }

  /**
   * P(up) per row through the tfjs graph at any batch size: the reference the serving path is
   * tested against, and the baseline benchmarks measure it beside.
   */
  async graphPredictProba(X: Matrix): Promise<Float64Array> {
    if (!this.trained) notTrained(this.kind);
    const o = this.options;
    checkMatrix('LstmAttentionModel.graphPredictProba', X, o.steps * o.features);
    return this.#graphPredict(X);
  }

  /** The tfjs graph over a checked matrix (the callers validate it once). */
  async #graphPredict(X: Matrix): Promise<Float64Array> {
    const x = this.#tensor(X, 0, X.rows);
    try {
      return await this.#predictTensor(x);
    } finally {
      x.dispose();
    }
  }

  /** The serving engine of the current weights, or null when its activations are not supported. */
  #servingEngine(): LstmAttentionInference | null {
    if (this.#serving === undefined) {
      try {
        this.#serving = this.inference();
      } catch (error) {
        if (!(error instanceof MinhosError)) throw error;
        this.#serving = null;
      }
    }
    return this.#serving;
  }

  /**
   * The trained weights copied into a {@link LstmAttentionInference}: the batch-1 forward pass in
   * plain JavaScript for live decisions (no tfjs dispatch, no allocation per call), equal to
   * `predictProba` within 1e-5; WebAssembly SIMD kernels where available (`simd: false` forces
   * plain JS). Take a new one after re-training.
   */
  inference(options: { readonly simd?: boolean } = {}): LstmAttentionInference {
    const model = this.#model;
    if (!this.trained || !model) notTrained(this.kind);
    const values = (layer: string) =>
      model
        .getLayer(layer)
        .getWeights()
        .map((w) => w.dataSync() as Float32Array);
    const lstmLayer = model.getLayer('lstm');
    const cfg = lstmLayer.getConfig() as { recurrentActivation?: string; activation?: string };
    if ((cfg.activation ?? 'tanh') !== 'tanh') {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `LstmAttentionModel.inference: LSTM activation ${cfg.activation} is not supported`,
      );
    }
    const rec = cfg.recurrentActivation ?? 'hardSigmoid';
    if (rec !== 'hardSigmoid' && rec !== 'sigmoid') {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `LstmAttentionModel.inference: recurrent activation ${rec} is not supported`,
      );
    }
    const [kernel, recurrentKernel, bias] = values('lstm');
    const [wq, wk, wv, wo, bq, bk, bv, bo, gamma, beta] = values('attention');
    const [denseKernel, denseBias] = values('direction');
    const attention = model.getLayer('attention') as unknown as { epsilon: number };
    const o = this.options;
    return new LstmAttentionInference(
      {
        steps: o.steps,
        features: o.features,
        units: o.units,
        heads: o.heads,
        keyDim: o.keyDim,
        epsilon: attention.epsilon,
        recurrentActivation: rec,
        kernel: kernel!,
        recurrentKernel: recurrentKernel!,
        bias: bias!,
        wq: wq!,
        wk: wk!,
        wv: wv!,
        wo: wo!,
        bq: bq!,
        bk: bk!,
        bv: bv!,
        bo: bo!,
        gamma: gamma!,
        beta: beta!,
        denseKernel: denseKernel!,
        denseBias: denseBias![0]!,
      },
      options,
    );
  }

  async save(dir: string): Promise<void> {
    const model = this.#model;
    if (!this.trained || !model) notTrained(this.kind);
    let topology: unknown;
    let weightSpecs: tf.io.WeightsManifestEntry[] = [];
    let weightData: ArrayBuffer = new ArrayBuffer(0);
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        topology = artifacts.modelTopology;
        weightSpecs = artifacts.weightSpecs ?? [];
        const wd = artifacts.weightData;
        weightData =
          wd === undefined ? new ArrayBuffer(0) : Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const bytes = new Uint8Array(weightData);
    await writeFileAtomic(join(dir, WEIGHTS_FILE), bytes);
    await writeModelFile(dir, this.kind, this.name, {
      params: { ...this.options },
      metadata: this.metadata,
      fit: (this.#fit ?? null) as unknown as JsonValue,
      tfjs: {
        modelTopology: topology as JsonValue,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: weightSpecs as unknown as JsonValue }],
        weightsSha256: sha256(bytes),
        weightsBytes: bytes.length,
        version: tf.version.tfjs,
      },
    });
  }

  /** Restores a model written by {@link LstmAttentionModel.save} (weights checksum verified). */
  static async load(dir: string): Promise<LstmAttentionModel> {
    const doc = await readModelFile(dir, 'lstm-attention');
    const params = field(doc, 'params', isRecord, dir);
    const tfjs = field(doc, 'tfjs', isRecord, dir);
    const bytes = new Uint8Array(await readFile(join(dir, WEIGHTS_FILE)));
    if (!isString(tfjs.weightsSha256) || sha256(bytes) !== tfjs.weightsSha256) {
      throw new MinhosError(
        'MODEL_LOAD_FAILED',
        `${join(dir, WEIGHTS_FILE)}: checksum does not match model.json (corrupt or replaced file)`,
        { details: { dir } },
      );
    }
    const manifest = tfjs.weightsManifest as { weights: tf.io.WeightsManifestEntry[] }[] | undefined;
    const weightSpecs = manifest?.[0]?.weights;
    if (!Array.isArray(weightSpecs) || !isRecord(tfjs.modelTopology)) {
      throw new MinhosError(
        'MODEL_LOAD_FAILED',
        `${dir}: model.json lacks the tfjs topology or weights manifest`,
      );
    }
    await ensureBackend();
    registerCustomLayers();
    const opts: Record<string, unknown> = { name: doc.name };
    for (const [k, v] of Object.entries(params)) if (isNumber(v)) opts[k] = v;
    const m = new LstmAttentionModel(opts as LstmAttentionOptions);
    m.#model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: tfjs.modelTopology as tf.io.ModelArtifacts['modelTopology'] & object,
        weightSpecs,
        weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      }),
    );
    m.#fit = isRecord(doc.fit)
      ? (doc.fit as unknown as FitReport)
      : { kind: m.kind, samples: 0, durationMs: 0 };
    if (isRecord(doc.metadata)) m.metadata = doc.metadata as Record<string, JsonValue>;
    m.#servingEngine();
    return m;
  }

  describe(): ModelDescription {
    const o = this.options;
    return {
      kind: this.kind,
      name: this.name,
      trained: this.trained,
      inputCols: o.steps * o.features,
      params: { ...o, backend: activeTfBackend()?.backend ?? null },
      ...(this.#fit ? { fit: this.#fit } : {}),
    };
  }

  dispose(): void {
    this.#model?.dispose();
    this.#model = undefined;
    this.#fit = undefined;
    this.#serving = undefined;
  }
}

async function ensureBackend(): Promise<void> {
  if (activeTfBackend() === undefined) await initTfBackend();
}

function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  // Adam reads `learningRate` on every step; tfjs exposes no setter for it.
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}

function bce(p: Float64Array, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[i]!));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return s / Math.max(1, p.length);
}
