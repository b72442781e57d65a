import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, normalRng } from './internal/rng.js';
import { LstmAttentionModel } from './LstmAttentionModel.js';
import { loadModel } from './loadModel.js';
import type { Matrix } from './Model.js';
import { MultiHeadSelfAttention, registerCustomLayers } from './MultiHeadSelfAttention.js';
import { directionalAccuracy } from './metrics.js';
import { initTfBackend } from './tfBackend.js';

const tiny = { steps: 5, features: 2, units: 8, heads: 2, keyDim: 4, epochs: 2, batchSize: 16 } as const;

function windows(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const width = tiny.steps * tiny.features;
  const data = new Float32Array(n * width);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < width; j++) {
      const v = r() - 0.5;
      data[i * width + j] = v;
      if (j % tiny.features === 0) s += v;
    }
    y[i] = s > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: width, data }, y };
}

beforeAll(async () => {
  await initTfBackend();
});

describe('MultiHeadSelfAttention', () => {
  it('matches a hand computation of softmax(QKᵀ/√k)V → Wo, residual, layer norm', async () => {
    registerCustomLayers();
    const t = 3;
    const d = 4;
    const h = 2;
    const k = 2;
    const layer = new MultiHeadSelfAttention({ numHeads: h, keyDim: k, seed: 3 });
    const r = mulberry32(5);
    const xs = Array.from({ length: t * d }, () => r() * 2 - 1);
    const input = tf.tensor3d(xs, [1, t, d]);
    const out = Array.from(await (layer.apply(input) as tf.Tensor).data());
    // Non-zero biases and affine layer-norm parameters so every term of the formula is exercised.
    const weights = layer.getWeights().map((w) => Array.from(w.dataSync()));
    const setTo = weights.map((w) => w.map(() => r() - 0.5));
    layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(setTo[i]!, w.shape)));
    const out2 = Array.from(await (layer.apply(input) as tf.Tensor).data());
    const [wq, wk, wv, wo, bq, bk, bv, bo, gamma, beta] = setTo as number[][];
    const proj = (w: number[], b: number[], row: number, col: number) => {
      let s = b[col]!;
      for (let i = 0; i < d; i++) s += xs[row * d + i]! * w[i * h * k + col]!;
      return s;
    };
    const context = Array.from({ length: t }, () => new Array<number>(h * k).fill(0));
    for (let head = 0; head < h; head++) {
      for (let i = 0; i < t; i++) {
        const scores: number[] = [];
        for (let j = 0; j < t; j++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += proj(wq!, bq!, i, head * k + c) * proj(wk!, bk!, j, head * k + c);
          scores.push(s / Math.sqrt(k));
        }
        const m = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < t; j++) {
          for (let c = 0; c < k; c++)
            context[i]![head * k + c]! += (e[j]! / z) * proj(wv!, bv!, j, head * k + c);
        }
      }
    }
    const expected: number[] = [];
    for (let i = 0; i < t; i++) {
      const res: number[] = [];
      for (let c = 0; c < d; c++) {
        let s = bo![c]!;
        for (let q = 0; q < h * k; q++) s += context[i]![q]! * wo![q * d + c]!;
        res.push(xs[i * d + c]! + s);
      }
      const mean = res.reduce((a, b) => a + b, 0) / d;
      const variance = res.reduce((a, b) => a + (b - mean) ** 2, 0) / d;
      for (let c = 0; c < d; c++)
        expected.push(((res[c]! - mean) / Math.sqrt(variance + 1e-6)) * gamma![c]! + beta![c]!);
    }
    expect(out).toHaveLength(t * d);
    for (const [i, v] of out2.entries()) expect(v).toBeCloseTo(expected[i]!, 4);
    expect(layer.getConfig()).toMatchObject({ numHeads: 2, keyDim: 2, seed: 3 });
  });
});

