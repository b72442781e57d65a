import { MinhosError } from '@minhos/core';
import { fastTanh } from './internal/fastTanh.js';
import { type SimdState, simdState } from './internal/lstmSimdState.js';
import { checkMatrix } from './internal/validate.js';
import type { Matrix } from './Model.js';

/** The trained weights of an LSTM-attention network, row-major, as {@link LstmAttentionInference} reads them. */
export interface LstmAttentionWeights {
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly heads: number;
  readonly keyDim: number;
  /** Layer-norm epsilon of the attention block. */
  readonly epsilon: number;
  /** LSTM gate activation: tfjs's default `'hardSigmoid'` or `'sigmoid'`. */
  readonly recurrentActivation: 'hardSigmoid' | 'sigmoid';
  /** LSTM input kernel `[features, 4·units]`, gates in tfjs order i, f, c, o. */
  readonly kernel: ArrayLike<number>;
  /** LSTM recurrent kernel `[units, 4·units]`. */
  readonly recurrentKernel: ArrayLike<number>;
  /** LSTM bias `[4·units]`. */
  readonly bias: ArrayLike<number>;
  /** Attention projections `[units, heads·keyDim]` (q, k, v) and `[heads·keyDim, units]` (o), with biases. */
  readonly wq: ArrayLike<number>;
  readonly wk: ArrayLike<number>;
  readonly wv: ArrayLike<number>;
  readonly wo: ArrayLike<number>;
  readonly bq: ArrayLike<number>;
  readonly bk: ArrayLike<number>;
  readonly bv: ArrayLike<number>;
  readonly bo: ArrayLike<number>;
  readonly gamma: ArrayLike<number>;
  readonly beta: ArrayLike<number>;
  /** Output dense kernel `[2·units]` (average-pooled then last step) and its bias. */
  readonly denseKernel: ArrayLike<number>;
  readonly denseBias: number;
}

/** Keras's hard sigmoid (tfjs's default LSTM gate). */
function hardSigmoid(v: number): number {
  return v < -2.5 ? 0 : v > 2.5 ? 1 : 0.2 * v + 0.5;
}

/** The logistic sigmoid. */
function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** Transposes a row-major `[rows, cols]` matrix into `[cols, rows]` (float32: tfjs's weights are float32, so exact). */
function transpose(a: ArrayLike<number>, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c]!;
  return out;
}

/** out[j] = b[j] + Σ_i x[xOff + i] · WT[j·n + i], for j < m (WT is the transposed weight, rows of length n). */
function matVec(
  WT: Float32Array,
  b: Float64Array | undefined,
  x: Float64Array,
  xOff: number,
  n: number,
  m: number,
  out: Float64Array,
  outOff: number,
  accumulate: boolean,
): void {
  const n4 = n - (n % 4);
  for (let j = 0; j < m; j++) {
    const row = j * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < n4; i += 4) {
      s0 += x[xOff + i]! * WT[row + i]!;
      s1 += x[xOff + i + 1]! * WT[row + i + 1]!;
      s2 += x[xOff + i + 2]! * WT[row + i + 2]!;
      s3 += x[xOff + i + 3]! * WT[row + i + 3]!;
    }
    for (; i < n; i++) s0 += x[xOff + i]! * WT[row + i]!;
    const v = s0 + s1 + (s2 + s3) + (b ? b[j]! : 0);
    out[outOff + j] = accumulate ? out[outOff + j]! + v : v;
  }
}

/**
 * out[t·m + j] = b[j] + Σ_i X[t·n + i] · WT[j·n + i] for every row t < T: each weight row is read
 * once and used for all T rows while it sits in L1 cache.
 */
function matMat(
  WT: Float32Array,
  b: Float64Array,
  X: Float64Array,
  T: number,
  n: number,
  m: number,
  out: Float64Array,
): void {
  const n4 = n - (n % 4);
  for (let j = 0; j < m; j++) {
    const row = j * n;
    const bj = b[j]!;
    for (let t = 0; t < T; t++) {
      const xo = t * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i < n4; i += 4) {
        s0 += X[xo + i]! * WT[row + i]!;
        s1 += X[xo + i + 1]! * WT[row + i + 1]!;
        s2 += X[xo + i + 2]! * WT[row + i + 2]!;
        s3 += X[xo + i + 3]! * WT[row + i + 3]!;
      }
      for (; i < n; i++) s0 += X[xo + i]! * WT[row + i]!;
      out[t * m + j] = s0 + s1 + (s2 + s3) + bj;
    }
  }
}

