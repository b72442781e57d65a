import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from './internal/rng.js';
import { type Matrix, sliceRows } from './Model.js';
import { RandomForestModel } from './RandomForestModel.js';
import { TreeWorkerPool } from './TreeWorkerPool.js';
import { XgboostModel } from './XgboostModel.js';

/** A noisy non-linear target over 6 columns. */
function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const X = new Float64Array(n * 6);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 6; j++) X[i * 6 + j] = r() - 0.5;
    y[i] = (X[i * 6]! > 0 === X[i * 6 + 1]! > 0) !== r() < 0.2 ? 1 : 0;
  }
  return { X: { rows: n, cols: 6, data: X }, y };
}

describe('TreeWorkerPool', () => {
  const { X, y } = data(1500, 3);
  const train = sliceRows(X, 0, 1000);
  const yTrain = y.subarray(0, 1000);
  const test = sliceRows(X, 1000, 1500);
  const kinds = [
    [
      'xgboost',
      (workers?: TreeWorkerPool) =>
        new XgboostModel({ rounds: 40, maxDepth: 3, seed: 5, ...(workers ? { workers } : {}) }),
    ],
    [
      'random-forest',
      (workers?: TreeWorkerPool) =>
        new RandomForestModel({ trees: 30, maxDepth: 4, seed: 5, ...(workers ? { workers } : {}) }),
    ],
  ] as const;

  it.each(kinds)(
    '%s fitted on a worker predicts exactly as fitted on the calling thread',
    async (_k, make) => {
      const workers = new TreeWorkerPool({ size: 2, cacheSize: 0 });
      try {
        const local = make();
        const remote = make(workers);
        const [a, b] = await Promise.all([local.fit(train, yTrain), remote.fit(train, yTrain)]);
        expect(b.trainLoss).toBe(a.trainLoss);
        const p = await local.predictProba(test);
        expect(Array.from(await remote.predictProba(test))).toEqual(Array.from(p));
        // And the models really are trained (not a constant), and differ from another seed's.
        expect(new Set(p).size).toBeGreaterThan(10);
        expect(workers.stats()).toMatchObject({ trained: 1, cacheHits: 0, workers: 1 });
        local.dispose();
        remote.dispose();
      } finally {
        await workers.close();
      }
    },
  );

  it('trains several models at once, each equal to its own sequential fit', async () => {
    const workers = new TreeWorkerPool({ size: 2, cacheSize: 0 });
    try {
      const seeds = [1, 2, 3, 4];
      const sequential: Float64Array[] = [];
      for (const seed of seeds) {
        const m = new RandomForestModel({ trees: 20, maxDepth: 4, seed });
        await m.fit(train, yTrain);
        sequential.push(await m.predictProba(test));
        m.dispose();
      }
      const parallel = await Promise.all(
        seeds.map(async (seed) => {
          const m = new RandomForestModel({ trees: 20, maxDepth: 4, seed, workers });
          await m.fit(train, yTrain);
          const p = await m.predictProba(test);
          m.dispose();
          return p;
        }),
      );
      parallel.forEach((p, i) => {
        expect(Array.from(p), `seed ${seeds[i]}`).toEqual(Array.from(sequential[i]!));
      });
      expect(Array.from(parallel[0]!)).not.toEqual(Array.from(parallel[1]!));
      expect(workers.stats()).toMatchObject({ trained: 4, workers: 2 });
    } finally {
      await workers.close();
    }
  });

  it('answers an identical fit from its cache, and only an identical one', async () => {
    const workers = new TreeWorkerPool({ size: 1 });
    try {
      // Determinism is what makes the cache exact: two fresh fits give the same booster bytes.
      const a = new XgboostModel({
        rounds: 30,
        seed: 9,
        workers: new TreeWorkerPool({ size: 1, cacheSize: 0 }),
      });
      const make = (seed: number) => new XgboostModel({ rounds: 30, seed, workers });
      const m1 = make(9);
      const m2 = make(9);
      const m3 = make(10);
      await Promise.all([
        m1.fit(train, yTrain),
        m2.fit(train, yTrain),
        m3.fit(train, yTrain),
        a.fit(train, yTrain),
      ]);
      expect(workers.stats()).toMatchObject({ trained: 2, cacheHits: 1 });
      const p1 = await m1.predictProba(test);
      expect(Array.from(await m2.predictProba(test))).toEqual(Array.from(p1));
      expect(Array.from(await a.predictProba(test))).toEqual(Array.from(p1));
      expect(Array.from(await m3.predictProba(test))).not.toEqual(Array.from(p1));
      // Other labels are another fit.
      const flipped = Uint8Array.from(yTrain, (v, i) => (i === 0 ? 1 - v : v));
      const m4 = make(9);
      await m4.fit(train, flipped);
      expect(workers.stats()).toMatchObject({ trained: 3, cacheHits: 1 });
      for (const m of [a, m1, m2, m3, m4]) m.dispose();
    } finally {
      await workers.close();
    }
  });

  it('reports a failed fit as MODEL_TRAIN_FAILED and rejects bad options', async () => {
    expect(() => new TreeWorkerPool({ size: 0 })).toThrow(/size must be an integer/);
    expect(() => new TreeWorkerPool({ cacheSize: -1 })).toThrow(/cacheSize/);
    const workers = new TreeWorkerPool({ size: 1 });
    await workers.close();
    await expect(workers.train(new Float32Array(4), new Float32Array(2), 2, 2, {}, 1)).rejects.toMatchObject({
      code: 'MODEL_BAD_INPUT',
    });
  });

  // The built package starts dist/xgboostWorker.js (npm test builds before testing; skipped in a
  // tree that was never built). Run as a consumer would: plain node importing dist/index.js.
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  it.skipIf(!existsSync(`${dist}xgboostWorker.js`))('works from the built package', () => {
    const script = `
      import { RandomForestModel, TreeWorkerPool, XgboostModel } from ${JSON.stringify(`${dist}index.js`)};
      const n = 400, X = new Float64Array(n * 3), y = new Uint8Array(n);
      let s = 1; const r = () => ((s = (s * 48271) % 2147483647) / 2147483647);
      for (let i = 0; i < n; i++) { const a = r() - 0.5, b = r() - 0.5; X.set([a, b, r()], i * 3); y[i] = (a > 0) === (b > 0) ? 1 : 0; }
      const M = { rows: n, cols: 3, data: X };
      const workers = new TreeWorkerPool({ size: 2, cacheSize: 0 });
      const out = [];
      for (const make of [(w) => new XgboostModel({ rounds: 20, seed: 3, ...w }), (w) => new RandomForestModel({ trees: 15, seed: 3, ...w })]) {
        const local = make({}), remote = make({ workers });
        await Promise.all([local.fit(M, y), remote.fit(M, y)]);
        const a = await local.predictProba(M), b = await remote.predictProba(M);
        out.push(a.every((v, j) => v === b[j]) && new Set(a).size > 5);
      }
      await workers.close();
      console.log(JSON.stringify({ identical: out, stats: workers.stats() }));`;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 50_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(result.identical).toEqual([true, true]);
    expect(result.stats).toMatchObject({ trained: 2, workers: 1 }); // one remote fit at a time here
  });
});