describe('LstmAttentionModel', () => {
  const { X, y } = windows(96, 1);

  it('has the default architecture sizes (200 units, 4 heads × 50, 20 × 8 input)', async () => {
    const m = new LstmAttentionModel();
    // LSTM 4·(8·200 + 200·200 + 200) + attention 3·(200·200 + 200) + 200·200 + 200 + 2·200
    // + dense on [average, last step] 2·200 + 1
    const lstm = 4 * (8 * 200 + 200 * 200 + 200);
    const attention = 3 * (200 * 200 + 200) + (200 * 200 + 200) + 2 * 200;
    expect(await m.parameterCount()).toBe(lstm + attention + 401);
    m.dispose();
  });

  it('trains reproducibly for a seed (chronological validation tail) and differs for another seed', async () => {
    const a = new LstmAttentionModel({ ...tiny, seed: 9 });
    const b = new LstmAttentionModel({ ...tiny, seed: 9 });
    const c = new LstmAttentionModel({ ...tiny, seed: 10 });
    const report = await a.fit(X, y);
    await b.fit(X, y);
    await c.fit(X, y);
    expect(report.samples).toBe(96 - Math.floor(96 * 0.2));
    expect(report.epochs).toBe(2);
    expect(Number.isFinite(report.validationLoss)).toBe(true);
    const pa = await a.predictProba(X);
    expect(await b.predictProba(X)).toEqual(pa);
    expect(await c.predictProba(X)).not.toEqual(pa);
    for (const p of pa) expect(p > 0 && p < 1).toBe(true);
    a.dispose();
    b.dispose();
    c.dispose();
  });

  it('saves weights + metadata and loads them back bit-identically; tampering is detected', async () => {
    const m = new LstmAttentionModel({ ...tiny, epochs: 1, seed: 4 });
    m.metadata = { scaler: { kind: 'standard', center: [0, 0], scale: [1, 1] } };
    await m.fit(X, y);
    const dir = await mkdtemp(join(tmpdir(), 'lstm-'));
    await m.save(dir);
    const back = await loadModel(dir);
    expect(back).toBeInstanceOf(LstmAttentionModel);
    expect((back as LstmAttentionModel).metadata).toEqual(m.metadata);
    expect(await back.predictProba(X)).toEqual(await m.predictProba(X));
    const weights = await readFile(join(dir, 'weights.bin'));
    weights[10] = (weights[10]! + 1) % 256;
    await writeFile(join(dir, 'weights.bin'), weights);
    await expect(LstmAttentionModel.load(dir)).rejects.toThrow(/checksum/);
    m.dispose();
    back.dispose();
  });

  it('learns a planted signal carried by the most recent step', async () => {
    const g = normalRng(3);
    const n = 700;
    const width = tiny.steps * tiny.features;
    const data = new Float32Array(n * width);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) data[i * width + j] = g();
      const last = data[i * width + (tiny.steps - 1) * tiny.features]!;
      labels[i] = -0.8 * last + 0.6 * g() > 0 ? 1 : 0; // a reversal: P(correct) ≈ 0.80 at best
    }
    const m = new LstmAttentionModel({ ...tiny, epochs: 8, batchSize: 32, learningRate: 0.01, seed: 2 });
    await m.fit({ rows: 500, cols: width, data: data.subarray(0, 500 * width) }, labels.subarray(0, 500));
    const p = await m.predictProba({ rows: 200, cols: width, data: data.subarray(500 * width) });
    expect(directionalAccuracy(p, labels.subarray(500)).lower).toBeGreaterThan(0.6);
    m.dispose();
  });

  it('rejects inputs of the wrong width and bad options', async () => {
    expect(() => new LstmAttentionModel({ units: 0 })).toThrow(/units must be a positive integer/);
    const m = new LstmAttentionModel(tiny);
    await expect(m.fit({ rows: 96, cols: 9, data: new Float32Array(96 * 9) }, y)).rejects.toThrow(
      /trained on 10/,
    );
    await expect(m.predictProba(X)).rejects.toMatchObject({ code: 'MODEL_NOT_TRAINED' });
  });
});
