import { MinhosError } from '@minhos/core';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { labels as makeLabels } from './labels.js';
import type { Matrix, Model } from './Model.js';
import {
  brierScore,
  directionalAccuracy,
  logLoss,
  type Proportion,
  type StrategyPnl,
  strategyPnl,
} from './metrics.js';
import { type Fold, type WalkForwardMode, walkForwardSplits } from './walkForward.js';

/** Aligned samples for {@link evaluate}: row i of every field describes the same prediction time. */
export interface EvaluationData {
  /** Model inputs, one row per sample (flattened windows for sequence models). */
  readonly X: Matrix;
  /** 1 = price went up over the horizon, 0 = down. */
  readonly y: ArrayLike<number>;
  /** The simple return over the horizon (fractional), for the P&L. */
  readonly forwardReturn: ArrayLike<number>;
  /** Recent one-bar log returns known at prediction time: column 0 = latest. Feeds the baselines. */
  readonly laggedReturns: Matrix;
  /** Bar time of each sample (µs since epoch), for reporting date ranges. */
  readonly time?: ArrayLike<number>;
}

/** Options of {@link prepareEvaluationData}. */
export interface PrepareEvaluationOptions {
  /** Closes, one per bar. */
  readonly close: Float64Array;
  /** Per-bar features aligned with `close` (warm-up rows may hold NaN; they are skipped). */
  readonly features: Matrix;
  /** Label horizon in bars. */
  readonly horizon: number;
  /** Window length: > 1 flattens `sequenceLength` consecutive feature rows per sample (LSTM input). Default 1. */
  readonly sequenceLength?: number;
  /** Lagged one-bar returns for the baselines. Default 5. */
  readonly lags?: number;
  /** Bar times (µs), copied per sample. */
  readonly time?: Float64Array;
  /** Drop samples whose window spans a time gap above this many µs (needs `time`). */
  readonly maxGapUs?: number;
}

/**
 * Builds {@link EvaluationData} from bars' closes and a per-bar feature matrix, leak-free: the
 * features and lagged returns of sample t use bars ≤ t; the label and forward return use bar
 * t + horizon. Bars whose move over the horizon is exactly zero (common on a tick grid) carry no
 * direction and are dropped, as are warm-up rows and the last `horizon` bars.
 *
 * @example
 * ```ts
 * import { FeaturePipeline, prepareEvaluationData } from '@minhos/models';
 * // const f = new FeaturePipeline().compute(bars);
 * // const data = prepareEvaluationData({ close: bars.close, features: f, horizon: 1, sequenceLength: 20, time: f.time });
 * ```
 */
export function prepareEvaluationData(options: PrepareEvaluationOptions): EvaluationData & {
  /** Bar index of each sample. */
  readonly barIndex: Int32Array;
} {
  const { close, features, horizon } = options;
  const L = options.sequenceLength ?? 1;
  const lags = options.lags ?? 5;
  if (features.rows !== close.length) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `prepareEvaluationData: features has ${features.rows} rows but close has ${close.length} bars`,
    );
  }
  const lab = makeLabels(close, { horizon, returnKind: 'simple' });
  const F = features.cols;
  const keep: number[] = [];
  const start = Math.max(L - 1, lags);
  for (let t = start; t < close.length; t++) {
    const d = lab.direction[t]!;
    if (!Number.isFinite(d)) continue;
    let ok = true;
    for (let r = t - L + 1; r <= t && ok; r++) {
      for (let c = 0; c < F; c++) {
        if (!Number.isFinite(features.data[r * F + c])) {
          ok = false;
          break;
        }
      }
      if (ok && options.maxGapUs !== undefined && options.time && r > t - L + 1) {
        if (options.time[r]! - options.time[r - 1]! > options.maxGapUs) ok = false;
      }
    }
    for (let k = 0; k < lags && ok; k++) if (!(close[t - k]! > 0 && close[t - k - 1]! > 0)) ok = false;
    if (ok) keep.push(t);
  }
  const n = keep.length;
  const X = new Float64Array(n * L * F);
  const lagged = new Float64Array(n * lags);
  const y = new Uint8Array(n);
  const fwd = new Float64Array(n);
  const time = new Float64Array(n);
  const barIndex = new Int32Array(n);
  keep.forEach((t, i) => {
    X.set(features.data.subarray((t - L + 1) * F, (t + 1) * F), i * L * F);
    for (let k = 0; k < lags; k++) lagged[i * lags + k] = Math.log(close[t - k]! / close[t - k - 1]!);
    y[i] = lab.direction[t]!;
    fwd[i] = lab.forwardReturn[t]!;
    time[i] = options.time?.[t] ?? t;
    barIndex[i] = t;
  });
  return {
    X: { rows: n, cols: L * F, data: X },
    y,
    forwardReturn: fwd,
    laggedReturns: { rows: n, cols: lags, data: lagged },
    time,
    barIndex,
  };
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Dataset label for the report. */
  readonly dataset: string;
  /** Models under test, as factories (a fresh model per fold). */
  readonly models: Readonly<Record<string, () => Model>>;
  /** Label horizon in rows; the purge gap must be at least this. */
  readonly horizon: number;
  readonly mode: WalkForwardMode;
  readonly trainSize: number;
  readonly testSize: number;
  /** Rows between train and test. Default = `horizon`. Smaller is rejected. */
  readonly purge?: number;
  readonly step?: number;
  readonly maxFolds?: number;
  /** Standardise `X` per fold with the training rows' mean/std (leak-free). Default true. */
  readonly standardize?: boolean;
  /** Cost per unit of position change, fractional (see {@link strategyPnl}). Default 0. */
  readonly costPerUnit?: number;
  /** Called after each fold (progress). */
  readonly onFold?: (fold: FoldResult) => void;
}

