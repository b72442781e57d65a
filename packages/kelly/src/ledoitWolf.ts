import { MinhosError } from '@minhos/core';

/** Result of {@link ledoitWolf}. */
export interface LedoitWolfEstimate {
  /** Sample mean of each column. */
  readonly mean: readonly number[];
  /** Maximum-likelihood sample covariance S = XᵀX / T of the centred samples (divides by T). */
  readonly sampleCovariance: readonly (readonly number[])[];
  /** Optimal shrinkage intensity δ in [0, 1]. */
  readonly shrinkage: number;
  /** Shrinkage target scale m̄ = tr S / n. */
  readonly target: number;
  /** (1 − δ)·S + δ·m̄·I. */
  readonly covariance: readonly (readonly number[])[];
}

/**
 * Ledoit–Wolf (2004) shrinkage covariance estimate from return samples, toward the scaled
 * identity m̄·I.
 *
 * Use it instead of the sample covariance before {@link multiAssetKelly} when you have few
 * observations relative to the number of assets: it picks the intensity δ that minimises the
 * expected Frobenius error, and the result is always well conditioned. Same estimator as
 * scikit-learn's `ledoit_wolf` (samples centred, S divided by T).
 *
 * @param returns - T rows of n returns each (one row per period), T ≥ 2.
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` for ragged rows, non-finite values or T < 2.
 * @example
 * ```ts
 * import { ledoitWolf, multiAssetKelly } from '@minhos/kelly';
 * const est = ledoitWolf([[0.01, 0.012], [-0.004, -0.002], [0.003, 0.001], [-0.006, -0.01]]);
 * const k = multiAssetKelly({ mean: est.mean, covariance: est.covariance });
 * ```
 */
export function ledoitWolf(returns: readonly (readonly number[])[]): LedoitWolfEstimate {
  const bad = (message: string): MinhosError =>
    new MinhosError('KELLY_INVALID_INPUT', `ledoitWolf: ${message}`);
  if (!Array.isArray(returns) || returns.length < 2) {
    throw bad(`need at least 2 rows of returns, got ${Array.isArray(returns) ? returns.length : 'none'}`);
  }
  const t = returns.length;
  const n = returns[0]?.length ?? 0;
  if (n === 0) throw bad('rows are empty, expected one return per asset');
  const x = new Float64Array(t * n);
  const mean = new Float64Array(n);
  returns.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw bad(`row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n}`);
    }
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw bad(`returns[${i}][${j}] is ${v}, expected a finite number`);
      x[i * n + j] = v;
      mean[j] = (mean[j] as number) + v / t;
    });
  });
  for (let i = 0; i < t; i++)
    for (let j = 0; j < n; j++) x[i * n + j] = (x[i * n + j] as number) - (mean[j] as number);

  const s = new Float64Array(n * n);
  // beta accumulates Σ_ij Σ_t x_ti² x_tj², the fourth-moment term of the optimal-intensity formula.
  let betaSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let cross = 0;
      let fourth = 0;
      for (let k = 0; k < t; k++) {
        const a = x[k * n + i] as number;
        const b = x[k * n + j] as number;
        cross += a * b;
        fourth += a * a * b * b;
      }
      s[i * n + j] = cross / t;
      s[j * n + i] = cross / t;
      betaSum += i === j ? fourth : 2 * fourth;
    }
  }
  let trace = 0;
  for (let i = 0; i < n; i++) trace += s[i * n + i] as number;
  const target = trace / n;
  let frobenius = 0;
  for (let i = 0; i < n * n; i++) frobenius += (s[i] as number) ** 2;
  const beta = (betaSum / t - frobenius) / (n * t);
  // ‖S − m̄I‖²_F / n = (‖S‖²_F − 2m̄·tr S + n·m̄²) / n
  const delta = (frobenius - 2 * target * trace + n * target * target) / n;
  const shrinkage = delta > 0 ? Math.max(0, Math.min(beta, delta)) / delta : 0;
  const covariance: number[][] = [];
  const sample: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    const raw: number[] = [];
    for (let j = 0; j < n; j++) {
      const v = s[i * n + j] as number;
      raw.push(v);
      row.push((1 - shrinkage) * v + (i === j ? shrinkage * target : 0));
    }
    covariance.push(row);
    sample.push(raw);
  }
  return { mean: Array.from(mean), sampleCovariance: sample, shrinkage, target, covariance };
}
