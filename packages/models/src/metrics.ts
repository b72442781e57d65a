import { MinhosError } from '@minhos/core';

function checkPair(where: string, p: ArrayLike<number>, y: ArrayLike<number>): void {
  if (p.length !== y.length) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `${where}: ${p.length} probabilities but ${y.length} labels; expected one per sample`,
    );
  }
}

/** A proportion with its 95% Wilson score interval. */
export interface Proportion {
  /** successes / n (NaN when n = 0). */
  readonly value: number;
  readonly successes: number;
  readonly n: number;
  /** Lower bound of the Wilson interval. */
  readonly lower: number;
  /** Upper bound of the Wilson interval. */
  readonly upper: number;
}

/**
 * Wilson score interval for a binomial proportion (default z = 1.96, 95%).
 *
 * Use it for hit rates: unlike the normal approximation it stays inside [0, 1] and behaves at small n.
 *
 * @example
 * ```ts
 * import { wilsonInterval } from '@minhos/models';
 * wilsonInterval(520, 1000); // { value: 0.52, lower: 0.489…, upper: 0.551… }
 * ```
 */
export function wilsonInterval(successes: number, n: number, z = 1.959963984540054): Proportion {
  if (n === 0) return { value: Number.NaN, successes, n, lower: 0, upper: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { value: p, successes, n, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * Directional accuracy: share of samples where `p > 0.5` matches `y = 1` (and `p < 0.5` matches
 * `y = 0`), with its 95% Wilson interval. A probability of exactly 0.5 counts as a miss.
 *
 * @example
 * ```ts
 * import { directionalAccuracy } from '@minhos/models';
 * directionalAccuracy([0.9, 0.2, 0.6], [1, 0, 0]).value; // 2/3
 * ```
 */
export function directionalAccuracy(proba: ArrayLike<number>, y: ArrayLike<number>): Proportion {
  checkPair('directionalAccuracy', proba, y);
  let hits = 0;
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    if ((p > 0.5 && y[i] === 1) || (p < 0.5 && y[i] === 0)) hits++;
  }
  return wilsonInterval(hits, proba.length);
}

/**
 * Mean binary cross-entropy (natural log), probabilities clipped to [eps, 1 − eps].
 * 0.6931 (ln 2) is the score of a constant 0.5.
 *
 * @example
 * ```ts
 * import { logLoss } from '@minhos/models';
 * logLoss([0.5, 0.5], [1, 0]); // 0.6931…
 * ```
 */
export function logLoss(proba: ArrayLike<number>, y: ArrayLike<number>, eps = 1e-15): number {
  checkPair('logLoss', proba, y);
  let s = 0;
  for (let i = 0; i < proba.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, proba[i]!));
    s -= y[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return proba.length === 0 ? Number.NaN : s / proba.length;
}

/**
 * Brier score: mean squared error of probabilities against 0/1 outcomes (0 = perfect, 0.25 = a
 * constant 0.5).
 *
 * @example
 * ```ts
 * import { brierScore } from '@minhos/models';
 * brierScore([1, 0], [1, 0]); // 0
 * ```
 */
export function brierScore(proba: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair('brierScore', proba, y);
  let s = 0;
  for (let i = 0; i < proba.length; i++) {
    const d = proba[i]! - y[i]!;
    s += d * d;
  }
  return proba.length === 0 ? Number.NaN : s / proba.length;
}

/** One bin of a {@link reliabilityTable}. */
export interface ReliabilityBin {
  /** Bin lower edge (inclusive), in probability. */
  readonly lower: number;
  /** Bin upper edge (exclusive, except the last bin which includes 1). */
  readonly upper: number;
  /** Mean predicted probability of the samples in the bin (NaN when empty). */
  readonly meanPredicted: number;
  /** Observed frequency of label 1 in the bin (NaN when empty). */
  readonly observedFrequency: number;
  readonly count: number;
}

/**
 * Reliability (calibration) table over `bins` equal-width probability bins: for a calibrated model
 * `observedFrequency ≈ meanPredicted` in every populated bin.
 *
 * @example
 * ```ts
 * import { reliabilityTable } from '@minhos/models';
 * reliabilityTable([0.1, 0.15, 0.9], [0, 0, 1], 10).filter((b) => b.count > 0).length; // 2
 * ```
 */
export function reliabilityTable(
  proba: ArrayLike<number>,
  y: ArrayLike<number>,
  bins = 10,
): ReliabilityBin[] {
  checkPair('reliabilityTable', proba, y);
  if (!Number.isInteger(bins) || bins < 1) {
    throw new MinhosError('MODEL_BAD_INPUT', `reliabilityTable: bins must be an integer ≥ 1, got ${bins}`);
  }
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    sumP[b]! += p;
    sumY[b]! += y[i]!;
    count[b]! += 1;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const c = count[b]!;
    out.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      meanPredicted: c > 0 ? sumP[b]! / c : Number.NaN,
      observedFrequency: c > 0 ? sumY[b]! / c : Number.NaN,
      count: c,
    });
  }
  return out;
}