/**
 * Batch-1 inference for a trained LSTM-attention network in plain JavaScript over `Float64Array`
 * weights: the same forward pass as the tfjs graph (LSTM → self-attention with residual and layer
 * norm → [average over steps, last step] → sigmoid), without tensor allocation or op dispatch, for
 * live decisions where one window arrives per bar. Get one from
 * {@link LstmAttentionModel.inference} (or build it from weights); tfjs stays the path for
 * training and for GPU backends. Tested equal to tfjs's output within 1e-5.
 *
 * All buffers are allocated once; `predictWindow` allocates nothing, so it does not feed the
 * garbage collector. Not safe to share between concurrent callers (it reuses its scratch space).
 *
 * @example
 * ```ts
 * import { LstmAttentionModel } from '@minhos/models';
 * declare const model: LstmAttentionModel; // trained
 * const fast = model.inference();
 * // fast.predictWindow(window); // P(up) for one steps × features window (oldest step first)
 * ```
 */
export class LstmAttentionInference {
  readonly steps: number;
  readonly features: number;
  readonly units: number;
  readonly heads: number;
  readonly keyDim: number;
  readonly #eps: number;
  readonly #hard: boolean;
  readonly #kT: Float32Array;
  readonly #rT: Float32Array;
  readonly #b: Float64Array;
  readonly #qkvT: Float32Array;
  readonly #bqkv: Float64Array;
  readonly #woT: Float32Array;
  readonly #bo: Float64Array;
  readonly #gamma: Float64Array;
  readonly #beta: Float64Array;
  readonly #dense: Float64Array;
  readonly #denseBias: number;
  // Scratch.
  readonly #x: Float64Array;
  readonly #hs: Float64Array;
  readonly #c: Float64Array;
  readonly #z: Float64Array;
  readonly #xz: Float64Array;
  readonly #qkv: Float64Array;
  readonly #ctx: Float64Array;
  readonly #res: Float64Array;
  readonly #scores: Float64Array;
  readonly #simd: SimdState | undefined;
  /** Whether the WebAssembly SIMD kernels are in use (else plain JS). */
  get simd(): boolean {
    return this.#simd !== undefined;
  }

