import { MinhosError } from '@minhos/core';
import { IsotonicCalibrator, type IsotonicCalibratorState } from './IsotonicCalibrator.js';
import { runBaselines } from './internal/baselines.js';
import { mapLimit } from './internal/mapLimit.js';
import { callsOf, scoreCalls } from './internal/scoreCalls.js';
import type { Matrix, Model } from './Model.js';
import {
  brierScore,
  logLoss,
  type Proportion,
  type ReliabilityBin,
  reliabilityTable,
  type StrategyPnl,
} from './metrics.js';
import { type Fold, type WalkForwardMode, walkForwardSplits } from './walkForward.js';

/** Aligned samples for {@link evaluate}: row i of every field describes the same prediction time. */
export interface EvaluationData {
  /** Model inputs, one row per sample (flattened windows for sequence models). */
  readonly X: Matrix;
  /**
   * 1 = price went up over the horizon, 0 = down, `NaN` = flat (unchanged): flat rows are not
   * trained on nor scored for direction, but are predicted and traded through.
   */
  readonly y: ArrayLike<number>;
  /** The simple return over the horizon (fractional), for the P&L. */
  readonly forwardReturn: ArrayLike<number>;
  /** Recent one-bar log returns known at prediction time: column 0 = latest. Feeds the baselines. */
  readonly laggedReturns: Matrix;
  /** Bar time of each sample (µs since epoch), for reporting date ranges. */
  readonly time?: ArrayLike<number>;
  /** How the samples were chosen from the bars (copied into the report). */
  readonly accounting?: SampleAccounting;
}

