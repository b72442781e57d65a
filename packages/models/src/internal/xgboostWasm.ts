import { createRequire } from 'node:module';
import { MinhosError } from '@minhos/core';

/**
 * A thin binding over the XGBoost C API that `ml-xgboost` compiles to WebAssembly.
 *
 * We call the exported C functions directly instead of the package's `XGBoost` class because the
 * class (1) passes the whole training matrix through emscripten's 5 MB stack (`'array'` arguments),
 * which overflows beyond ~1.3 M feature values, and (2) allocates a wasm buffer per predicted row.
 * Here data goes through `_malloc` on the growable heap.
 */
interface EmscriptenModule {
  readonly isReady: Promise<unknown>;
  HEAPF32: Float32Array;
  HEAPU8: Uint8Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _create_model(data: number, labels: number, rows: number, cols: number): number;
  _free_memory_model(handle: number): void;
  _train_full_model(handle: number, iterations: number): void;
  _predict_one(handle: number, row: number, cols: number, out: number): number;
  _save_model(handle: number): number;
  _get_file_content(ptr: number, size: number): void;
  _load_model(ptr: number, size: number): number;
  cwrap(name: string, ret: null | 'number', args: string[]): (...args: unknown[]) => unknown;
}

/** The loaded XGBoost wasm runtime. */
export interface XgboostRuntime {
  /** Trains a booster; returns its handle. */
  train(
    data: Float32Array,
    labels: Float32Array,
    rows: number,
    cols: number,
    params: Record<string, string>,
    rounds: number,
  ): number;
  /** One output per row (binary:logistic → P(1)). */
  predict(handle: number, data: Float32Array, rows: number, cols: number): Float64Array;
  /** XGBoost's own binary model format. */
  serialize(handle: number): Uint8Array;
  deserialize(bytes: Uint8Array): number;
  free(handle: number): void;
}

let runtime: Promise<XgboostRuntime> | undefined;

/** Loads (once) the XGBoost wasm module shipped in `ml-xgboost`. */
export function loadXgboost(): Promise<XgboostRuntime> {
  runtime ??= init();
  return runtime;
}

async function init(): Promise<XgboostRuntime> {
  const require = createRequire(import.meta.url);
  const wa = (globalThis as unknown as { WebAssembly: { instantiateStreaming?: unknown } }).WebAssembly;
  const streaming = wa.instantiateStreaming;
  const listenersBefore = new Set(process.listeners('uncaughtException'));
  let M: EmscriptenModule;
  try {
    // The 2018 emscripten glue tries fetch() on a file path first and logs a warning when it falls
    // back; hiding instantiateStreaming during the synchronous require makes it go straight to the
    // ArrayBuffer path.
    wa.instantiateStreaming = undefined;
    M = require('ml-xgboost/dist/wasm/xgboost.js') as EmscriptenModule;
  } catch (cause) {
    throw new MinhosError('MODEL_BACKEND_UNAVAILABLE', 'ml-xgboost: cannot load the XGBoost wasm module', {
      cause,
    });
  } finally {
    wa.instantiateStreaming = streaming;
    // The glue also installs a process-wide uncaughtException handler that rethrows; a library must
    // not change the host's crash behaviour, so it is removed.
    for (const l of process.listeners('uncaughtException')) {
      if (!listenersBefore.has(l)) process.removeListener('uncaughtException', l);
    }
  }
  await M.isReady;
  const setParam = M.cwrap('set_param', null, ['number', 'string', 'string']);

  const copyIn = (arr: Float32Array): number => {
    const ptr = M._malloc(Math.max(4, arr.byteLength));
    M.HEAPF32.set(arr, ptr >> 2);
    return ptr;
  };

  return {
    train(data, labels, rows, cols, params, rounds) {
      const px = copyIn(data);
      const py = copyIn(labels);
      let handle: number;
      try {
        handle = M._create_model(px, py, rows, cols);
      } finally {
        M._free(px);
        M._free(py);
      }
      if (!handle)
        throw new MinhosError('MODEL_TRAIN_FAILED', 'XGBoost: could not create the DMatrix/booster');
      for (const [k, v] of Object.entries(params)) setParam(handle, k, v);
      M._train_full_model(handle, rounds);
      return handle;
    },
    predict(handle, data, rows, cols) {
      const out = new Float64Array(rows);
      const prow = M._malloc(Math.max(4, cols * 4));
      const pout = M._malloc(64);
      try {
        for (let r = 0; r < rows; r++) {
          M.HEAPF32.set(data.subarray(r * cols, (r + 1) * cols), prow >> 2);
          M._predict_one(handle, prow, cols, pout);
          out[r] = M.HEAPF32[pout >> 2]!;
        }
      } finally {
        M._free(prow);
        M._free(pout);
      }
      return out;
    },
    serialize(handle) {
      const size = M._save_model(handle);
      if (size < 0) throw new MinhosError('MODEL_SAVE_FAILED', 'XGBoost: save_model failed');
      const ptr = M._malloc(size);
      try {
        M._get_file_content(ptr, size);
        return M.HEAPU8.slice(ptr, ptr + size);
      } finally {
        M._free(ptr);
      }
    },
    deserialize(bytes) {
      const ptr = M._malloc(bytes.length);
      M.HEAPU8.set(bytes, ptr);
      let handle = 0;
      try {
        handle = M._load_model(ptr, bytes.length);
      } catch (cause) {
        // XGBoost's C++ check failures surface as emscripten aborts (thrown strings).
        throw new MinhosError(
          'MODEL_LOAD_FAILED',
          `XGBoost: the model bytes are not a valid booster (${String(cause)})`,
        );
      } finally {
        M._free(ptr);
      }
      if (!handle)
        throw new MinhosError('MODEL_LOAD_FAILED', 'XGBoost: the model bytes are not a valid booster');
      return handle;
    },
    free(handle) {
      M._free_memory_model(handle);
    },
  };
}
