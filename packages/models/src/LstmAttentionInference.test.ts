import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalRng } from './internal/rng.js';
import { LstmAttentionModel } from './LstmAttentionModel.js';
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

beforeAll(async () => {
  await initTfBackend();
});

describe('LstmAttentionInference (fused batch-1 forward pass)', () => {
  it('equals tfjs within 1e-5 on a small trained model, also after save/load', async () => {
    const m = new LstmAttentionModel({
      steps: 6,
      features: 3,
      units: 12,
      heads: 3,
      keyDim: 4,
      epochs: 3,
      batchSize: 16,
      seed: 3,
    });
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
    const probe = windows(8, 20, 8, 6).X;
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

  it('refuses an untrained model', () => {
    expect(() =>
      new LstmAttentionModel({ steps: 2, features: 1, units: 2, heads: 1, keyDim: 2 }).inference(),
    ).toThrow(expect.objectContaining({ code: 'MODEL_NOT_TRAINED' }));
  });
});
