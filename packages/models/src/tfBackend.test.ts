import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activeTfBackend, initTfBackend } from './tfBackend.js';

const notInstalled = (specifier: string) =>
  Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });

describe('initTfBackend', () => {
  afterAll(async () => {
    await initTfBackend({ candidates: ['wasm', 'cpu'] });
  });

  it('skips missing native packages with reasons and lands on wasm (SIMD)', async () => {
    const info = await initTfBackend({
      gpuProbe: () => true,
      importer: async (s) => {
        if (s.startsWith('@tensorflow/tfjs-node')) throw notInstalled(s);
        return import(s);
      },
    });
    expect(info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(info.simd).toBe(true);
    expect(info.skipped).toEqual([
      { backend: 'tensorflow-gpu', reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { backend: 'tensorflow', reason: '@tensorflow/tfjs-node is not installed' },
    ]);
    expect(activeTfBackend()).toEqual(info);
  });

  it('skips the GPU without a driver and a native package that registers no backend', async () => {
    const info = await initTfBackend({
      gpuProbe: () => false,
      importer: async (s) => (s === '@tensorflow/tfjs-node' ? {} : import(s)),
    });
    expect(info.backend).toBe('wasm');
    expect(info.skipped[0]).toEqual({ backend: 'tensorflow-gpu', reason: 'no NVIDIA GPU/driver detected' });
    expect(info.skipped[1]!.reason).toMatch(/did not register the 'tensorflow' backend/);
  });

  it('falls back to cpu when wasm cannot load, and the same model computes the same numbers', async () => {
    await initTfBackend({ candidates: ['wasm'] });
    const x = tf.tensor2d([
      [0.5, -1, 2],
      [3, 0.25, -0.75],
    ]);
    const w = tf.tensor2d([[0.1], [0.2], [-0.3]]);
    const onWasm = Array.from(await tf.sigmoid(tf.matMul(x, w)).data());
    const info = await initTfBackend({
      importer: async (s) => {
        throw s.includes('wasm') ? new Error('wasm binary missing') : notInstalled(s);
      },
      gpuProbe: () => false,
    });
    expect(info.backend).toBe('cpu');
    expect(info.skipped.map((s) => s.backend)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm']);
    expect(info.skipped[2]!.reason).toMatch(/wasm binary missing/);
    const onCpu = Array.from(await tf.sigmoid(tf.matMul(x, w)).data());
    for (const [i, v] of onCpu.entries()) expect(v).toBeCloseTo(onWasm[i]!, 6);
  });

  it('reports a clear error when no candidate works', async () => {
    await expect(
      initTfBackend({ candidates: ['tensorflow'], importer: async (s) => Promise.reject(notInstalled(s)) }),
    ).rejects.toMatchObject({ code: 'MODEL_BACKEND_UNAVAILABLE' });
  });
});
