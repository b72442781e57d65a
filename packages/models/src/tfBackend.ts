import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { MinhosError } from '@minhos/core';
import * as tf from '@tensorflow/tfjs';

/** The TensorFlow.js backends this package can run on, fastest first. */
export type TfBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';

/** One candidate that was not used, and why. */
export interface SkippedBackend {
  readonly backend: TfBackendName;
  readonly reason: string;
}

/** Which backend is active after {@link initTfBackend}, and why the faster ones were skipped. */
export interface TfBackendInfo {
  /** Our name for the active backend. */
  readonly backend: TfBackendName;
  /** TensorFlow.js's own name for it (`tf.getBackend()`): `'tensorflow'`, `'wasm'` or `'cpu'`. */
  readonly tfBackend: string;
  /** Why this backend was chosen. */
  readonly reason: string;
  /** Faster candidates that were tried and skipped, in order. */
  readonly skipped: readonly SkippedBackend[];
  /** For wasm: whether the SIMD build is in use. */
  readonly simd?: boolean;
  /** `@tensorflow/tfjs` version. */
  readonly tfjsVersion: string;
}

/** Options of {@link initTfBackend}; every field is for tests or unusual deployments. */
export interface TfBackendOptions {
  /** Candidates in order of preference. Default `['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']`. */
  readonly candidates?: readonly TfBackendName[];
  /** Dynamic importer (inject to simulate installed/missing packages). Default: `import()`. */
  readonly importer?: (specifier: string) => Promise<unknown>;
  /** Whether a CUDA GPU is present. Default: looks for the NVIDIA driver (`/proc/driver/nvidia/version`). */
  readonly gpuProbe?: () => boolean | Promise<boolean>;
  /** Directory (ending in `/`) holding the `tfjs-backend-wasm*.wasm` files. Default: the installed package's `dist/`. */
  readonly wasmPath?: string;
}

const NODE_GPU = '@tensorflow/tfjs-node-gpu';
const NODE_CPU = '@tensorflow/tfjs-node';
const WASM = '@tensorflow/tfjs-backend-wasm';

let current: Promise<TfBackendInfo> | undefined;
let active: TfBackendInfo | undefined;

/**
 * Picks and activates the fastest available TensorFlow.js backend, once per process:
 * `@tensorflow/tfjs-node-gpu` when installed and an NVIDIA GPU is present, else
 * `@tensorflow/tfjs-node` (native CPU), else `@tensorflow/tfjs-backend-wasm` (SIMD, single thread),
 * else the pure-JS `cpu` backend. The native packages are optional peer dependencies: a missing
 * one is skipped with its reason, never an error.
 *
 * Call it before building or loading an LSTM model ({@link LstmAttentionModel} calls it for you).
 * A call with options re-runs the selection (tests inject `importer`/`gpuProbe`).
 *
 * @example
 * ```ts
 * import { initTfBackend } from '@minhos/models';
 * const info = await initTfBackend();
 * console.log(info.backend, info.reason, info.skipped); // 'wasm', 'SIMD build', [{ backend: 'tensorflow-gpu', … }]
 * ```
 */
export function initTfBackend(options?: TfBackendOptions): Promise<TfBackendInfo> {
  if (options === undefined && current !== undefined) return current;
  const run = select(options ?? {}).then((info) => {
    active = info;
    return info;
  });
  current = run;
  return run;
}

/**
 * The backend chosen by the last completed {@link initTfBackend}, if any (for status pages and
 * model registry metadata).
 *
 * @example
 * ```ts
 * import { activeTfBackend } from '@minhos/models';
 * activeTfBackend()?.backend; // 'wasm' | 'tensorflow' | … | undefined before initTfBackend()
 * ```
 */
export function activeTfBackend(): TfBackendInfo | undefined {
  return active;
}

function defaultGpuProbe(): boolean {
  return process.env.CUDA_VISIBLE_DEVICES !== '-1' && existsSync('/proc/driver/nvidia/version');
}

