import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalRng } from './internal/rng.js';
import { LSTM_SERVING_MAX_ROWS, LstmAttentionModel } from './LstmAttentionModel.js';
import { loadModel } from './loadModel.js';
import type { Matrix } from './Model.js';
import { initTfBackend } from './tfBackend.js';

function windows(n: number, steps: number, features: number, seed: number): { X: Matrix; y: Uint8Array } {
  const g = normalRng(seed);
  const data = new Float32Array(n * steps * features);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < steps * features; j++) {
      const v = g();
      data[i * steps * features + j] = v;
      if (j % features === 0) s += v;
    }
    y[i] = s + g() > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: steps * features, data }, y };
}

/** A small network (6 × 3 windows, 12 units, 3 heads × 4) that trains in well under a second. */
const SMALL = { steps: 6, features: 3, units: 12, heads: 3, keyDim: 4, epochs: 3, seed: 3 } as const;

beforeAll(async () => {
  await initTfBackend();
});

describe('LstmAttentionInference (fused batch-1 forward pass)', () => {
  it('equals tfjs within 1e-5 on a small trained model, also after save/load', async () => {
    const m = new LstmAttentionModel({ ...SMALL, batchSize: 16 });
    const { X, y } = windows(160, 6, 3, 1);
    await m.fit(X, y);
    const probe = windows(40, 6, 3, 2).X;
    const ref = await m.predictProba(probe);
    for (const simd of [true, false]) {
      const engine = m.inference({ simd });
      expect(engine.simd).toBe(simd);
      const fast = engine.predictProba(probe);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ref[i]! - fast[i]!));
      expect(worst, simd ? 'simd' : 'js').toBeLessThan(1e-5);
    }
    // Predictions vary, so equality is not trivially met by a constant.
    expect(Math.max(...ref) - Math.min(...ref)).toBeGreaterThan(1e-3);
    const dir = await mkdtemp(join(tmpdir(), 'lstm-fused-'));
    await m.save(dir);
    const back = (await loadModel(dir)) as LstmAttentionModel;
    const again = back.inference().predictProba(probe);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(again[i]! - ref[i]!)).toBeLessThan(1e-5);
    expect(() => m.inference().predictProba({ rows: 1, cols: 5, data: new Float32Array(5) })).toThrow(/18/);
    m.dispose();
    back.dispose();
  }, 60_000);

  it('equals tfjs within 1e-5 at the default size (200 units, 4 heads × 50, 20 × 8 windows)', async () => {
    const m = new LstmAttentionModel({ steps: 20, features: 8, epochs: 1, batchSize: 32, seed: 1 });
    const { X, y } = windows(64, 20, 8, 5);
    await m.fit(X, y);
    // More rows than the serving path takes: `ref` is the tfjs graph's answer.
    const probe = windows(LSTM_SERVING_MAX_ROWS + 1, 20, 8, 6).X;
    const ref = await m.predictProba(probe);
    for (const simd of [true, false]) {
      const fast = m.inference({ simd });
      for (let i = 0; i < probe.rows; i++) {
        expect(
          Math.abs(fast.predictWindow(probe.data, i * 160) - ref[i]!),
          `row ${i} simd ${simd}`,
        ).toBeLessThan(1e-5);
      }
    }
    m.dispose();
  }, 120_000);

  it('serves small batches (live decisions) through the forward pass of the current weights', async () => {
    const m = new LstmAttentionModel(SMALL);
    const train = windows(160, 6, 3, 1);
    await m.fit(train.X, train.y);
    const probe = windows(LSTM_SERVING_MAX_ROWS + 1, 6, 3, 2).X;
    const graph = await m.graphPredictProba(probe);
    // Too many rows to serve: predictProba runs the graph too.
    expect(await m.predictProba(probe)).toEqual(graph);
    const row = (i: number): Matrix => ({ rows: 1, cols: 18, data: probe.data.slice(i * 18, (i + 1) * 18) });
    let differs = 0;
    for (let i = 0; i < probe.rows; i++) {
      const served = (await m.predictProba(row(i)))[0]!;
      // Exactly the forward pass's answer, and within 1e-5 of the graph's.
      expect(served).toBe(m.inference().predictProba(row(i))[0]);
      expect(Math.abs(served - graph[i]!)).toBeLessThan(1e-5);
      if (served !== graph[i]) differs += 1;
    }
    expect(differs, 'float32 graph and forward pass round differently somewhere').toBeGreaterThan(0);
    // New weights: the serving copy follows them (no stale engine).
    const before = (await m.predictProba(row(0)))[0]!;
    const other = windows(160, 6, 3, 9);
    await m.fit(other.X, other.y);
    const after = (await m.predictProba(row(0)))[0]!;
    expect(after).not.toBe(before);
    expect(Math.abs(after - (await m.predictProba(probe))[0]!)).toBeLessThan(1e-5);
    m.dispose();
  }, 60_000);

  it('refuses an untrained model', () => {
    expect(() =>
      new LstmAttentionModel({ steps: 2, features: 1, units: 2, heads: 1, keyDim: 2 }).inference(),
    ).toThrow(expect.objectContaining({ code: 'MODEL_NOT_TRAINED' }));
  });
});
