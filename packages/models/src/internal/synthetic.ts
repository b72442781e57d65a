import type { EvaluationData } from '../evaluate.js';
import { normalRng } from './rng.js';

/**
 * Synthetic price series for testing the evaluation code itself (test helper, not exported).
 * `signal` = how much of the next return is explained by the published feature (0 = pure random walk).
 */
export function syntheticEvaluationData(n: number, signal: number, seed: number, lags = 3): EvaluationData {
  const g = normalRng(seed);
  const feature = new Float64Array(n + lags + 1);
  const ret = new Float64Array(n + lags + 1);
  for (let t = 0; t < feature.length; t++) feature[t] = g();
  // ret[t] is the return from bar t to t+1; feature[t] is known at bar t.
  for (let t = 0; t < ret.length; t++)
    ret[t] = 0.001 * (signal * feature[t]! + Math.sqrt(1 - signal * signal) * g());
  const X = new Float64Array(n * 2);
  const lagged = new Float64Array(n * lags);
  const y = new Uint8Array(n);
  const fwd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = i + lags;
    X[i * 2] = feature[t]!;
    X[i * 2 + 1] = g();
    for (let k = 0; k < lags; k++) lagged[i * lags + k] = ret[t - 1 - k]!;
    fwd[i] = ret[t]!;
    y[i] = ret[t]! > 0 ? 1 : 0;
  }
  return {
    X: { rows: n, cols: 2, data: X },
    y,
    forwardReturn: fwd,
    laggedReturns: { rows: n, cols: lags, data: lagged },
  };
}