  /**
   * @param w - the trained weights.
   * @param options - `simd: false` forces the plain-JS kernels (default: WebAssembly SIMD where the runtime has it).
   */
  constructor(w: LstmAttentionWeights, options: { readonly simd?: boolean } = {}) {
    const { steps: T, features: F, units: U, heads: H, keyDim: K } = w;
    for (const [k, v] of Object.entries({ steps: T, features: F, units: U, heads: H, keyDim: K })) {
      if (!Number.isInteger(v) || v < 1) {
        throw new MinhosError(
          'MODEL_BAD_INPUT',
          `LstmAttentionInference: ${k} must be an integer ≥ 1, got ${v}`,
        );
      }
    }
    const HK = H * K;
    const expect = (name: string, a: ArrayLike<number>, n: number) => {
      if (a.length !== n) {
        throw new MinhosError(
          'MODEL_BAD_INPUT',
          `LstmAttentionInference: ${name} has ${a.length} values, expected ${n}`,
        );
      }
    };
    expect('kernel', w.kernel, F * 4 * U);
    expect('recurrentKernel', w.recurrentKernel, U * 4 * U);
    expect('bias', w.bias, 4 * U);
    for (const [n, a] of [
      ['wq', w.wq],
      ['wk', w.wk],
      ['wv', w.wv],
    ] as const)
      expect(n, a, U * HK);
    expect('wo', w.wo, HK * U);
    expect('denseKernel', w.denseKernel, 2 * U);
    this.steps = T;
    this.features = F;
    this.units = U;
    this.heads = H;
    this.keyDim = K;
    this.#eps = w.epsilon;
    this.#hard = w.recurrentActivation === 'hardSigmoid';
    this.#kT = transpose(w.kernel, F, 4 * U);
    this.#rT = transpose(w.recurrentKernel, U, 4 * U);
    this.#b = Float64Array.from(w.bias);
    // Q, K and V share the input: one [3·HK, U] transposed block, one pass over each LSTM output.
    this.#qkvT = new Float32Array(3 * HK * U);
    this.#qkvT.set(transpose(w.wq, U, HK), 0);
    this.#qkvT.set(transpose(w.wk, U, HK), HK * U);
    this.#qkvT.set(transpose(w.wv, U, HK), 2 * HK * U);
    this.#bqkv = new Float64Array(3 * HK);
    this.#bqkv.set(Float64Array.from(w.bq), 0);
    this.#bqkv.set(Float64Array.from(w.bk), HK);
    this.#bqkv.set(Float64Array.from(w.bv), 2 * HK);
    this.#woT = transpose(w.wo, HK, U);
    this.#bo = Float64Array.from(w.bo);
    this.#gamma = Float64Array.from(w.gamma);
    this.#beta = Float64Array.from(w.beta);
    this.#dense = Float64Array.from(w.denseKernel);
    this.#denseBias = w.denseBias;
    this.#x = new Float64Array(T * F);
    this.#hs = new Float64Array(T * U);
    this.#c = new Float64Array(U);
    this.#z = new Float64Array(4 * U);
    this.#xz = new Float64Array(T * 4 * U);
    this.#qkv = new Float64Array(T * 3 * HK);
    this.#ctx = new Float64Array(T * HK);
    this.#res = new Float64Array(T * U);
    this.#scores = new Float64Array(T);
    this.#simd = options.simd === false ? undefined : simdState(this, w);
  }

