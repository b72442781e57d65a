import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { loadModel } from './loadModel.js';
import { matrix } from './Model.js';

describe('LogisticRegressionModel', () => {
  it('recovers the closed-form MLE of a binary feature (log odds ratio) with l2 = 0', async () => {
    // x = 0: 30 up / 70 down; x = 1: 60 up / 40 down.
    const x: number[] = [];
    const y: number[] = [];
    const add = (xv: number, ones: number, zeros: number) => {
      for (let i = 0; i < ones; i++) {
        x.push(xv);
        y.push(1);
      }
      for (let i = 0; i < zeros; i++) {
        x.push(xv);
        y.push(0);
      }
    };
    add(0, 30, 70);
    add(1, 60, 40);
    const m = new LogisticRegressionModel({ l2: 0 });
    await m.fit(matrix(Float64Array.from(x), x.length, 1), y);
    const [b0, b1] = m.coefficients();
    expect(b0).toBeCloseTo(Math.log(30 / 70), 9);
    expect(b1).toBeCloseTo(Math.log(60 / 40) - Math.log(30 / 70), 9);
    const p = await m.predictProba(matrix(new Float64Array([0, 1]), 2, 1));
    expect(p[0]).toBeCloseTo(0.3, 9);
    expect(p[1]).toBeCloseTo(0.6, 9);
  });

  it('shrinks weights with l2 and stays finite on separable data', async () => {
    const X = matrix(new Float64Array([-2, -1, 1, 2]), 4, 1);
    const strong = new LogisticRegressionModel({ l2: 0.01 });
    const weak = new LogisticRegressionModel({ l2: 10 });
    await strong.fit(X, [0, 0, 1, 1]);
    await weak.fit(X, [0, 0, 1, 1]);
    expect(Math.abs(weak.coefficients()[1]!)).toBeLessThan(Math.abs(strong.coefficients()[1]!));
    expect(Number.isFinite(strong.coefficients()[1]!)).toBe(true);
  });

  it('fitSync gives the same fit as fit, and throws (not rejects) on bad input', async () => {
    const X = matrix(new Float64Array([0, 1, 1, 0, 2, 2, 3, 1, 1, 3]), 5, 2);
    const a = new LogisticRegressionModel({ l2: 0.5 });
    const b = new LogisticRegressionModel({ l2: 0.5 });
    await a.fit(X, [0, 0, 1, 1, 0]);
    b.fitSync(X, [0, 0, 1, 1, 0]);
    expect([...b.coefficients()]).toEqual([...a.coefficients()]);
    expect(() => b.fitSync(X, [0, 1])).toThrow(/rows|length|labels/i);
  });

  it('saves, loads through loadModel, and rejects bad input', async () => {
    const m = new LogisticRegressionModel({ l2: 0.5, name: 'base' });
    const X = matrix(new Float64Array([0, 1, 1, 0, 2, 2, 3, 1]), 4, 2);
    await m.fit(X, [0, 0, 1, 1]);
    const dir = await mkdtemp(join(tmpdir(), 'logit-'));
    await m.save(dir);
    const back = await loadModel(dir);
    expect(back.kind).toBe('logistic');
    expect(await back.predictProba(X)).toEqual(await m.predictProba(X));
    await expect(m.fit(X, [0, 0, 0, 0])).rejects.toThrow(/both classes/);
    await expect(m.fit(X, [0, 1, 2, 1])).rejects.toThrow(/expected 0 or 1/);
    await expect(m.predictProba(matrix(new Float64Array([1]), 1, 1))).rejects.toThrow(/trained on 2/);
    await expect(new LogisticRegressionModel().predictProba(X)).rejects.toMatchObject({
      code: 'MODEL_NOT_TRAINED',
    });
  });
});

describe('LogisticRegressionModel options and failures', () => {
  it('rejects invalid options, naming the option and the value', () => {
    expect(() => new LogisticRegressionModel({ l2: -5 })).toThrow(/l2 must be a finite number ≥ 0, got -5/);
    expect(() => new LogisticRegressionModel({ l2: Number.NaN })).toThrow(/l2 .* got NaN/);
    expect(() => new LogisticRegressionModel({ maxIterations: 0 })).toThrow(/maxIterations/);
    expect(() => new LogisticRegressionModel({ maxIterations: 2.5 })).toThrow(/maxIterations/);
    expect(() => new LogisticRegressionModel({ tolerance: 0 })).toThrow(/tolerance/);
    expect(() => new LogisticRegressionModel({ tolerance: Number.POSITIVE_INFINITY })).toThrow(/tolerance/);
    expect(() => new LogisticRegressionModel({ l2: -5 })).toThrow(
      expect.objectContaining({ code: 'MODEL_BAD_INPUT' }),
    );
  });

  it('documents and reports its defaults (λ = 1 on standardised weights)', () => {
    expect(new LogisticRegressionModel().describe().params).toEqual({
      l2: 1,
      maxIterations: 50,
      tolerance: 1e-9,
    });
  });

  it('flags convergence in describe(): true on ordinary data, false at the iteration cap on separable data', async () => {
    const ok = new LogisticRegressionModel();
    await ok.fit(matrix(new Float64Array([0, 1, 2, 3, 0.5, 2.5]), 6, 1), [0, 1, 0, 1, 1, 0]);
    expect(ok.describe().fit?.extra).toMatchObject({ converged: true });
    const sep = new LogisticRegressionModel({ l2: 0, maxIterations: 20 });
    await sep.fit(matrix(new Float64Array([-2, -1, 1, 2]), 4, 1), [0, 0, 1, 1]);
    expect(sep.describe().fit?.extra).toMatchObject({ converged: false, iterations: 20 });
  });

  it('throws instead of returning zero coefficients when the Newton system cannot be solved', async () => {
    // Two identical columns and no penalty: the Hessian is singular.
    const x = [0.3, 1.2, -0.7, 2.1, 0.1, -1.4, 0.9, 1.7];
    const data = new Float64Array(x.flatMap((v) => [v, v]));
    const m = new LogisticRegressionModel({ l2: 0 });
    await expect(m.fit(matrix(data, 8, 2), [0, 1, 0, 1, 1, 0, 0, 1])).rejects.toMatchObject({
      code: 'MODEL_TRAIN_FAILED',
    });
    expect(m.trained).toBe(false);
  });
});