/** How {@link prepareEvaluationData} turned bars into samples: nothing disappears silently. */
export interface SampleAccounting {
  /** Bars given. */
  readonly bars: number;
  /** Samples kept. */
  readonly samples: number;
  /** Kept samples whose close did not move over the horizon (label `NaN`). */
  readonly flat: number;
  /** `'no-trade'`: flat samples kept; `'drop'`: removed (counted in `dropped.flat`). */
  readonly flatMode: 'no-trade' | 'drop';
  /** Bars not turned into samples, by reason. */
  readonly dropped: {
    /** Warm-up or a non-finite feature anywhere in the window. */
    readonly incompleteFeatures: number;
    /** The window spans a gap above `maxGapUs`. */
    readonly timeGap: number;
    /** A non-positive price among the closes used. */
    readonly nonPositivePrice: number;
    /** The last `horizon` bars: no future close to label them. */
    readonly noFuture: number;
    /** Unchanged closes removed with `flat: 'drop'`. */
    readonly flat: number;
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
  /** Expanding or rolling training windows (see {@link walkForwardSplits}). */
  readonly mode: WalkForwardMode;
  /** Training rows of the first (expanding) or every (rolling) fold, flat rows included. */
  readonly trainSize: number;
  /** Test rows per fold, flat rows included. */
  readonly testSize: number;
  /** Rows between train and test. Default = `horizon`. Smaller is rejected. */
  readonly purge?: number;
  /** Rows the test window advances per fold. Default `testSize`. */
  readonly step?: number;
  /** Stop after this many folds. */
  readonly maxFolds?: number;
  /** Standardise `X` per fold with the training rows' mean/std (leak-free). Default true. */
  readonly standardize?: boolean;
  /** Cost per unit of position change, fractional (see {@link strategyPnl}). Default 0. */
  readonly costPerUnit?: number;
  /** Called after each fold (progress). */
  readonly onFold?: (fold: FoldResult) => void;
  /**
   * Models of a fold fitted at once. Default 1 (one after another). Raise it when models train off
   * the main thread (tree models with a `TreeWorkerPool`, ensembles with `concurrency`); the
   * report is the same apart from the timings.
   */
  readonly concurrency?: number;
}

/** Metrics of one model on one set of predictions. */
export interface MetricSet {
  /** Rows scored for direction (= `scored`). */
  readonly n: number;
  /** Test rows whose price moved: the rows behind accuracy, log loss and Brier. */
  readonly scored: number;
  /** Test rows whose price did not move: traded through (P&L), not scored for direction. */
  readonly flat: number;
  /** Scored rows where the model made no call (p exactly 0.5): counted as misses. */
  readonly noCalls: number;
  /** Directional accuracy on the scored rows with its 95% Wilson interval. */
  readonly accuracy: Proportion;
  /**
   * Three-way score over every test row: up / down called right, or no call on a flat row (a call
   * on a flat row is wrong: it pays the cost for nothing).
   */
  readonly threeWayAccuracy: Proportion;
  readonly logLoss: number;
  readonly brier: number;
  /** One unit long/short over every test row in time order, cost charged at each position change. */
  readonly pnl: StrategyPnl;
}

/** What the baselines learned from the training rows (recorded for the leakage tests). */
export interface BaselineFit {
  readonly upRate: number;
  /** Share of training rows with a last move whose next move reversed it. */
  readonly reversalRate: number;
  /** Logistic-on-lags coefficients in original units, intercept first. */
  readonly laggedLogistic: number[];
}

/** What a fold fitted on its training rows — recorded so tests can prove test rows never reach it. */
export interface FoldFit {
  /** Standardisation centre and scale per column (empty when `standardize: false`). */
  readonly scaler: { readonly mean: readonly number[]; readonly scale: readonly number[] };
  readonly baselines: BaselineFit;
  /** Isotonic calibrators per model, fitted on earlier folds' out-of-sample predictions. */
  readonly calibrators: Readonly<Record<string, IsotonicCalibratorState>>;
}

/** One fold's results. */
export interface FoldResult {
  readonly fold: Fold;
  /** First/last test sample time (µs), when times were given. */
  readonly testFrom?: number;
  readonly testTo?: number;
  /** Share of up labels among the moved training / test rows. */
  readonly trainUpRate: number;
  readonly testUpRate: number;
  /** Labelled training rows (flat rows are not trained on). */
  readonly trainRows: number;
  /** Per model and baseline. */
  readonly metrics: Readonly<Record<string, MetricSet>>;
  /** Models that threw in this fold (their predictions are missing from the pooled metrics). */
  readonly errors: Readonly<Record<string, string>>;
  /** Wall-clock training and prediction time per model, ms. */
  readonly timings: Readonly<Record<string, { readonly fitMs: number; readonly predictMs: number }>>;
  /** Parameters fitted in this fold. */
  readonly fitted: FoldFit;
}

/** Out-of-sample calibration of one model's probabilities. */
export interface CalibrationSummary {
  /** Scored rows of folds ≥ 1 (fold 0 has no earlier predictions to calibrate on). */
  readonly rows: number;
  readonly brierRaw: number;
  readonly brierCalibrated: number;
  readonly logLossRaw: number;
  readonly logLossCalibrated: number;
  /** 10-bin reliability tables before and after calibration. */
  readonly reliabilityRaw: readonly ReliabilityBin[];
  readonly reliabilityCalibrated: readonly ReliabilityBin[];
}

/** The full walk-forward report. */
export interface EvaluationReport {
  readonly dataset: string;
  /** Rows given to {@link evaluate}. */
  readonly samples: number;
  /** How the rows were chosen from the bars, when the data carried it. */
  readonly accounting?: SampleAccounting;
  readonly horizon: number;
  readonly mode: WalkForwardMode;
  readonly purge: number;
  readonly costPerUnit: number;
  readonly models: readonly string[];
  readonly baselines: readonly string[];
  readonly folds: readonly FoldResult[];
  /** Metrics over all test rows of all folds, pooled (P&L summed in time order). */
  readonly overall: Readonly<Record<string, MetricSet>>;
  /** The baseline with the highest pooled accuracy. */
  readonly bestBaseline: string;
  /**
   * Per model: whether its pooled accuracy is above the upper end of the best baseline's 95%
   * interval. `false` means the model has not shown it beats a one-line rule.
   */
  readonly beatsBestBaseline: Readonly<Record<string, boolean>>;
  /** Per model: isotonic calibration fitted on earlier folds only, scored on later ones. */
  readonly calibration: Readonly<Record<string, CalibrationSummary>>;
  /** Wall-clock time of the whole evaluation, ms. */
  readonly durationMs: number;
}

/**
 * Names of the baselines {@link evaluate} always reports, in report order.
 *
 * - `always-long`: always long; probability = the training up-rate (unclamped).
 * - `contrarian`: bets against the most recent bar that moved ("the last move reverses").
 * - `previous-direction`: bets on the most recent move persisting — the contrarian rule inverted
 *   (on every called row one of the two is right), shown so the reversal is visible both ways.
 * - `logistic-lagged-returns`: L2 logistic regression on the lagged one-bar returns.
 *
 * The two rule baselines give the same probability, P(up | last move) from the training reversal
 * rate, unclamped; only their calls differ.
 *
 * @example
 * ```ts
 * import { BASELINES } from '@minhos/models';
 * BASELINES; // ['always-long', 'contrarian', 'previous-direction', 'logistic-lagged-returns']
 * ```
 */
export const BASELINES = [
  'always-long',
  'contrarian',
  'previous-direction',
  'logistic-lagged-returns',
] as const;

function fitStandardizer(X: Matrix, fold: Fold): { mean: Float64Array; sd: Float64Array } {
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
  return { mean, sd };
}

/** Copies `rows` of X (optionally standardised) into a Float32 matrix. */
function gather(X: Matrix, rows: ArrayLike<number>, s?: { mean: Float64Array; sd: Float64Array }): Matrix {
  const d = X.cols;
  const out = new Float32Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!s) {
      out.set(X.data.subarray(r * d, (r + 1) * d), i * d);
      continue;
    }
    for (let c = 0; c < d; c++) out[i * d + c] = (X.data[r * d + c]! - s.mean[c]!) / s.sd[c]!;
  }
  return { rows: rows.length, cols: d, data: out };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