/** Metrics of one model on one set of predictions. */
export interface MetricSet {
  readonly n: number;
  /** Directional accuracy with its 95% Wilson interval. */
  readonly accuracy: Proportion;
  readonly logLoss: number;
  readonly brier: number;
  readonly pnl: StrategyPnl;
}

/** One fold's results. */
export interface FoldResult {
  readonly fold: Fold;
  /** First/last test sample time (µs), when times were given. */
  readonly testFrom?: number;
  readonly testTo?: number;
  /** Share of up labels in training / test rows. */
  readonly trainUpRate: number;
  readonly testUpRate: number;
  /** Per model and baseline. */
  readonly metrics: Readonly<Record<string, MetricSet>>;
  /** Models that threw in this fold (their predictions are missing from the pooled metrics). */
  readonly errors: Readonly<Record<string, string>>;
  /** Wall-clock training and prediction time per model, ms. */
  readonly timings: Readonly<Record<string, { readonly fitMs: number; readonly predictMs: number }>>;
}

/** The full walk-forward report. */
export interface EvaluationReport {
  readonly dataset: string;
  readonly samples: number;
  readonly horizon: number;
  readonly mode: WalkForwardMode;
  readonly purge: number;
  readonly costPerUnit: number;
  readonly models: readonly string[];
  readonly baselines: readonly string[];
  readonly folds: readonly FoldResult[];
  /** Metrics over all test rows of all folds, pooled (P&L summed in time order). */
  readonly overall: Readonly<Record<string, MetricSet>>;
  /** Wall-clock time of the whole evaluation, ms. */
  readonly durationMs: number;
}

/**
 * Names of the baselines {@link evaluate} always reports, in report order.
 *
 * @example
 * ```ts
 * import { BASELINES } from '@minhos/models';
 * BASELINES; // ['always-long', 'previous-direction', 'logistic-lagged-returns']
 * ```
 */
export const BASELINES = ['always-long', 'previous-direction', 'logistic-lagged-returns'] as const;

function metricSet(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  r: ArrayLike<number>,
  cost: number,
): MetricSet {
  return {
    n: p.length,
    accuracy: directionalAccuracy(p, y),
    logLoss: logLoss(p, y),
    brier: brierScore(p, y),
    pnl: strategyPnl(p, r, { costPerUnit: cost }),
  };
}

function slice<T extends ArrayLike<number>>(a: T, from: number, to: number): number[] {
  return Array.prototype.slice.call(a, from, to) as number[];
}

function rowsOf(X: Matrix, from: number, to: number): Matrix {
  return { rows: to - from, cols: X.cols, data: X.data.subarray(from * X.cols, to * X.cols) };
}

function standardize(X: Matrix, fold: Fold): { train: Matrix; test: Matrix } {
  const d = X.cols;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  const n = fold.trainEnd - fold.trainStart;
  for (let r = fold.trainStart; r < fold.trainEnd; r++)
    for (let c = 0; c < d; c++) mean[c]! += X.data[r * d + c]!;
  for (let c = 0; c < d; c++) mean[c]! /= n;
  for (let r = fold.trainStart; r < fold.trainEnd; r++) {
    for (let c = 0; c < d; c++) sd[c]! += (X.data[r * d + c]! - mean[c]!) ** 2;
  }
  for (let c = 0; c < d; c++) sd[c] = sd[c]! > 0 ? Math.sqrt(sd[c]! / n) : 1;
  const apply = (from: number, to: number): Matrix => {
    const out = new Float32Array((to - from) * d);
    for (let r = from; r < to; r++) {
      for (let c = 0; c < d; c++) out[(r - from) * d + c] = (X.data[r * d + c]! - mean[c]!) / sd[c]!;
    }
    return { rows: to - from, cols: d, data: out };
  };
  return { train: apply(fold.trainStart, fold.trainEnd), test: apply(fold.testStart, fold.testEnd) };
}