  /** P(up) for one flattened `steps × features` window (oldest step first), as the model was trained on. */
  predictWindow(window: ArrayLike<number>, offset = 0): number {
    if (this.#simd) return this.#predictSimd(this.#simd, window, offset);
    const { steps: T, features: F, units: U, heads: H, keyDim: K } = this;
    const HK = H * K;
    const x = this.#x;
    for (let i = 0; i < T * F; i++) x[i] = window[offset + i]!;
    const hs = this.#hs;
    const c = this.#c;
    const z = this.#z;
    c.fill(0);
    const gate = this.#hard ? hardSigmoid : sigmoid;
    // Input contributions of every step at once; the recurrence then adds h_{t−1}·R step by step.
    const xz = this.#xz;
    matMat(this.#kT, this.#b, x, T, F, 4 * U, xz);
    for (let t = 0; t < T; t++) {
      const zo = t * 4 * U;
      if (t > 0) {
        matVec(this.#rT, undefined, hs, (t - 1) * U, U, 4 * U, z, 0, false);
        for (let j = 0; j < 4 * U; j++) z[j] = z[j]! + xz[zo + j]!;
      } else {
        for (let j = 0; j < 4 * U; j++) z[j] = xz[j]!;
      }
      const ho = t * U;
      for (let j = 0; j < U; j++) {
        const i = gate(z[j]!);
        const f = gate(z[U + j]!);
        const g = Math.tanh(z[2 * U + j]!);
        const o = gate(z[3 * U + j]!);
        const cj = f * c[j]! + i * g;
        c[j] = cj;
        hs[ho + j] = o * Math.tanh(cj);
      }
    }
    // Attention: q, k, v per step, then per head softmax(q·kᵀ/√K)·v.
    const qkv = this.#qkv;
    matMat(this.#qkvT, this.#bqkv, hs, T, U, 3 * HK, qkv);
    const scale = 1 / Math.sqrt(K);
    const ctx = this.#ctx;
    const scores = this.#scores;
    for (let h = 0; h < H; h++) {
      const qo = h * K;
      const ko = HK + h * K;
      const vo = 2 * HK + h * K;
      for (let t = 0; t < T; t++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let s = 0; s < T; s++) {
          let dot = 0;
          const a = t * 3 * HK + qo;
          const b = s * 3 * HK + ko;
          for (let k = 0; k < K; k++) dot += qkv[a + k]! * qkv[b + k]!;
          const v = dot * scale;
          scores[s] = v;
          if (v > max) max = v;
        }
        let sum = 0;
        for (let s = 0; s < T; s++) {
          const e = Math.exp(scores[s]! - max);
          scores[s] = e;
          sum += e;
        }
        const out = t * HK + h * K;
        for (let k = 0; k < K; k++) ctx[out + k] = 0;
        for (let s = 0; s < T; s++) {
          const wgt = scores[s]! / sum;
          const b = s * 3 * HK + vo;
          for (let k = 0; k < K; k++) ctx[out + k]! += wgt * qkv[b + k]!;
        }
      }
    }
    // Output projection, residual, layer norm; pool (average, last) straight into the dense output.
    const res = this.#res;
    const gamma = this.#gamma;
    const beta = this.#beta;
    const dense = this.#dense;
    let logit = this.#denseBias;
    matMat(this.#woT, this.#bo, ctx, T, HK, U, res);
    for (let t = 0; t < T; t++) {
      let mean = 0;
      for (let j = 0; j < U; j++) {
        const v = res[t * U + j]! + hs[t * U + j]!;
        res[t * U + j] = v;
        mean += v;
      }
      mean /= U;
      let variance = 0;
      for (let j = 0; j < U; j++) {
        const d = res[t * U + j]! - mean;
        variance += d * d;
      }
      const inv = 1 / Math.sqrt(variance / U + this.#eps);
      for (let j = 0; j < U; j++) {
        const v = (res[t * U + j]! - mean) * inv * gamma[j]! + beta[j]!;
        logit += (v / T) * dense[j]!;
        if (t === T - 1) logit += v * dense[U + j]!;
      }
    }
    return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
  }

  #predictSimd(k: SimdState, window: ArrayLike<number>, offset: number): number {
    const { steps: T, features: F, units: U, heads: H, keyDim: K } = this;
    const HK = H * K;
    const m = k.mem;
    const { pF, pU, pHK } = k;
    const mv = k.mv;
    // Biases ride in the kernels: every padded input row holds a constant 1 after its values and
    // the matching weight column holds the bias (see simdState), so no separate bias passes.
    const x0 = k.x / 4;
    for (let t = 0; t < T; t++) {
      const xo = x0 + t * pF;
      const wo = offset + t * F;
      for (let f = 0; f < F; f++) m[xo + f] = window[wo + f]!;
    }
    for (let t = 0; t < T; t++) mv(k.kT, k.x + t * pF * 4, k.xz + t * 4 * U * 4, pF * 4, 4 * U);
    const c = this.#c;
    const gate = this.#hard ? hardSigmoid : sigmoid;
    // Math.tanh calls into V8's C++ runtime: 8,000 of them were over a third of a call.
    const tanh = fastTanh;
    const z0 = k.z / 4;
    const h0 = k.hs / 4;
    for (let t = 0; t < T; t++) {
      const xz = k.xz / 4 + t * 4 * U;
      const ho = h0 + t * pU;
      if (t > 0) {
        mv(k.rT, k.hs + (t - 1) * pU * 4, k.z, pU * 4, 4 * U);
        for (let j = 0; j < U; j++) {
          const i = gate(m[z0 + j]! + m[xz + j]!);
          const f = gate(m[z0 + U + j]! + m[xz + U + j]!);
          const g = tanh(m[z0 + 2 * U + j]! + m[xz + 2 * U + j]!);
          const o = gate(m[z0 + 3 * U + j]! + m[xz + 3 * U + j]!);
          const cj = f * c[j]! + i * g;
          c[j] = cj;
          m[ho + j] = o * tanh(cj);
        }
      } else {
        // h₋₁ = c₋₁ = 0: the gates see the input contribution only.
        for (let j = 0; j < U; j++) {
          const i = gate(m[xz + j]!);
          const g = tanh(m[xz + 2 * U + j]!);
          const o = gate(m[xz + 3 * U + j]!);
          const cj = i * g;
          c[j] = cj;
          m[ho + j] = o * tanh(cj);
        }
      }
    }
    for (let t = 0; t < T; t++) mv(k.qkvT, k.hs + t * pU * 4, k.qkv + t * 3 * HK * 4, pU * 4, 3 * HK);
    // Attention per head in the kernel too: keys and queries as rows padded to pK floats, values
    // transposed (a row per key dimension, padded to pT steps); then scores(t) = Kₕ·qₜ and
    // context(t) = Vₕᵀ·softmax(scores(t)), written straight into the context rows.
    const q0 = k.qkv / 4;
    const { pK, pT } = k;
    const qh0 = k.qh / 4;
    const kh0 = k.kh / 4;
    const vt0 = k.vt / 4;
    const w0 = k.w / 4;
    const sv0 = k.sv / 4;
    const scale = 1 / Math.sqrt(K);
    const rowQ = 3 * HK;
    for (let h = 0; h < H; h++) {
      for (let t = 0; t < T; t++) {
        const src = q0 + t * rowQ + h * K;
        const dq = qh0 + t * pK;
        const dk = kh0 + t * pK;
        for (let kk = 0; kk < K; kk++) {
          m[dq + kk] = m[src + kk]!;
          m[dk + kk] = m[src + HK + kk]!;
          m[vt0 + kk * pT + t] = m[src + 2 * HK + kk]!;
        }
      }
      for (let t = 0; t < T; t++) {
        mv(k.kh, k.qh + t * pK * 4, k.sv, pK * 4, T);
        let max = Number.NEGATIVE_INFINITY;
        for (let s = 0; s < T; s++) {
          const v = m[sv0 + s]! * scale;
          if (v > max) max = v;
        }
        let sum = 0;
        const wo = w0 + t * pT;
        for (let s = 0; s < T; s++) {
          const e = Math.exp(m[sv0 + s]! * scale - max);
          m[wo + s] = e;
          sum += e;
        }
        const inv = 1 / sum;
        for (let s = 0; s < T; s++) m[wo + s] = m[wo + s]! * inv;
      }
      const ctxHead = k.ctx + h * K * 4;
      for (let t = 0; t < T; t++) mv(k.vt, k.w + t * pT * 4, ctxHead + t * pHK * 4, pT * 4, K);
    }
    for (let t = 0; t < T; t++) mv(k.woT, k.ctx + t * pHK * 4, k.res + t * U * 4, pHK * 4, U);
    const gamma = this.#gamma;
    const beta = this.#beta;
    const dense = this.#dense;
    const r0 = k.res / 4;
    const res = this.#res;
    let logit = this.#denseBias;
    for (let t = 0; t < T; t++) {
      const ro = r0 + t * U;
      const ho = h0 + t * pU;
      let mean = 0;
      for (let j = 0; j < U; j++) {
        const v = m[ro + j]! + m[ho + j]!;
        res[j] = v;
        mean += v;
      }
      mean /= U;
      let variance = 0;
      for (let j = 0; j < U; j++) {
        const d = res[j]! - mean;
        variance += d * d;
      }
      const inv = 1 / Math.sqrt(variance / U + this.#eps);
      let avg = 0;
      let last = 0;
      if (t === T - 1) {
        for (let j = 0; j < U; j++) {
          const v = (res[j]! - mean) * inv * gamma[j]! + beta[j]!;
          avg += (v / T) * dense[j]!;
          last += v * dense[U + j]!;
        }
      } else {
        for (let j = 0; j < U; j++) avg += (((res[j]! - mean) * inv * gamma[j]! + beta[j]!) / T) * dense[j]!;
      }
      logit += avg + last;
    }
    return logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
  }

  /** {@link LstmAttentionInference.predictWindow} for every row of `X`. */
  predictProba(X: Matrix): Float64Array {
    checkMatrix('LstmAttentionInference.predictProba', X, this.steps * this.features);
    const out = new Float64Array(X.rows);
    const w = this.steps * this.features;
    for (let r = 0; r < X.rows; r++) out[r] = this.predictWindow(X.data, r * w);
    return out;
  }
}
