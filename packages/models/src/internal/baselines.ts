import type { BaselineFit } from '../evaluate.js';
import { LogisticRegressionModel } from '../LogisticRegressionModel.js';
import type { Matrix } from '../Model.js';

/** One baseline's out-of-sample output: a call per test row and a probability of "up". */
export interface BaselineOutput {
  /** +1 long, −1 short, 0 no call. */
  readonly calls: Int8Array;
  readonly proba: Float64Array;
}

/** Sign of the most recent lagged return that moved (0 if none did). */
function lastMove(lagged: Matrix, row: number): number {
  for (let k = 0; k < lagged.cols; k++) {
    const v = lagged.data[row * lagged.cols + k]!;
    if (v !== 0) return Math.sign(v);
  }
  return 0;
}

function subRows(X: Matrix, rows: readonly number[]): Matrix {
  const out = new Float64Array(rows.length * X.cols);
  rows.forEach((r, i) => {
    out.set(X.data.subarray(r * X.cols, (r + 1) * X.cols), i * X.cols);
  });
  return { rows: rows.length, cols: X.cols, data: out };
}

/**
 * Fits the four baselines on training rows `trainRows` (labelled ones only) and predicts test rows
 * `[testStart, testEnd)`. Rule baselines keep a fixed call; their probability is their training hit
 * rate on the side of the call, not clamped, so their log loss and Brier score are honest.
 */
export async function runBaselines(
  lagged: Matrix,
  y: ArrayLike<number>,
  trainRows: readonly number[],
  testStart: number,
  testEnd: number,
): Promise<{ outputs: Record<string, BaselineOutput>; fit: BaselineFit }> {
  let ups = 0;
  let moved = 0;
  let reversed = 0;
  const yTrain: number[] = [];
  for (const r of trainRows) {
    const t = y[r]!;
    yTrain.push(t);
    ups += t;
    const last = lastMove(lagged, r);
    if (last !== 0) {
      moved++;
      if ((last > 0 ? 0 : 1) === t) reversed++;
    }
  }
  const upRate = ups / trainRows.length;
  const reversalRate = moved > 0 ? reversed / moved : 0.5;
  const m = testEnd - testStart;
  const long = { calls: new Int8Array(m).fill(1), proba: new Float64Array(m).fill(upRate) };
  const contra = { calls: new Int8Array(m), proba: new Float64Array(m) };
  const prev = { calls: new Int8Array(m), proba: new Float64Array(m) };
  for (let i = 0; i < m; i++) {
    const last = lastMove(lagged, testStart + i);
    contra.calls[i] = -last;
    prev.calls[i] = last;
    // P(up) given the last move: after an up move a reversal means down.
    const p = last > 0 ? 1 - reversalRate : last < 0 ? reversalRate : 0.5;
    contra.proba[i] = p;
    prev.proba[i] = p;
  }
  const lagModel = new LogisticRegressionModel({ name: 'logistic-lagged-returns' });
  await lagModel.fit(subRows(lagged, trainRows), yTrain);
  const lp = lagModel.predictProbaSync({
    rows: m,
    cols: lagged.cols,
    data: lagged.data.subarray(testStart * lagged.cols, testEnd * lagged.cols),
  });
  const lcalls = Int8Array.from(lp, (p) => (p > 0.5 ? 1 : p < 0.5 ? -1 : 0));
  return {
    outputs: {
      'always-long': long,
      contrarian: contra,
      'previous-direction': prev,
      'logistic-lagged-returns': { calls: lcalls, proba: lp },
    },
    fit: { upRate, reversalRate, laggedLogistic: Array.from(lagModel.coefficients()) },
  };
}
