import { activeTfBackend } from '@minhos/models';

/**
 * The smallest WebAssembly module with a SIMD instruction (`i8x16.splat` on a constant), the
 * probe `wasm-feature-detect` uses: a runtime that validates it runs the models' SIMD kernels.
 */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

/** The slice of the WebAssembly JS API used here (the TS lib config has no WebAssembly types). */
interface WasmValidate {
  validate(bytes: Uint8Array): boolean;
}

/** Where the models of this process compute, as `/api/ml/status` reports it under `backend`. */
export interface MlBackend {
  /**
   * The TensorFlow.js backend in use (`tensorflow`, `wasm`, `cpu`), or `null` when no tfjs model
   * was built in this process (the background model is a logistic regression in plain JS).
   */
  readonly tfjs: string | null;
  /** For tfjs on wasm: whether its SIMD build runs (`null` otherwise). */
  readonly tfjs_simd: boolean | null;
  /** `@tensorflow/tfjs` version when a tfjs backend is active. */
  readonly tfjs_version: string | null;
  /** Whether this runtime has WebAssembly SIMD, so LSTM inference runs on the models' SIMD kernels. */
  readonly wasm_simd: boolean;
  /** What LSTM inference runs on here: `wasm-simd` kernels or the plain `js` ones. */
  readonly lstm_inference: 'wasm-simd' | 'js';
}

let simd: boolean | undefined;

/** Whether WebAssembly SIMD validates in this runtime (asked once). */
function hasWasmSimd(): boolean {
  if (simd === undefined) {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmValidate }).WebAssembly;
    try {
      simd = wasm?.validate(SIMD_PROBE) ?? false;
    } catch {
      simd = false;
    }
  }
  return simd;
}

/** Reads the process's model backends: the active tfjs backend (if any) and WebAssembly SIMD. */
export function mlBackend(): MlBackend {
  const tf = activeTfBackend();
  const wasmSimd = hasWasmSimd();
  return {
    tfjs: tf?.tfBackend ?? null,
    tfjs_simd: tf?.backend === 'wasm' ? (tf.simd ?? false) : null,
    tfjs_version: tf?.tfjsVersion ?? null,
    wasm_simd: wasmSimd,
    lstm_inference: wasmSimd ? 'wasm-simd' : 'js',
  };
}
