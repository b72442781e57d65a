import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

/** Arguments of {@link MultiHeadSelfAttention}. */
export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  /** Number of attention heads. */
  readonly numHeads: number;
  /** Size of each head's query/key/value projection. */
  readonly keyDim: number;
  /** Seed of the Glorot-uniform initialisers (each weight gets `seed + i`). */
  readonly seed?: number;
  /** Layer-norm epsilon. Default 1e-6. */
  readonly epsilon?: number;
}

/**
 * Multi-head scaled dot-product self-attention over a sequence, as a TensorFlow.js layer
 * (tfjs 4 has no built-in `MultiHeadAttention`).
 *
 * Input `[batch, steps, d]` → per head h: `Q = X·Wq_h`, `K = X·Wk_h`, `V = X·Wv_h` (`d → keyDim`),
 * `A = softmax(Q·Kᵀ / √keyDim)`, head output `A·V`; heads are concatenated and projected back to `d`
 * (`Wo`), added to the input (residual) and layer-normalised. Output shape = input shape; pool it
 * (e.g. `globalAveragePooling1d`) to get one vector per sequence.
 *
 * Registered for tfjs serialisation under `MinhosMultiHeadSelfAttention`, so models using it save
 * and load with the standard `model.json` + weights format.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { MultiHeadSelfAttention } from '@minhos/models';
 * const x = tf.input({ shape: [20, 64] });
 * const y = new MultiHeadSelfAttention({ numHeads: 4, keyDim: 16, seed: 1 }).apply(x); // [null, 20, 64]
 * ```
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  /** Serialisation name. */
  static readonly className = 'MinhosMultiHeadSelfAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly seed: number | undefined;
  readonly epsilon: number;
  #wq!: tf.LayerVariable;
  #wk!: tf.LayerVariable;
  #wv!: tf.LayerVariable;
  #wo!: tf.LayerVariable;
  #bq!: tf.LayerVariable;
  #bk!: tf.LayerVariable;
  #bv!: tf.LayerVariable;
  #bo!: tf.LayerVariable;
  #gamma!: tf.LayerVariable;
  #beta!: tf.LayerVariable;

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    if (
      !Number.isInteger(args.numHeads) ||
      args.numHeads < 1 ||
      !Number.isInteger(args.keyDim) ||
      args.keyDim < 1
    ) {
      throw new Error(
        `MultiHeadSelfAttention: numHeads and keyDim must be positive integers, got ${args.numHeads}, ${args.keyDim}`,
      );
    }
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.seed = args.seed;
    this.epsilon = args.epsilon ?? 1e-6;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const d = shape[shape.length - 1];
    if (typeof d !== 'number')
      throw new Error('MultiHeadSelfAttention: the last input dimension must be known');
    const hk = this.numHeads * this.keyDim;
    const glorot = (i: number) =>
      tf.initializers.glorotUniform(this.seed === undefined ? {} : { seed: this.seed + i });
    this.#wq = this.addWeight('wq', [d, hk], 'float32', glorot(0));
    this.#wk = this.addWeight('wk', [d, hk], 'float32', glorot(1));
    this.#wv = this.addWeight('wv', [d, hk], 'float32', glorot(2));
    this.#wo = this.addWeight('wo', [hk, d], 'float32', glorot(3));
    this.#bq = this.addWeight('bq', [hk], 'float32', tf.initializers.zeros());
    this.#bk = this.addWeight('bk', [hk], 'float32', tf.initializers.zeros());
    this.#bv = this.addWeight('bv', [hk], 'float32', tf.initializers.zeros());
    this.#bo = this.addWeight('bo', [d], 'float32', tf.initializers.zeros());
    this.#gamma = this.addWeight('ln_gamma', [d], 'float32', tf.initializers.ones());
    this.#beta = this.addWeight('ln_beta', [d], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
      const [b, t, d] = x.shape;
      const h = this.numHeads;
      const k = this.keyDim;
      const flat = x.reshape([b * t, d]);
      // [b*t, h*k] → [b, t, h, k] → [b, h, t, k] → [b*h, t, k]
      const heads = (w: tf.LayerVariable, bias: tf.LayerVariable): tf.Tensor3D =>
        tf
          .add(tf.matMul(flat, w.read() as tf.Tensor2D), bias.read())
          .reshape([b, t, h, k])
          .transpose([0, 2, 1, 3])
          .reshape([b * h, t, k]);
      const q = heads(this.#wq, this.#bq);
      const kk = heads(this.#wk, this.#bk);
      const v = heads(this.#wv, this.#bv);
      const scores = tf.matMul(q, kk, false, true).mul(1 / Math.sqrt(k));
      const weights = tf.softmax(scores, -1);
      const context = tf
        .matMul(weights, v)
        .reshape([b, h, t, k])
        .transpose([0, 2, 1, 3])
        .reshape([b * t, h * k]);
      const projected = tf.add(tf.matMul(context, this.#wo.read() as tf.Tensor2D), this.#bo.read());
      const residual = tf.add(flat, projected);
      const { mean, variance } = tf.moments(residual, -1, true);
      const normed = residual.sub(mean).div(variance.add(this.epsilon).sqrt());
      return normed.mul(this.#gamma.read()).add(this.#beta.read()).reshape([b, t, d]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      epsilon: this.epsilon,
      ...(this.seed !== undefined ? { seed: this.seed } : {}),
    };
  }
}

/** Arguments of {@link SeededDropout}. */
export interface SeededDropoutArgs extends LayerArgs {
  /** Fraction of units dropped during training, in [0, 1). */
  readonly rate: number;
  /** Base seed; call n uses `seed + n`, so masks differ per batch yet repeat run to run. */
  readonly seed: number;
}

/**
 * Dropout whose masks are reproducible: tfjs's own `dropout` with a fixed seed draws the *same* mask
 * on every batch, and without a seed uses `Math.random`. This layer advances the seed per call.
 * Identity at inference.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { SeededDropout } from '@minhos/models';
 * const y = new SeededDropout({ rate: 0.2, seed: 7 }).apply(tf.input({ shape: [8] }));
 * ```
 */
export class SeededDropout extends tf.layers.Layer {
  /** Serialisation name. */
  static readonly className = 'MinhosSeededDropout';
  readonly rate: number;
  readonly seed: number;
  #calls = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (kwargs?.training !== true || this.rate <= 0) return x.clone();
    const seed = this.seed + this.#calls++;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, seed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/**
 * Selects the last time step of a sequence: `[batch, steps, d]` → `[batch, d]`. The LSTM-attention
 * head concatenates it with the average over steps, so the most recent bar is not diluted by the
 * pooling.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs';
 * import { LastTimeStep } from '@minhos/models';
 * const last = new LastTimeStep({}).apply(tf.input({ shape: [20, 64] })); // [null, 64]
 * ```
 */
export class LastTimeStep extends tf.layers.Layer {
  /** Serialisation name. */
  static readonly className = 'MinhosLastTimeStep';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0] ?? null, shape[2] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    const [b, t, d] = x.shape;
    return tf.tidy(() => x.slice([0, t - 1, 0], [b, 1, d]).reshape([b, d]));
  }
}

let registered = false;

/**
 * Registers {@link MultiHeadSelfAttention} and {@link SeededDropout} with tfjs serialisation
 * (idempotent). Call it before `tf.loadLayersModel` on a model that uses them;
 * {@link LstmAttentionModel} does so itself.
 *
 * @example
 * ```ts
 * import { registerCustomLayers } from '@minhos/models';
 * registerCustomLayers();
 * ```
 */
export function registerCustomLayers(): void {
  if (registered) return;
  tf.serialization.registerClass(MultiHeadSelfAttention);
  tf.serialization.registerClass(SeededDropout);
  tf.serialization.registerClass(LastTimeStep);
  registered = true;
}
