import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './internal/rng.js';
import { loadModel } from './loadModel.js';
import { type Matrix, sliceRows } from './Model.js';
import { directionalAccuracy } from './metrics.js';
import { RandomForestModel } from './RandomForestModel.js';
import { XgboostModel } from './XgboostModel.js';

/** An XOR-style target no linear model can learn: label = sign(x0) == sign(x1). */
function xorData(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const data = new Float64Array(n * 3);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = r() - 0.5;
    const b = r() - 0.5;
    data.set([a, b, r()], i * 3);
    y[i] = a > 0 === b > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: 3, data }, y };
}

describe.each([
  ['xgboost', () => new XgboostModel({ rounds: 60, maxDepth: 3, eta: 0.3, seed: 7 })],
  ['random-forest', () => new RandomForestModel({ trees: 40, maxDepth: 4, seed: 7 })],
] as const)('%s', (kind, make) => {
  const { X, y } = xorData(1200, 11);
  const train = sliceRows(X, 0, 800);
  const test = sliceRows(X, 800, 1200);
  const yTrain = y.subarray(0, 800);
  const yTest = y.subarray(800);

  it('learns a non-linear (XOR) target out of sample', async () => {
    const m = make();
    const report = await m.fit(train, yTrain);
    expect(report.kind).toBe(kind);
    const acc = directionalAccuracy(await m.predictProba(test), yTest);
    expect(acc.lower).toBeGreaterThan(0.85);
    m.dispose();
  });

  it('is deterministic for a seed and round-trips through save/load', async () => {
    const a = make();
    const b = make();
    await a.fit(train, yTrain);
    await b.fit(train, yTrain);
    const pa = await a.predictProba(test);
    expect(await b.predictProba(test)).toEqual(pa);
    const dir = await mkdtemp(join(tmpdir(), `${kind}-`));
    await a.save(dir);
    const back = await loadModel(dir);
    expect(back.kind).toBe(kind);
    expect(back.describe().params).toEqual(a.describe().params);
    expect(await back.predictProba(test)).toEqual(pa);
    a.dispose();
    b.dispose();
    back.dispose();
  });

  it('refuses a tampered booster file and mismatched input width', async () => {
    const m = make();
    await m.fit(train, yTrain);
    const dir = await mkdtemp(join(tmpdir(), `${kind}-bad-`));
    await m.save(dir);
    await writeFile(join(dir, 'booster.bin'), new Uint8Array([1, 2, 3]));
    await expect(loadModel(dir)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' });
    await expect(m.predictProba({ rows: 1, cols: 2, data: new Float64Array(2) })).rejects.toThrow(
      /trained on 3/,
    );
    m.dispose();
    await expect(m.predictProba(test)).rejects.toMatchObject({ code: 'MODEL_NOT_TRAINED' });
  });
});
