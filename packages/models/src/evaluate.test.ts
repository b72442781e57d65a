import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { evaluationToMarkdown } from './evaluationToMarkdown.js';
import { mulberry32 } from './internal/rng.js';
import { syntheticEvaluationData } from './internal/synthetic.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { prepareEvaluationData } from './prepareEvaluationData.js';

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

describe('baselines that explain a reversal, printed first', () => {
  it('scores the contrarian rule, shows previous-direction as its unclamped inverse, and marks a model not above the best baseline', async () => {
    const n = 3000;
    const r = mulberry32(33);
    const lagged = new Float64Array(n * 2);
    const y = new Float64Array(n);
    const fwd = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const last = r() - 0.5;
      lagged.set([last, r() - 0.5], i * 2);
      y[i] = last > 0 !== r() < 0.7 ? 1 : 0; // 70% of moves reverse the last one
      fwd[i] = (y[i] ? 1 : -1) * 0.001;
    }
    const noise = Float64Array.from({ length: n * 2 }, () => r() - 0.5);
    const data = {
      X: { rows: n, cols: 2, data: noise },
      y,
      forwardReturn: fwd,
      laggedReturns: { rows: n, cols: 2, data: lagged },
    };
    const report = await evaluate(data, { ...common, dataset: 'reversal', trainSize: 1000, testSize: 1000 });
    const contra = report.overall.contrarian!;
    const prev = report.overall['previous-direction']!;
    expect(contra.accuracy.lower).toBeGreaterThan(0.66);
    expect(contra.accuracy.successes + prev.accuracy.successes).toBe(contra.scored);
    // Unclamped: previous-direction's probability is the training reversal rate, so it is as
    // informative in log loss as the contrarian rule (a clamp at 0.5 + ε gave ln 2).
    expect(prev.logLoss).toBeCloseTo(contra.logLoss, 12);
    expect(prev.logLoss).toBeLessThan(0.66);
    expect(report.folds[0]!.fitted.baselines.reversalRate).toBeGreaterThan(0.65);
    expect(report.bestBaseline).toBe('contrarian');
    expect(report.beatsBestBaseline.logistic).toBe(false);
    const md = evaluationToMarkdown(report);
    const rows = md.split('\n').filter((l) => l.startsWith('| '));
    const idx = (s: string) => rows.findIndex((l) => l.startsWith(`| ${s}`));
    expect(idx('always-long (baseline)')).toBeLessThan(idx('logistic |'));
    expect(idx('contrarian (baseline)')).toBeLessThan(idx('logistic |'));
    expect(rows[idx('logistic |')]).toContain('✗ not above');
    expect(md).toMatch(/previous-direction` is the `contrarian` rule inverted/);
  });

  it('does not mark a model that clears the best baseline', async () => {
    const report = await evaluate(syntheticEvaluationData(4600, 0.3, 7), { ...common, dataset: 'signal' });
    expect(report.beatsBestBaseline.logistic).toBe(true);
    expect(evaluationToMarkdown(report)).toContain('✓ above');
  });
});

describe('sample accounting and flat bars', () => {
  it('keeps unchanged closes as no-trade samples and counts every dropped bar by reason', () => {
    const close = Float64Array.from([100, 101, 101, 101, 102, 100, 100, 103, 104]);
    const feat = Float64Array.from([Number.NaN, 1, 2, 3, 4, 5, 6, 7, 8]);
    const d = prepareEvaluationData({
      close,
      features: { rows: 9, cols: 1, data: feat },
      horizon: 1,
      lags: 1,
    });
    expect(Array.from(d.barIndex)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(d.y)).toEqual([Number.NaN, Number.NaN, 1, 0, Number.NaN, 1, 1]);
    expect(d.forwardReturn[0]).toBe(0);
    expect(d.accounting).toEqual({
      bars: 9,
      samples: 7,
      flat: 3,
      flatMode: 'no-trade',
      dropped: { incompleteFeatures: 1, timeGap: 0, nonPositivePrice: 0, noFuture: 1, flat: 0 },
    });
    const dropped = prepareEvaluationData({
      close,
      features: { rows: 9, cols: 1, data: feat },
      horizon: 1,
      lags: 1,
      flat: 'drop',
    });
    expect(Array.from(dropped.barIndex)).toEqual([3, 4, 6, 7]);
    expect(dropped.accounting.dropped.flat).toBe(3);
    expect(() =>
      prepareEvaluationData({ close, features: { rows: 9, cols: 1, data: feat }, horizon: 0 }),
    ).toThrow(/horizon must be an integer ≥ 1, got 0/);
  });

  it('never trains on flat rows, scores direction on moved rows only, and charges every position change', async () => {
    const base = syntheticEvaluationData(2600, 0.3, 5);
    const y = Float64Array.from(base.y);
    const fwd = Float64Array.from(base.forwardReturn);
    for (let i = 0; i < y.length; i += 3) {
      y[i] = Number.NaN;
      fwd[i] = 0;
    }
    const seen: number[][] = [];
    const cost = 1e-4;
    const report = await evaluate(
      { ...base, y, forwardReturn: fwd },
      {
        ...common,
        dataset: 'flat',
        costPerUnit: cost,
        models: {
          // Alternates long/short on every row, whatever the label: every row is a position change.
          flipper: () => {
            const m = new LogisticRegressionModel();
            const fit = m.fit.bind(m);
            m.fit = async (X, yy) => {
              seen.push(Array.from(yy));
              return fit(X, yy);
            };
            m.predictProba = async (X) =>
              Float64Array.from({ length: X.rows }, (_, i) => (i % 2 ? 0.3 : 0.7));
            return m;
          },
        },
      },
    );
    for (const labels of seen) expect(labels.every((v) => v === 0 || v === 1)).toBe(true);
    const m = report.overall.flipper!;
    const tested = report.folds.reduce((s, f) => s + f.fold.testEnd - f.fold.testStart, 0);
    expect(m.scored + m.flat).toBe(tested);
    expect(m.flat).toBeGreaterThan(tested / 4);
    expect(m.accuracy.n).toBe(m.scored);
    expect(m.noCalls).toBe(0);
    // Flat rows are wrong in the three-way score when a call is made there.
    expect(m.threeWayAccuracy.successes).toBe(m.accuracy.successes);
    expect(m.threeWayAccuracy.n).toBe(tested);
    // One unit in at the first row, then a 2-unit reversal at every other row, flat rows included.
    expect(m.pnl.trades).toBe(tested);
    expect(m.pnl.costs).toBeCloseTo(cost * (1 + 2 * (tested - 1)), 12);
    const md = evaluationToMarkdown(report);
    expect(md).toMatch(new RegExp(`Test rows: ${tested}, of which ${m.scored} scored`));
  });
});

describe('out-of-sample calibration in the report', () => {
  it('fits fold k’s calibrator on earlier folds only and reports Brier and reliability before and after', async () => {
    const report = await evaluate(syntheticEvaluationData(4600, 0.3, 11), { ...common, dataset: 'cal' });
    const c = report.calibration.logistic!;
    const later = report.folds.slice(1).reduce((s, f) => s + f.metrics.logistic!.scored, 0);
    expect(c.rows).toBe(later);
    expect(c.reliabilityRaw.reduce((s, b) => s + b.count, 0)).toBe(later);
    expect(c.reliabilityCalibrated.reduce((s, b) => s + b.count, 0)).toBe(later);
    expect(Number.isFinite(c.brierRaw) && Number.isFinite(c.brierCalibrated)).toBe(true);
    expect(Math.abs(c.brierCalibrated - c.brierRaw)).toBeLessThan(0.02);
    expect(evaluationToMarkdown(report)).toMatch(/\| logistic \| \d+ \| 0\.\d{4} \| 0\.\d{4} \|/);
  });
});
