import { describe, expect, it } from 'vitest';
import { evaluate, evaluationToMarkdown, prepareEvaluationData } from './evaluate.js';
import { mulberry32 } from './internal/rng.js';
import { syntheticEvaluationData } from './internal/synthetic.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';

const common = {
  models: { logistic: () => new LogisticRegressionModel() },
  horizon: 1,
  mode: 'expanding' as const,
  trainSize: 1500,
  testSize: 1000,
};

describe('evaluate (sanity of the evaluation code itself)', () => {
  it('detects a planted, learnable signal well above every baseline', async () => {
    const data = syntheticEvaluationData(4600, 0.3, 7);
    const report = await evaluate(data, { ...common, dataset: 'planted signal' });
    expect(report.folds).toHaveLength(3);
    const model = report.overall.logistic!;
    // corr 0.3 between feature and return → P(correct sign) = 1/2 + asin(0.3)/π ≈ 0.597.
    expect(model.accuracy.lower).toBeGreaterThan(0.56);
    for (const b of report.baselines) {
      expect(model.accuracy.value).toBeGreaterThan(report.overall[b]!.accuracy.upper);
    }
    expect(model.logLoss).toBeLessThan(report.overall['always-long']!.logLoss);
    expect(model.pnl.totalReturn).toBeGreaterThan(0);
  });

  it('puts a pure random walk at chance: 50% inside every 95% interval', async () => {
    const data = syntheticEvaluationData(4600, 0, 8);
    const report = await evaluate(data, { ...common, dataset: 'random walk' });
    for (const name of ['logistic', ...report.baselines]) {
      const acc = report.overall[name]!.accuracy;
      expect(acc.lower, name).toBeLessThan(0.5);
      expect(acc.upper, name).toBeGreaterThan(0.5);
      expect(acc.n).toBe(3000);
    }
    const md = evaluationToMarkdown(report);
    expect(md).toContain('always-long (baseline)');
    expect(md).toContain('logistic-lagged-returns (baseline)');
    expect(md.split('\n').filter((l) => l.startsWith('| 0 |') || l.startsWith('| 2 |'))).toHaveLength(2);
  });

  it('refuses a purge shorter than the label horizon and reports failing models', async () => {
    const data = syntheticEvaluationData(3000, 0.2, 9);
    await expect(evaluate(data, { ...common, dataset: 'x', horizon: 3, purge: 1 })).rejects.toThrow(/purge/);
    const report = await evaluate(data, {
      ...common,
      dataset: 'x',
      models: {
        broken: () => {
          const m = new LogisticRegressionModel();
          m.fit = async () => {
            throw new Error('boom');
          };
          return m;
        },
      },
    });
    expect(report.folds[0]!.errors.broken).toBe('boom');
    expect(report.overall.broken).toBeUndefined();
    expect(evaluationToMarkdown(report)).toMatch(/broken \| failed/);
  });
});

describe('baselines', () => {
  it('previous-direction and logistic-on-lags see a planted reversal; always-long sees the up-rate', async () => {
    const n = 3000;
    const r = mulberry32(12);
    const lagged = new Float64Array(n * 2);
    const y = new Uint8Array(n);
    const fwd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // A third of the bars are unchanged: the baseline must look past them to the last move.
      const last = r() < 1 / 3 ? 0 : r() - 0.5;
      const before = r() - 0.5;
      lagged.set([last, before], i * 2);
      const moved = last !== 0 ? last : before;
      const reverse = r() < 0.8;
      y[i] = moved > 0 !== reverse ? 1 : 0;
      fwd[i] = (y[i] ? 1 : -1) * 0.001;
    }
    const data = {
      X: { rows: n, cols: 2, data: lagged },
      y,
      forwardReturn: fwd,
      laggedReturns: { rows: n, cols: 2, data: lagged },
    };
    const report = await evaluate(data, {
      ...common,
      models: {},
      dataset: 'reversal',
      trainSize: 1000,
      testSize: 1000,
    });
    const prev = report.overall['previous-direction']!.accuracy;
    expect(prev.upper).toBeLessThan(0.27);
    expect(prev.lower).toBeGreaterThan(0.15);
    // Logistic on the lags learns the reversal from the latest non-zero lag only partly (it is linear
    // in both lags), but must be far above chance.
    expect(report.overall['logistic-lagged-returns']!.accuracy.lower).toBeGreaterThan(0.65);
    const long = report.overall['always-long']!;
    expect(long.accuracy.value).toBeCloseTo(
      report.folds.reduce((s, f) => s + f.testUpRate, 0) / report.folds.length,
      10,
    );
    expect(long.pnl.trades).toBe(1);
  });
});

describe('prepareEvaluationData', () => {
  it('aligns features ≤ t with labels at t + h and skips warm-up and unchanged bars', () => {
    const close = Float64Array.from([100, 101, 101, 102, 100, 103, 104]);
    const feat = Float64Array.from([Number.NaN, 1, 2, 3, 4, 5, 6]);
    const d = prepareEvaluationData({
      close,
      features: { rows: 7, cols: 1, data: feat },
      horizon: 1,
      sequenceLength: 2,
      lags: 1,
    });
    // t = 1 has 101→101 unchanged; t = 2..5 valid (t = 6 has no future bar).
    expect(Array.from(d.barIndex)).toEqual([2, 3, 4, 5]);
    expect(Array.from(d.X.data)).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
    expect(Array.from(d.y)).toEqual([1, 0, 1, 1]);
    expect(d.forwardReturn[0]).toBeCloseTo(102 / 101 - 1, 12);
    expect(d.laggedReturns.data[1]).toBeCloseTo(Math.log(102 / 101), 12);
  });
});
