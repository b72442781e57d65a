import { describe, expect, it } from 'vitest';
import { type EvaluationReport, evaluate } from './evaluate.js';
import { normalRng } from './internal/rng.js';
import { syntheticEvaluationData } from './internal/synthetic.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import type { FitReport, Matrix, Model } from './Model.js';
import { RandomForestModel } from './RandomForestModel.js';
import { StackingEnsemble } from './StackingEnsemble.js';
import { TreeWorkerPool } from './TreeWorkerPool.js';
import { XgboostModel } from './XgboostModel.js';

// The parallel path (tree fits on worker threads, several fits in flight) must give exactly the
// results of the sequential one: the same predictions, member reports and evaluation report.

function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const g = normalRng(seed);
  const X = new Float64Array(n * 4);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c, v] = [g(), g(), g(), Math.abs(g())];
    X.set([a, b, c, v], i * 4);
    y[i] = (v > 1 ? (b > 0 === c > 0 ? 1 : -1) : a) + 0.7 * g() > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: 4, data: X }, y };
}

/** Fails when trained on more than `maxRows` rows: in the later out-of-fold blocks only. */
class FailsOnLargeData implements Model {
  readonly kind = 'fails-on-large-data';
  readonly name = 'fails';
  readonly trained = false;
  constructor(private readonly maxRows: number) {}
  async fit(X: Matrix): Promise<FitReport> {
    await new Promise((r) => setTimeout(r, 5));
    if (X.rows > this.maxRows) throw new Error(`too many rows: ${X.rows}`);
    return { kind: this.kind, samples: X.rows, durationMs: 0 };
  }
  async predictProba(X: Matrix): Promise<Float64Array> {
    return new Float64Array(X.rows).fill(0.5);
  }
  async save(): Promise<void> {}
  describe() {
    return { kind: this.kind, name: this.name, trained: false, params: {} };
  }
  dispose(): void {}
}

function ensemble(workers: TreeWorkerPool | undefined, concurrency: number, failAbove = Infinity) {
  const w = workers ? { workers } : {};
  return new StackingEnsemble({
    members: [
      { name: 'logistic', create: () => new LogisticRegressionModel() },
      { name: 'xgb', create: () => new XgboostModel({ rounds: 30, maxDepth: 3, seed: 2, ...w }) },
      { name: 'rf', create: () => new RandomForestModel({ trees: 25, maxDepth: 4, seed: 2, ...w }) },
      { name: 'fails', create: () => new FailsOnLargeData(failAbove) },
    ],
    folds: 3,
    purge: 1,
    regimeColumn: 3,
    concurrency,
  });
}

const withoutTimes = (x: unknown) =>
  JSON.parse(
    JSON.stringify(x, (k, v) => (k === 'durationMs' || k === 'timings' || k === 'fit' ? undefined : v)),
  );

describe('parallel fits equal the sequential path', () => {
  const { X, y } = data(1600, 4);
  const test: Matrix = { rows: 400, cols: 4, data: X.data.subarray(1200 * 4) };
  const train: Matrix = { rows: 1200, cols: 4, data: X.data.subarray(0, 1200 * 4) };
  const yTrain = y.subarray(0, 1200);

  it('StackingEnsemble: same predictions, weights and failure reasons with workers and concurrency 4', async () => {
    const workers = new TreeWorkerPool({ size: 2, cacheSize: 0 });
    try {
      // The failing member trains fine on the first out-of-fold block (300 rows), fails from the second.
      const seq = ensemble(undefined, 1, 400);
      const par = ensemble(workers, 4, 400);
      await seq.fit(train, yTrain);
      await par.fit(train, yTrain);
      expect(withoutTimes(par.members())).toEqual(withoutTimes(seq.members()));
      const failed = seq.members().find((m) => m.name === 'fails')!;
      expect(failed.status).toBe('failed');
      expect(failed.reason).toMatch(/^fold 2: too many rows/);
      const p = await seq.predictProba(test);
      expect(Array.from(await par.predictProba(test))).toEqual(Array.from(p));
      // 3 out-of-fold blocks × 2 tree members, then a final fit of each tree member still active.
      const activeTrees = seq.members().filter((m) => m.name !== 'logistic' && m.status === 'active');
      expect(workers.stats().trained).toBe(6 + activeTrees.length);
      seq.dispose();
      par.dispose();
    } finally {
      await workers.close();
    }
  });

  it('evaluate(): the same report (timings aside) with workers, concurrency and the booster cache', async () => {
    const d = syntheticEvaluationData(2400, 0.3, 5);
    const run = async (
      workers: TreeWorkerPool | undefined,
      concurrency: number,
    ): Promise<EvaluationReport> => {
      const w = workers ? { workers } : {};
      const xgb = () => new XgboostModel({ rounds: 20, maxDepth: 2, seed: 1, ...w });
      return evaluate(d, {
        dataset: 'synthetic',
        models: {
          logistic: () => new LogisticRegressionModel(),
          xgboost: xgb,
          ensemble: () =>
            new StackingEnsemble({
              members: [
                { name: 'logistic', create: () => new LogisticRegressionModel() },
                { name: 'xgboost', create: xgb },
              ],
              folds: 2,
              purge: 1,
              concurrency,
            }),
        },
        horizon: 1,
        mode: 'expanding',
        trainSize: 1000,
        testSize: 600,
        concurrency,
      });
    };
    const workers = new TreeWorkerPool({ size: 2 });
    try {
      const seq = await run(undefined, 1);
      const par = await run(workers, 3);
      expect(withoutTimes(par)).toEqual(withoutTimes(seq));
      // The ensemble's final xgboost refit is the standalone xgboost fit of the same fold: cached.
      expect(workers.stats().cacheHits).toBeGreaterThanOrEqual(2);
      expect(Object.keys(par.folds[0]!.timings)).toEqual(['logistic', 'xgboost', 'ensemble']);
    } finally {
      await workers.close();
    }
    await expect(run(undefined, 0)).rejects.toThrow(/concurrency must be an integer/);
  });
});