/** Options of {@link strategyPnl}. */
export interface StrategyPnlOptions {
  /**
   * Cost of changing the position by one unit, as a fraction of price (e.g. one ES tick + fees ≈
   * 0.25 / 4500 ≈ 5.6e-5). Going from long to short costs twice this. Default 0.
   */
  readonly costPerUnit?: number;
  /**
   * Dead band around 0.5: trade long only when p > 0.5 + band, short when p < 0.5 − band, else flat.
   * Default 0 (always in the market unless p is exactly 0.5).
   */
  readonly band?: number;
}

/** Summary of a simple long/short strategy driven by probabilities. */
export interface StrategyPnl {
  /** Sum of per-sample net returns (fractional, e.g. 0.05 = +5%; additive, not compounded). */
  readonly totalReturn: number;
  /** Mean net return per sample. */
  readonly meanReturn: number;
  /** Mean / standard deviation of per-sample net returns (not annualised). */
  readonly sharpePerSample: number;
  /** Total costs paid (same units as returns). */
  readonly costs: number;
  /** Number of position changes. */
  readonly trades: number;
  /** Share of samples with a non-flat position. */
  readonly exposure: number;
  /** Share of in-market samples whose gross return was > 0. */
  readonly hitRate: number;
}

/**
 * A one-unit long/short strategy: position +1 when p > 0.5 + band, −1 when p < 0.5 − band, else 0;
 * each sample earns `position × forwardReturn` minus `costPerUnit × |Δposition|`. Returns are
 * fractional (not points, not dollars). Samples are taken as consecutive, non-overlapping periods —
 * with a label horizon h > 1 bar and one sample per bar, trades overlap and the sum counts each bar's
 * move up to h times.
 *
 * @example
 * ```ts
 * import { strategyPnl } from '@minhos/models';
 * strategyPnl([0.7, 0.3], [0.01, -0.02], { costPerUnit: 0.001 }).totalReturn; // 0.03 − 0.003
 * ```
 */
export function strategyPnl(
  proba: ArrayLike<number>,
  forwardReturns: ArrayLike<number>,
  options: StrategyPnlOptions = {},
): StrategyPnl {
  checkPair('strategyPnl', proba, forwardReturns);
  const cost = options.costPerUnit ?? 0;
  const band = options.band ?? 0;
  let prev = 0;
  let total = 0;
  let sumSq = 0;
  let costs = 0;
  let trades = 0;
  let inMarket = 0;
  let wins = 0;
  for (let i = 0; i < proba.length; i++) {
    const p = proba[i]!;
    const pos = p > 0.5 + band ? 1 : p < 0.5 - band ? -1 : 0;
    const gross = pos * forwardReturns[i]!;
    const c = cost * Math.abs(pos - prev);
    if (pos !== prev) trades++;
    if (pos !== 0) {
      inMarket++;
      if (gross > 0) wins++;
    }
    const net = gross - c;
    total += net;
    sumSq += net * net;
    costs += c;
    prev = pos;
  }
  const n = proba.length;
  const mean = n > 0 ? total / n : Number.NaN;
  const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : Number.NaN;
  return {
    totalReturn: total,
    meanReturn: mean,
    sharpePerSample: variance > 0 ? mean / Math.sqrt(variance) : 0,
    costs,
    trades,
    exposure: n > 0 ? inMarket / n : 0,
    hitRate: inMarket > 0 ? wins / inMarket : Number.NaN,
  };
}

/**
 * Pearson correlation of two equal-length series (NaN if either is constant).
 *
 * @example
 * ```ts
 * import { pearson } from '@minhos/models';
 * pearson([1, 2, 3], [2, 4, 6]); // 1
 * ```
 */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new MinhosError('MODEL_BAD_INPUT', `pearson: lengths differ (${a.length} vs ${b.length})`);
  }
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}