/**
 * Walk-forward evaluation of direction models against three baselines on the same folds:
 * always-long, previous-bar direction, and logistic regression on lagged returns.
 *
 * For each fold a fresh model is built from its factory, trained on the fold's training rows
 * (standardised with training statistics only), and scored on the test rows after the purge gap.
 * Reports per fold and pooled: directional accuracy with a 95% Wilson interval, log loss, Brier
 * score, and a one-unit long/short P&L net of `costPerUnit`. No figure is hand-written: everything
 * is computed here from the data you pass.
 *
 * Baseline probabilities: always-long predicts the training up-rate, floored just above 0.5 so the
 * call stays long; previous-direction calls the direction of the most recent bar that moved (among
 * the lagged returns) with the training persistence rate (floored above 0.5) as its probability,
 * and makes no call (0.5, a miss) only if none of the lags moved.
 *
 * @example
 * ```ts
 * import { evaluate, LogisticRegressionModel } from '@minhos/models';
 * // const report = await evaluate(data, {
 * //   dataset: 'ES 1m', models: { logit: () => new LogisticRegressionModel() },
 * //   horizon: 1, mode: 'expanding', trainSize: 5000, testSize: 1000,
 * // });
 * ```
 */
export async function evaluate(data: EvaluationData, options: EvaluateOptions): Promise<EvaluationReport> {
  const t0 = performance.now();
  const { X, y, forwardReturn, laggedReturns } = data;
  const n = X.rows;
  if (y.length !== n || forwardReturn.length !== n || laggedReturns.rows !== n) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `evaluate: X (${n}), y (${y.length}), forwardReturn (${forwardReturn.length}) and laggedReturns (${laggedReturns.rows}) must have the same number of rows`,
    );
  }
  const purge = options.purge ?? options.horizon;
  if (purge < options.horizon) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `evaluate: purge (${purge}) must be ≥ horizon (${options.horizon}) or training labels overlap the test window`,
    );
  }
  const folds = walkForwardSplits({
    rows: n,
    mode: options.mode,
    trainSize: options.trainSize,
    testSize: options.testSize,
    purge,
    ...(options.step !== undefined ? { step: options.step } : {}),
    ...(options.maxFolds !== undefined ? { maxFolds: options.maxFolds } : {}),
  });
  const cost = options.costPerUnit ?? 0;
  const modelNames = Object.keys(options.models);
  const names = [...modelNames, ...BASELINES];
  const pooledP: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const pooledY: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const pooledR: Record<string, number[]> = Object.fromEntries(names.map((k) => [k, []]));
  const results: FoldResult[] = [];

  for (const fold of folds) {
    const yTrain = slice(y, fold.trainStart, fold.trainEnd);
    const yTest = slice(y, fold.testStart, fold.testEnd);
    const rTest = slice(forwardReturn, fold.testStart, fold.testEnd);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const upRate = mean(yTrain);
    const preds: Record<string, ArrayLike<number>> = {};
    const errors: Record<string, string> = {};

    const { train, test } =
      options.standardize === false
        ? { train: rowsOf(X, fold.trainStart, fold.trainEnd), test: rowsOf(X, fold.testStart, fold.testEnd) }
        : standardize(X, fold);
    const timings: Record<string, { fitMs: number; predictMs: number }> = {};
    for (const name of modelNames) {
      const model = options.models[name]!();
      try {
        const tf0 = performance.now();
        await model.fit(train, yTrain);
        const tp0 = performance.now();
        preds[name] = await model.predictProba(test);
        timings[name] = { fitMs: tp0 - tf0, predictMs: performance.now() - tp0 };
      } catch (e) {
        errors[name] = e instanceof Error ? e.message : String(e);
      } finally {
        model.dispose();
      }
    }

    // Baselines.
    const testRows = fold.testEnd - fold.testStart;
    preds['always-long'] = new Float64Array(testRows).fill(Math.max(upRate, 0.5 + 1e-6));
    // Direction of the most recent bar that moved (unchanged bars are common on a tick grid).
    const lastMove = (row: number): number => {
      for (let k = 0; k < laggedReturns.cols; k++) {
        const v = laggedReturns.data[row * laggedReturns.cols + k]!;
        if (v !== 0) return v;
      }
      return 0;
    };
    let persist = 0;
    let persistN = 0;
    for (let r = fold.trainStart; r < fold.trainEnd; r++) {
      const last = lastMove(r);
      if (last !== 0) {
        persistN++;
        if ((last > 0 ? 1 : 0) === y[r]) persist++;
      }
    }
    const q = Math.max(persistN > 0 ? persist / persistN : 0.5, 0.5 + 1e-6);
    const prev = new Float64Array(testRows);
    for (let i = 0; i < testRows; i++) {
      const last = lastMove(fold.testStart + i);
      prev[i] = last > 0 ? q : last < 0 ? 1 - q : 0.5;
    }
    preds['previous-direction'] = prev;
    const lagModel = new LogisticRegressionModel({ name: 'logistic-lagged-returns' });
    await lagModel.fit(rowsOf(laggedReturns, fold.trainStart, fold.trainEnd), yTrain);
    preds['logistic-lagged-returns'] = await lagModel.predictProba(
      rowsOf(laggedReturns, fold.testStart, fold.testEnd),
    );

    const metrics: Record<string, MetricSet> = {};
    for (const name of names) {
      const p = preds[name];
      if (!p) continue;
      metrics[name] = metricSet(p, yTest, rTest, cost);
      pooledP[name]!.push(...Array.from(p));
      pooledY[name]!.push(...yTest);
      pooledR[name]!.push(...rTest);
    }
    const result: FoldResult = {
      fold,
      ...(data.time ? { testFrom: data.time[fold.testStart]!, testTo: data.time[fold.testEnd - 1]! } : {}),
      trainUpRate: upRate,
      testUpRate: mean(yTest),
      metrics,
      errors,
      timings,
    };
    results.push(result);
    options.onFold?.(result);
  }
  const overall: Record<string, MetricSet> = {};
  for (const name of names) {
    if (pooledP[name]!.length > 0)
      overall[name] = metricSet(pooledP[name]!, pooledY[name]!, pooledR[name]!, cost);
  }
  return {
    dataset: options.dataset,
    samples: n,
    horizon: options.horizon,
    mode: options.mode,
    purge,
    costPerUnit: cost,
    models: modelNames,
    baselines: [...BASELINES],
    folds: results,
    overall,
    durationMs: performance.now() - t0,
  };
}

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : 'n/a');
const fx = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const isoDate = (us: number) => new Date(us / 1000).toISOString().replace('.000Z', 'Z');

