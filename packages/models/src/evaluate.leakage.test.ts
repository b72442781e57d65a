import { describe, expect, it } from 'vitest';
import { type EvaluationData, type EvaluationReport, evaluate } from './evaluate.js';
import { normalRng } from './internal/rng.js';
import { syntheticEvaluationData } from './internal/synthetic.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import type { FitReport, JsonValue, Matrix, Model, ModelDescription } from './Model.js';
import { StackingEnsemble } from './StackingEnsemble.js';

/** Wraps a model and records, per fit, a copy of what it was trained on and how it behaves after. */
class Recorder implements Model {
  readonly kind: string;
  readonly name: string;
  readonly #inner: Model;
  readonly #log: unknown[];
  readonly #probe: Matrix;
  constructor(inner: Model, log: unknown[], probe: Matrix) {
    this.#inner = inner;
    this.kind = inner.kind;
    this.name = inner.name;
    this.#log = log;
    this.#probe = probe;
  }
  get trained(): boolean {
    return this.#inner.trained;
  }
  async fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport> {
    const r = await this.#inner.fit(X, y);
    const { fit: _ignoredTimings, ...description } = this.#inner.describe();
    this.#log.push({
      X: Array.from(X.data),
      y: Array.from(y),
      description,
      // Every fitted parameter shows in the function the model computes on inputs it never saw.
      probe: Array.from(await this.#inner.predictProba(this.#probe)),
    });
    return r;
  }
  predictProba(X: Matrix): Promise<Float64Array> {
    return this.#inner.predictProba(X);
  }
  save(dir: string): Promise<void> {
    return this.#inner.save(dir);
  }
  describe(): ModelDescription {
    return this.#inner.describe();
  }
  dispose(): void {
    this.#inner.dispose();
  }
}

/** Perturbs X, y, forward returns and lagged returns of every row from `from` on. */
function perturbed(data: EvaluationData, from: number, seed: number): EvaluationData {
  const g = normalRng(seed);
  const X = Float64Array.from(data.X.data);
  const L = Float64Array.from(data.laggedReturns.data);
  const y = Float64Array.from(data.y);
  const r = Float64Array.from(data.forwardReturn);
  for (let i = from * data.X.cols; i < X.length; i++) X[i] = 5 * g() + 3;
  for (let i = from * data.laggedReturns.cols; i < L.length; i++) L[i] = 0.01 * g();
  for (let i = from; i < y.length; i++) {
    y[i] = g() > 0 ? 1 : 0;
    r[i] = (y[i] ? 1 : -1) * 0.002;
  }
  return {
    X: { rows: data.X.rows, cols: data.X.cols, data: X },
    y,
    forwardReturn: r,
    laggedReturns: { rows: data.laggedReturns.rows, cols: data.laggedReturns.cols, data: L },
  };
}

const probe: Matrix = {
  rows: 16,
  cols: 2,
  data: Float64Array.from({ length: 32 }, (_, i) => Math.sin(i) * 2),
};

async function run(
  data: EvaluationData,
): Promise<{ report: EvaluationReport; logs: Record<string, unknown[]> }> {
  const logs: Record<string, unknown[]> = { logistic: [], ensemble: [] };
  const report = await evaluate(data, {
    dataset: 'leak',
    horizon: 1,
    mode: 'expanding',
    trainSize: 600,
    testSize: 300,
    models: {
      logistic: () => new Recorder(new LogisticRegressionModel(), logs.logistic!, probe),
      ensemble: () =>
        new Recorder(
          new StackingEnsemble({
            members: [
              { name: 'a', create: () => new LogisticRegressionModel({ l2: 0.1 }) },
              { name: 'b', create: () => new LogisticRegressionModel({ l2: 100 }) },
            ],
            folds: 3,
            purge: 1,
            regimeColumn: 1,
            minRegimeRows: 50,
          }),
          logs.ensemble!,
          probe,
        ),
    },
  });
  return { report, logs };
}

describe('evaluate cannot leak test rows into anything it fits', () => {
  it('perturbing every row after fold k’s training window leaves all of fold k’s fitted parameters unchanged', async () => {
    const data = syntheticEvaluationData(1800, 0.3, 21);
    const base = await run(data);
    expect(base.report.folds).toHaveLength(3);
    for (const fold of base.report.folds) {
      const k = fold.fold.index;
      const other = await run(perturbed(data, fold.fold.trainEnd, 100 + k));
      const f = other.report.folds[k]!;
      // Scaler, baseline parameters, calibrators (fitted on earlier folds only), training inputs
      // and every fitted model parameter (seen through the model's function on a probe).
      expect(f.fitted.scaler, `fold ${k} scaler`).toEqual(fold.fitted.scaler);
      expect(f.fitted.baselines, `fold ${k} baselines`).toEqual(fold.fitted.baselines);
      for (const name of ['logistic', 'ensemble']) {
        expect(other.logs[name]![k], `fold ${k} ${name}`).toEqual(base.logs[name]![k]);
      }
      // Fold k's calibrator is fitted on folds < k, which the perturbation from fold k's training
      // end on may only touch through rows that were still unlabelled at fold k's start.
      expect(f.fitted.calibrators, `fold ${k} calibrators`).toEqual(fold.fitted.calibrators);
      // The test can fail: the perturbation does change what comes after.
      if (k + 1 < base.report.folds.length) {
        expect(other.report.folds[k + 1]!.fitted.scaler).not.toEqual(base.report.folds[k + 1]!.fitted.scaler);
      }
      expect(f.metrics.logistic!.accuracy).not.toEqual(fold.metrics.logistic!.accuracy);
    }
    // Fold 0 has no earlier predictions to calibrate on; later folds do.
    expect(Object.keys(base.report.folds[0]!.fitted.calibrators)).toEqual([]);
    expect(Object.keys(base.report.folds[1]!.fitted.calibrators).sort()).toEqual(['ensemble', 'logistic']);
    const json = base.report.folds[2]!.fitted.calibrators.logistic as unknown as JsonValue;
    expect(json).toBeTruthy();
  }, 120_000);
});
