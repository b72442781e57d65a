import { MinhosError } from '@minhos/core';
import { binaryGrowthRate, binaryKelly } from './binaryKelly.js';
import { seededRandom } from './seededRandom.js';

/** Options of {@link monteCarloKelly}. */
export interface MonteCarloKellyInput {
  /** Win probability of each bet, in (0, 1). */
  readonly p: number;
  /** Payoff ratio: a win pays b per unit risked, a loss costs 1. > 0. */
  readonly b: number;
  /** Fractions to test, as multiples of f*. Default [0.25, 0.5, 1, 2]. */
  readonly multiples?: readonly number[];
  /** Bets per path. Default 1000. */
  readonly trades?: number;
  /** Number of simulated paths. Default 2000. */
  readonly paths?: number;
  /** PRNG seed (see {@link seededRandom}). Default 1. */
  readonly seed?: number;
}

/** Simulated vs analytic growth at one fraction. */
export interface MonteCarloKellyRow {
  /** The multiple of f*. */
  readonly multiple: number;
  /** The fraction of capital risked per bet: multiple × f*. */
  readonly fraction: number;
  /** Analytic g(f) = p·ln(1 + b·f) + q·ln(1 − f) per bet. */
  readonly analyticGrowth: number;
  /** Median over paths of ln(W_T / W_0) / T. */
  readonly medianGrowth: number;
  /** Mean over paths of ln(W_T / W_0) / T (an unbiased estimate of g(f)). */
  readonly meanGrowth: number;
  /** Standard deviation over paths of ln(W_T / W_0) / T. */
  readonly growthStdev: number;
  /** Standard error of `meanGrowth`: growthStdev / √paths. */
  readonly standardError: number;
  /** Median terminal wealth, starting from 1. */
  readonly medianTerminalWealth: number;
  /** Fraction of paths that end below the starting wealth. */
  readonly probabilityOfLoss: number;
  /** Median over paths of the maximum peak-to-trough drawdown (fraction of the peak). */
  readonly medianMaxDrawdown: number;
}

/** Result of {@link monteCarloKelly}. */
export interface MonteCarloKellyResult {
  readonly p: number;
  readonly b: number;
  /** Full Kelly fraction f* = p − q/b. */
  readonly kellyFraction: number;
  /** g(f*), the best achievable growth per bet. */
  readonly optimalGrowth: number;
  readonly trades: number;
  readonly paths: number;
  readonly seed: number;
  readonly rows: readonly MonteCarloKellyRow[];
}

/**
 * Monte Carlo validation of binary Kelly: simulates `paths` sequences of `trades` bets and
 * compares the realised log-growth at several multiples of f* with the analytic
 * g(f) = p·ln(1 + b·f) + q·ln(1 − f).
 *
 * Use it to check the formulas (tests do) and to show a trader what over-betting costs: at 2·f*
 * the growth is about zero and the drawdowns are far deeper. All fractions see the **same**
 * simulated outcomes (common random numbers), so differences between rows are due to the
 * fraction, not to luck. Deterministic for a given seed.
 *
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` for p outside (0, 1), b ≤ 0, no edge
 *   (f* = 0, nothing to scale), a negative multiple or one giving a fraction ≥ 1, or non-integer
 *   trades/paths/seed.
 * @example
 * ```ts
 * import { monteCarloKelly } from '@minhos/kelly';
 * const mc = monteCarloKelly({ p: 0.55, b: 1, trades: 1000, paths: 2000, seed: 7 });
 * mc.rows.map((r) => [r.multiple, r.analyticGrowth, r.medianGrowth]);
 * ```
 */
export function monteCarloKelly(input: MonteCarloKellyInput): MonteCarloKellyResult {
  const { p, b } = input;
  const multiples = input.multiples ?? [0.25, 0.5, 1, 2];
  const trades = input.trades ?? 1000;
  const paths = input.paths ?? 2000;
  const seed = input.seed ?? 1;
  const bad = (message: string): MinhosError =>
    new MinhosError('KELLY_INVALID_INPUT', `monteCarloKelly: ${message}`);
  if (!(p > 0 && p < 1)) throw bad(`p must be in (0, 1), got ${p}`);
  if (!(b > 0) || !Number.isFinite(b)) throw bad(`b must be a positive finite number, got ${b}`);
  if (!Number.isInteger(trades) || trades < 1) throw bad(`trades must be a positive integer, got ${trades}`);
  if (!Number.isInteger(paths) || paths < 2) throw bad(`paths must be an integer ≥ 2, got ${paths}`);
  const kelly = binaryKelly(p, b);
  if (kelly === 0) throw bad(`p = ${p}, b = ${b} has no edge (f* = 0): nothing to validate`);
  const fractions = multiples.map((m) => {
    if (!(m >= 0) || !(m * kelly < 1)) {
      throw bad(`multiple ${m} gives fraction ${m * kelly}, expected a fraction in [0, 1)`);
    }
    return m * kelly;
  });
  const k = fractions.length;
  const up = fractions.map((f) => Math.log1p(b * f));
  const down = fractions.map((f) => Math.log1p(-f));
  const growth = fractions.map(() => new Float64Array(paths));
  const maxDrawdown = fractions.map(() => new Float64Array(paths));
  const logWealth = new Float64Array(k);
  const logPeak = new Float64Array(k);
  const worst = new Float64Array(k);
  const rnd = seededRandom(seed);
  for (let path = 0; path < paths; path++) {
    logWealth.fill(0);
    logPeak.fill(0);
    worst.fill(0);
    for (let t = 0; t < trades; t++) {
      const win = rnd() < p;
      for (let j = 0; j < k; j++) {
        const w = (logWealth[j] as number) + (win ? (up[j] as number) : (down[j] as number));
        logWealth[j] = w;
        if (w > (logPeak[j] as number)) logPeak[j] = w;
        else if ((logPeak[j] as number) - w > (worst[j] as number)) worst[j] = (logPeak[j] as number) - w;
      }
    }
    for (let j = 0; j < k; j++) {
      (growth[j] as Float64Array)[path] = (logWealth[j] as number) / trades;
      (maxDrawdown[j] as Float64Array)[path] = -Math.expm1(-(worst[j] as number));
    }
  }
  const rows = fractions.map((fraction, j): MonteCarloKellyRow => {
    const g = growth[j] as Float64Array;
    let sum = 0;
    let below = 0;
    for (const v of g) {
      sum += v;
      if (v < 0) below++;
    }
    const mean = sum / paths;
    let ss = 0;
    for (const v of g) ss += (v - mean) ** 2;
    const stdev = Math.sqrt(ss / (paths - 1));
    const median = medianOf(g);
    return {
      multiple: multiples[j] as number,
      fraction,
      analyticGrowth: binaryGrowthRate(p, b, fraction),
      medianGrowth: median,
      meanGrowth: mean,
      growthStdev: stdev,
      standardError: stdev / Math.sqrt(paths),
      medianTerminalWealth: Math.exp(median * trades),
      probabilityOfLoss: below / paths,
      medianMaxDrawdown: medianOf(maxDrawdown[j] as Float64Array),
    };
  });
  return {
    p,
    b,
    kellyFraction: kelly,
    optimalGrowth: binaryGrowthRate(p, b, kelly),
    trades,
    paths,
    seed,
    rows,
  };
}

function medianOf(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : 0.5 * ((sorted[mid - 1] as number) + (sorted[mid] as number));
}