/**
 * Renders an {@link EvaluationReport} as Markdown: the pooled table (models and baselines side by
 * side) and per-fold accuracies.
 *
 * @example
 * ```ts
 * import { evaluationToMarkdown, type EvaluationReport } from '@minhos/models';
 * declare const report: EvaluationReport;
 * console.log(evaluationToMarkdown(report));
 * ```
 */
export function evaluationToMarkdown(report: EvaluationReport): string {
  const lines: string[] = [];
  const names = [...report.models, ...report.baselines];
  lines.push(`### ${report.dataset}`);
  lines.push('');
  lines.push(
    `${report.samples} samples, horizon ${report.horizon} bar(s), ${report.mode} walk-forward, ${report.folds.length} folds, purge ${report.purge}, cost ${report.costPerUnit} per unit of position change.`,
  );
  lines.push('');
  lines.push(
    '| model | accuracy | 95% CI | log loss | Brier | P&L (sum of returns) | Sharpe/sample | trades |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const name of names) {
    const m = report.overall[name];
    if (!m) {
      lines.push(`| ${name} | failed | | | | | | |`);
      continue;
    }
    const tag = (report.baselines as readonly string[]).includes(name) ? ' (baseline)' : '';
    lines.push(
      `| ${name}${tag} | ${pct(m.accuracy.value)} | ${pct(m.accuracy.lower)} – ${pct(m.accuracy.upper)} | ${fx(m.logLoss)} | ${fx(m.brier)} | ${fx(m.pnl.totalReturn)} | ${fx(m.pnl.sharpePerSample)} | ${m.pnl.trades} |`,
    );
  }
  lines.push('');
  lines.push(`| fold | test rows | test period | up-rate | ${names.join(' | ')} |`);
  lines.push(`|---|---|---|---|${names.map(() => '---').join('|')}|`);
  for (const f of report.folds) {
    const period =
      f.testFrom !== undefined && f.testTo !== undefined
        ? `${isoDate(f.testFrom)} → ${isoDate(f.testTo)}`
        : '';
    lines.push(
      `| ${f.fold.index} | ${f.fold.testEnd - f.fold.testStart} | ${period} | ${pct(f.testUpRate)} | ${names
        .map((k) => (f.metrics[k] ? pct(f.metrics[k].accuracy.value) : 'failed'))
        .join(' | ')} |`,
    );
  }
  const errs = report.folds.flatMap((f) =>
    Object.entries(f.errors).map(([k, v]) => `fold ${f.fold.index} ${k}: ${v}`),
  );
  if (errs.length > 0) {
    lines.push('');
    lines.push('Errors:');
    for (const e of errs) lines.push(`- ${e}`);
  }
  lines.push('');
  return lines.join('\n');
}
