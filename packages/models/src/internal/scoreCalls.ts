import type { MetricSet } from '../evaluate.js';
import { brierScore, logLoss, strategyPnl, wilsonInterval } from '../metrics.js';

/** The call a probability makes: +1 above 0.5, −1 below, 0 (no call) at exactly 0.5. */
export function callsOf(proba: ArrayLike<number>): Int8Array {
  return Int8Array.from(proba as ArrayLike<number>, (p) => (p > 0.5 ? 1 : p < 0.5 ? -1 : 0));
}

/**
 * Scores calls and probabilities against labels that may be `NaN` (flat: no move). Direction
 * metrics use the moved rows; the three-way score and the P&L use every row in time order.
 */
export function scoreCalls(
  calls: ArrayLike<number>,
  proba: ArrayLike<number>,
  y: ArrayLike<number>,
  forwardReturn: ArrayLike<number>,
  cost: number,
): MetricSet {
  const n = calls.length;
  const pScored: number[] = [];
  const yScored: number[] = [];
  let hits = 0;
  let hits3 = 0;
  let noCalls = 0;
  const position = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = calls[i]!;
    position[i] = c > 0 ? 1 : c < 0 ? 0 : 0.5;
    const t = y[i]!;
    if (Number.isNaN(t)) {
      if (c === 0) hits3++;
      continue;
    }
    pScored.push(proba[i]!);
    yScored.push(t);
    if (c === 0) noCalls++;
    else if ((c > 0 ? 1 : 0) === t) {
      hits++;
      hits3++;
    }
  }
  const scored = yScored.length;
  return {
    n: scored,
    scored,
    flat: n - scored,
    noCalls,
    accuracy: wilsonInterval(hits, scored),
    threeWayAccuracy: wilsonInterval(hits3, n),
    logLoss: scored > 0 ? logLoss(pScored, yScored) : Number.NaN,
    brier: scored > 0 ? brierScore(pScored, yScored) : Number.NaN,
    pnl: strategyPnl(position, forwardReturn, { costPerUnit: cost }),
  };
}