function describeImportError(specifier: string, e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${specifier} is not installed`;
  return `${specifier} failed to load: ${e instanceof Error ? e.message : String(e)}`;
}

async function select(options: TfBackendOptions): Promise<TfBackendInfo> {
  const importer = options.importer ?? ((s: string) => import(s));
  const candidates = options.candidates ?? ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
  const skipped: SkippedBackend[] = [];
  const done = (backend: TfBackendName, reason: string, simd?: boolean): TfBackendInfo => ({
    backend,
    tfBackend: tf.getBackend(),
    reason,
    skipped,
    ...(simd !== undefined ? { simd } : {}),
    tfjsVersion: tf.version.tfjs,
  });

  for (const candidate of candidates) {
    if (candidate === 'tensorflow-gpu' || candidate === 'tensorflow') {
      const specifier = candidate === 'tensorflow-gpu' ? NODE_GPU : NODE_CPU;
      if (candidate === 'tensorflow-gpu') {
        const probe = options.gpuProbe ?? defaultGpuProbe;
        let gpu = false;
        try {
          gpu = await probe();
        } catch {
          gpu = false;
        }
        if (!gpu) {
          skipped.push({ backend: candidate, reason: 'no NVIDIA GPU/driver detected' });
          continue;
        }
      }
      try {
        await importer(specifier);
      } catch (e) {
        skipped.push({ backend: candidate, reason: describeImportError(specifier, e) });
        continue;
      }
      // The native addon registers the 'tensorflow' backend into the tfjs-core instance it imports;
      // if that is a different copy from ours the registration is invisible here.
      if (tf.findBackendFactory('tensorflow') === null) {
        skipped.push({
          backend: candidate,
          reason: `${specifier} loaded but did not register the 'tensorflow' backend in this @tensorflow/tfjs (version mismatch?)`,
        });
        continue;
      }
      if (await trySetBackend('tensorflow')) {
        return done(
          candidate,
          candidate === 'tensorflow-gpu' ? 'native TensorFlow with CUDA' : 'native TensorFlow (CPU)',
        );
      }
      skipped.push({ backend: candidate, reason: `tf.setBackend('tensorflow') failed` });
      continue;
    }
    if (candidate === 'wasm') {
      let wasmModule: { setWasmPaths?: (path: string, usePlatformFetch?: boolean) => void };
      try {
        wasmModule = (await importer(WASM)) as typeof wasmModule;
      } catch (e) {
        skipped.push({ backend: 'wasm', reason: describeImportError(WASM, e) });
        continue;
      }
      if (tf.findBackendFactory('wasm') === null || typeof wasmModule.setWasmPaths !== 'function') {
        skipped.push({ backend: 'wasm', reason: `${WASM} loaded but did not register the 'wasm' backend` });
        continue;
      }
      try {
        wasmModule.setWasmPaths(options.wasmPath ?? defaultWasmPath());
      } catch (e) {
        // setWasmPaths refuses to run twice; a second selection keeps the first path.
        if (!(e instanceof Error && /already|initialized/i.test(e.message))) {
          skipped.push({ backend: 'wasm', reason: `setWasmPaths failed: ${String(e)}` });
          continue;
        }
      }
      // Multi-threaded wasm needs SharedArrayBuffer workers that tfjs cannot start in Node.
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      if (await trySetBackend('wasm')) {
        const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
        return done('wasm', simd ? 'WebAssembly (SIMD build)' : 'WebAssembly (no SIMD)', simd);
      }
      skipped.push({ backend: 'wasm', reason: `tf.setBackend('wasm') failed (wasm files not found?)` });
      continue;
    }
    if (await trySetBackend('cpu')) return done('cpu', 'pure JavaScript fallback');
    skipped.push({ backend: 'cpu', reason: `tf.setBackend('cpu') failed` });
  }
  throw new MinhosError(
    'MODEL_BACKEND_UNAVAILABLE',
    `no TensorFlow.js backend could be activated: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
    { details: { skipped } },
  );
}

async function trySetBackend(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

function defaultWasmPath(): string {
  const require = createRequire(import.meta.url);
  // The package's main entry is dist/tf-backend-wasm.node.js; the .wasm files sit beside it.
  return `${dirname(require.resolve(WASM))}/`;
}
