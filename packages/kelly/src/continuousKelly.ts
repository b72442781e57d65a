import { MinhosError } from '@minhos/core';

/** Inputs of {@link continuousKelly} and {@link continuousGrowthRate}, all per the same period. */
export interface ContinuousReturns {
  /** Expected arithmetic return per period (e.g. 0.0004 per day). */
  readonly mean: number;
  /** Standard deviation of the return per period, > 0. */
  readonly stdev: number;
  /** Risk-free return per period earned on idle capital. Default 0. */
  readonly riskFreeRate?: number;
}

function check(where: string, input: ContinuousReturns): number {
  const { mean, stdev } = input;
  const r = input.riskFreeRate ?? 0;
  const bad = (name: string, value: number, expected: string): MinhosError =>
    new MinhosError('KELLY_INVALID_INPUT', `${where}: ${name} must be ${expected}, got ${value}`);
  if (!Number.isFinite(mean)) throw bad('mean', mean, 'a finite number');
  if (!Number.isFinite(stdev) || stdev <= 0) throw bad('stdev', stdev, 'a positive number');
  if (!Number.isFinite(r)) throw bad('riskFreeRate', r, 'a finite number');
  return r;
}

/**
 * Kelly leverage for continuously compounded (log-normal) returns: `f* = (μ − r) / σ²`.
 *
 * Use it for a strategy or asset whose per-period returns have mean μ and volatility σ (e.g.
 * sizing a continuous exposure). Unlike {@link binaryKelly} the result is leverage on notional and
 * may exceed 1 or be negative (negative = short, which is symmetric here). μ, σ and r must be for
 * the same period (all daily, or all annualised).
 *
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` for a non-finite mean or rate, or σ ≤ 0.
 * @example
 * ```ts
 * import { continuousKelly } from '@minhos/kelly';
 * continuousKelly({ mean: 0.08, stdev: 0.2, riskFreeRate: 0.03 }); // (0.08 − 0.03) / 0.04 = 1.25
 * ```
 */
export function continuousKelly(input: ContinuousReturns): number {
  const r = check('continuousKelly', input);
  return (input.mean - r) / (input.stdev * input.stdev);
}

/**
 * Expected log-growth per period at leverage f in the continuous model:
 * `g(f) = r + f·(μ − r) − f²·σ²/2`.
 *
 * Use it to see what a leverage buys: g peaks at f* = (μ − r)/σ² with g* = r + (μ − r)²/(2σ²);
 * in this model `g(c·f*) − r = c·(2 − c)·(g* − r)` exactly, so 2·f* earns exactly the risk-free rate.
 *
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` as {@link continuousKelly}, or for non-finite f.
 * @example
 * ```ts
 * import { continuousGrowthRate } from '@minhos/kelly';
 * continuousGrowthRate({ mean: 0.08, stdev: 0.2, riskFreeRate: 0.03 }, 1.25); // 0.03 + 0.03125
 * ```
 */
export function continuousGrowthRate(input: ContinuousReturns, f: number): number {
  const r = check('continuousGrowthRate', input);
  if (!Number.isFinite(f)) {
    throw new MinhosError('KELLY_INVALID_INPUT', `continuousGrowthRate: f must be finite, got ${f}`);
  }
  return r + f * (input.mean - r) - 0.5 * f * f * input.stdev * input.stdev;
}
