import type { LstmAttentionWeights } from '../LstmAttentionInference.js';
import { type MatVec, simdMatVec } from './simdMatVec.js';

/** Byte offsets of every buffer in the SIMD kernel's memory (rows padded to 16 floats). */
export interface SimdState {
  readonly mem: Float32Array;
  readonly mv: MatVec;
  readonly pF: number;
  readonly pU: number;
  readonly pHK: number;
  readonly pK: number;
  readonly pT: number;
  readonly kT: number;
  readonly rT: number;
  readonly qkvT: number;
  readonly woT: number;
  readonly x: number;
  readonly xz: number;
  readonly z: number;
  readonly hs: number;
  readonly qkv: number;
  readonly ctx: number;
  readonly res: number;
  /** One head's queries and keys (T rows of pK), values transposed (K rows of pT), softmax weights (T rows of pT), scores (T). */
  readonly qh: number;
  readonly kh: number;
  readonly vt: number;
  readonly w: number;
  readonly sv: number;
}

/**
 * Lays out an LSTM-attention network's weights and scratch buffers in the SIMD kernel's memory;
 * undefined where WebAssembly SIMD is unavailable.
 */
export function simdState(
  shape: { steps: number; features: number; units: number; heads: number; keyDim: number },
  w: LstmAttentionWeights,
): SimdState | undefined {
  const { steps: T, features: F, units: U, heads: H, keyDim: K } = shape;
  const HK = H * K;
  const pad = (n: number) => Math.ceil(n / 16) * 16;
  // One spare slot per input row for the constant 1 that multiplies the bias column.
  const pF = pad(F + 1);
  const pU = pad(U + 1);
  const pHK = pad(HK + 1);
  const pK = pad(K);
  const pT = pad(T);
  const sizes = {
    kT: 4 * U * pF,
    rT: 4 * U * pU,
    qkvT: 3 * HK * pU,
    woT: U * pHK,
    x: T * pF,
    xz: T * 4 * U,
    z: 4 * U,
    hs: T * pU,
    qkv: T * 3 * HK,
    ctx: T * pHK,
    res: T * U,
    qh: T * pK,
    kh: T * pK,
    vt: K * pT,
    w: T * pT,
    sv: T,
  };
  const offsets: Record<string, number> = {};
  let bytes = 0;
  for (const [k, n] of Object.entries(sizes)) {
    offsets[k] = bytes;
    bytes += pad(n) * 4;
  }
  const kernel = simdMatVec(bytes);
  if (!kernel) return undefined;
  const mem = new Float32Array(kernel.buffer);
  // Transposed weights, each output's row zero-padded to the kernel's 16-float stride.
  const put = (
    at: number,
    a: ArrayLike<number>,
    rows: number,
    cols: number,
    stride: number,
    colOffset = 0,
  ) => {
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) mem[at / 4 + (colOffset + c) * stride + r] = a[r * cols + c]!;
  };
  put(offsets.kT!, w.kernel, F, 4 * U, pF);
  put(offsets.rT!, w.recurrentKernel, U, 4 * U, pU);
  put(offsets.qkvT!, w.wq, U, HK, pU, 0);
  put(offsets.qkvT!, w.wk, U, HK, pU, HK);
  put(offsets.qkvT!, w.wv, U, HK, pU, 2 * HK);
  put(offsets.woT!, w.wo, HK, U, pHK);
  // Biases in the spare column; a 1 in the matching slot of every input row. The recurrent kernel's
  // spare column stays 0, so the 1 in each h row adds nothing to the recurrence.
  const bias = (at: number, b: ArrayLike<number>, n: number, stride: number, col: number, from = 0) => {
    for (let j = 0; j < n; j++) mem[at / 4 + (from + j) * stride + col] = b[j]!;
  };
  bias(offsets.kT!, w.bias, 4 * U, pF, F);
  bias(offsets.qkvT!, w.bq, HK, pU, U, 0);
  bias(offsets.qkvT!, w.bk, HK, pU, U, HK);
  bias(offsets.qkvT!, w.bv, HK, pU, U, 2 * HK);
  bias(offsets.woT!, w.bo, U, pHK, HK);
  for (let t = 0; t < T; t++) {
    mem[offsets.x! / 4 + t * pF + F] = 1;
    mem[offsets.hs! / 4 + t * pU + U] = 1;
    mem[offsets.ctx! / 4 + t * pHK + HK] = 1;
  }
  return {
    mem,
    mv: kernel.mv,
    pF,
    pU,
    pHK,
    pK,
    pT,
    kT: offsets.kT!,
    rT: offsets.rT!,
    qkvT: offsets.qkvT!,
    woT: offsets.woT!,
    x: offsets.x!,
    xz: offsets.xz!,
    z: offsets.z!,
    hs: offsets.hs!,
    qkv: offsets.qkv!,
    ctx: offsets.ctx!,
    res: offsets.res!,
    qh: offsets.qh!,
    kh: offsets.kh!,
    vt: offsets.vt!,
    w: offsets.w!,
    sv: offsets.sv!,
  };
}