interface Pooled {
  calls: number[];
  proba: number[];
  y: number[];
  r: number[];
  /** Sample row of each pooled prediction (for leak-free calibration). */
  row: number[];
  /** Calibrated probability (NaN where no calibrator existed yet: fold 0). */
  calibrated: number[];
}

/**
 * Walk-forward evaluation of direction models against four baselines on the same folds:
 * always-long, contrarian (the last move reverses), previous-direction (it persists) and logistic
 * regression on lagged returns.
 *
 * For each fold a fresh model is built from its factory, trained on the fold's labelled training
 * rows (standardised with training statistics only), and asked for every test row after the purge
 * gap. Direction metrics (accuracy with a 95% Wilson interval, log loss, Brier score) are computed
 * on rows whose price moved; rows where it did not are counted (`flat`) and traded through by the
 * one-unit long/short P&L, which pays `costPerUnit` at every position change. A three-way score
 * treats "no move" as a class whose right answer is no trade. Probabilities are also calibrated
 * out of sample: fold k's isotonic calibrator is fitted on the predictions of folds < k whose
 * labels were known before fold k starts. No figure is hand-written: everything is computed here
 * from the data you pass.
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
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `evaluate: concurrency must be an integer ≥ 1, got ${concurrency}`,
    );
  }
  const modelNames = Object.keys(options.models);
  const names = [...modelNames, ...BASELINES];
  const pooled: Record<string, Pooled> = Object.fromEntries(
    names.map((k) => [k, { calls: [], proba: [], y: [], r: [], row: [], calibrated: [] }]),
  );
  const results: FoldResult[] = [];
  const upShare = (rows: readonly number[]) => rows.reduce((s, r) => s + y[r]!, 0) / rows.length;

  for (const fold of folds) {
    const trainRows = range(fold.trainStart, fold.trainEnd).filter((r) => !Number.isNaN(y[r]!));
    const testRows = range(fold.testStart, fold.testEnd);
    const yTrain = trainRows.map((r) => y[r]!);
    const yTest = testRows.map((r) => y[r]!);
    const rTest = testRows.map((r) => forwardReturn[r]!);
    const calls: Record<string, ArrayLike<number>> = {};
    const probas: Record<string, ArrayLike<number>> = {};
    const errors: Record<string, string> = {};

    const s = options.standardize === false ? undefined : fitStandardizer(X, fold);
    const train = gather(X, trainRows, s);
    const test = gather(X, testRows, s);
    const timings: Record<string, { fitMs: number; predictMs: number }> = {};
    const outcomes = await mapLimit(modelNames, concurrency, async (name) => {
      const model = options.models[name]!();
      try {
        const tf0 = performance.now();
        await model.fit(train, yTrain);
        const tp0 = performance.now();
        const p = await model.predictProba(test);
        return { p, timing: { fitMs: tp0 - tf0, predictMs: performance.now() - tp0 } };
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
      } finally {
        model.dispose();
      }
    });
    // Recorded in model order whatever order the fits finished in.
    modelNames.forEach((name, i) => {
      const o = outcomes[i]!;
      if (o.p !== undefined && o.timing !== undefined) {
        timings[name] = o.timing;
        probas[name] = o.p;
        calls[name] = callsOf(o.p);
      } else errors[name] = o.error ?? 'unknown error';
    });
    const baselines = await runBaselines(laggedReturns, y, trainRows, fold.testStart, fold.testEnd);
    for (const [k, v] of Object.entries(baselines.outputs)) {
      probas[k] = v.proba;
      calls[k] = v.calls;
    }

    // Calibrators from earlier folds' predictions whose labels were known before this fold starts.
    const calibrators: Record<string, IsotonicCalibratorState> = {};
    for (const name of modelNames) {
      const pool = pooled[name]!;
      const p = probas[name];
      if (!p) continue;
      const cp: number[] = [];
      const cy: number[] = [];
      for (let i = 0; i < pool.row.length; i++) {
        if (pool.row[i]! < fold.testStart - purge && !Number.isNaN(pool.y[i]!)) {
          cp.push(pool.proba[i]!);
          cy.push(pool.y[i]!);
        }
      }
      let calibrated: ArrayLike<number> = new Float64Array(testRows.length).fill(Number.NaN);
      if (cp.length > 0) {
        const cal = new IsotonicCalibrator().fit(cp, cy);
        calibrators[name] = cal.toJSON();
        calibrated = cal.transform(p);
      }
      pool.calibrated.push(...Array.from(calibrated));
    }

    const metrics: Record<string, MetricSet> = {};
    for (const name of names) {
      const p = probas[name];
      const c = calls[name];
      if (!p || !c) continue;
      metrics[name] = scoreCalls(c, p, yTest, rTest, cost);
      const pool = pooled[name]!;
      pool.calls.push(...Array.from(c));
      pool.proba.push(...Array.from(p));
      pool.y.push(...yTest);
      pool.r.push(...rTest);
      pool.row.push(...testRows);
    }
    const movedTest = testRows.filter((r) => !Number.isNaN(y[r]!));
    const result: FoldResult = {
      fold,
      ...(data.time ? { testFrom: data.time[fold.testStart]!, testTo: data.time[fold.testEnd - 1]! } : {}),
      trainUpRate: upShare(trainRows),
      testUpRate: movedTest.length > 0 ? upShare(movedTest) : Number.NaN,
      trainRows: trainRows.length,
      metrics,
      errors,
      timings,
      fitted: {
        scaler: s ? { mean: Array.from(s.mean), scale: Array.from(s.sd) } : { mean: [], scale: [] },
        baselines: baselines.fit,
        calibrators,
      },
    };
    results.push(result);
    options.onFold?.(result);
  }
  const overall: Record<string, MetricSet> = {};
  for (const name of names) {
    const pool = pooled[name]!;
    if (pool.calls.length > 0) overall[name] = scoreCalls(pool.calls, pool.proba, pool.y, pool.r, cost);
  }
  let bestBaseline: string = BASELINES[0];
  for (const b of BASELINES) {
    if ((overall[b]?.accuracy.value ?? -1) > (overall[bestBaseline]?.accuracy.value ?? -1)) bestBaseline = b;
  }
  const beatsBestBaseline: Record<string, boolean> = {};
  for (const name of modelNames) {
    const m = overall[name];
    const b = overall[bestBaseline];
    beatsBestBaseline[name] = m !== undefined && b !== undefined && m.accuracy.value > b.accuracy.upper;
  }
  const calibration: Record<string, CalibrationSummary> = {};
  for (const name of modelNames) {
    const pool = pooled[name]!;
    const raw: number[] = [];
    const cal: number[] = [];
    const lab: number[] = [];
    // pool.calibrated only has entries for folds where the model produced predictions, in order.
    for (let i = 0; i < pool.calibrated.length && i < pool.proba.length; i++) {
      if (Number.isNaN(pool.calibrated[i]!) || Number.isNaN(pool.y[i]!)) continue;
      raw.push(pool.proba[i]!);
      cal.push(pool.calibrated[i]!);
      lab.push(pool.y[i]!);
    }
    if (lab.length === 0) continue;
    calibration[name] = {
      rows: lab.length,
      brierRaw: brierScore(raw, lab),
      brierCalibrated: brierScore(cal, lab),
      logLossRaw: logLoss(raw, lab),
      logLossCalibrated: logLoss(cal, lab),
      reliabilityRaw: reliabilityTable(raw, lab, 10),
      reliabilityCalibrated: reliabilityTable(cal, lab, 10),
    };
  }
  return {
    dataset: options.dataset,
    samples: n,
    ...(data.accounting ? { accounting: data.accounting } : {}),
    horizon: options.horizon,
    mode: options.mode,
    purge,
    costPerUnit: cost,
    models: modelNames,
    baselines: [...BASELINES],
    folds: results,
    overall,
    bestBaseline,
    beatsBestBaseline,
    calibration,
    durationMs: performance.now() - t0,
  };
}
