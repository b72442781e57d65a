import { MinhosError } from '@minhos/core';

/** One enabled symbol's readings for {@link rankUniverse}. */
export interface UniverseCandidate {
  readonly instrumentId: string;
  /** Strength of the current signal in [0, 1] (e.g. the fused confidence). */
  readonly signalStrength: number;
  /** Liquidity, e.g. average volume or dollar volume per bar (≥ 0). */
  readonly liquidity: number;
  /** Volatility, e.g. stdev of returns (≥ 0). */
  readonly volatility: number;
}

/** Options of {@link rankUniverse}. */
export interface RankUniverseOptions {
  /** How many to trade (≥ 1). */
  readonly topN: number;
  /** Weights of the three percentile scores (default signal 0.5, liquidity 0.3, volatility 0.2). */
  readonly weights?: { readonly signal?: number; readonly liquidity?: number; readonly volatility?: number };
}

/** A ranked candidate. */
export interface RankedCandidate extends UniverseCandidate {
  readonly rank: number;
  readonly score: number;
  /** Percentile scores in [0, 1]: signal and liquidity higher is better, volatility lower is better. */
  readonly scores: { readonly signal: number; readonly liquidity: number; readonly volatility: number };
  readonly selected: boolean;
}

/** Percentile of each value among all (ties share the average rank), 0 lowest … 1 highest; 1 for a single value. */
function percentiles(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 1) return [1];
  return values.map((v) => {
    let below = 0;
    let equal = 0;
    for (const w of values) {
      if (w < v) below += 1;
      else if (w === v) equal += 1;
    }
    return (below + (equal - 1) / 2) / (n - 1);
  });
}

/**
 * Ranks the enabled symbols and selects the top N to trade: each reading becomes a percentile
 * among the candidates (signal strength and liquidity: higher is better; volatility: lower is
 * better, so equal signals prefer the calmer market), the score is their weighted sum, ties are
 * broken by instrument id. Candidates with no signal (strength 0) are never selected.
 *
 * @throws {@link @minhos/core!MinhosError} `UNIVERSE_INVALID` for a bad `topN`, weight or reading.
 * @example
 * ```ts
 * import { rankUniverse } from '@minhos/engine';
 * rankUniverse([
 *   { instrumentId: 'ES', signalStrength: 0.8, liquidity: 1e6, volatility: 0.01 },
 *   { instrumentId: 'NQ', signalStrength: 0.6, liquidity: 4e5, volatility: 0.015 },
 * ], { topN: 1 })[0].instrumentId; // 'ES'
 * ```
 */
export function rankUniverse(
  candidates: readonly UniverseCandidate[],
  options: RankUniverseOptions,
): RankedCandidate[] {
  if (!(Number.isInteger(options.topN) && options.topN >= 1)) {
    throw new MinhosError(
      'UNIVERSE_INVALID',
      `rankUniverse: topN must be a whole number ≥ 1, got ${options.topN}`,
    );
  }
  const w = { signal: 0.5, liquidity: 0.3, volatility: 0.2, ...options.weights };
  for (const [k, v] of Object.entries(w)) {
    if (!(Number.isFinite(v) && v >= 0))
      throw new MinhosError('UNIVERSE_INVALID', `rankUniverse: weight ${k} must be ≥ 0, got ${v}`);
  }
  for (const c of candidates) {
    if (!(c.signalStrength >= 0 && c.signalStrength <= 1 && c.liquidity >= 0 && c.volatility >= 0)) {
      throw new MinhosError(
        'UNIVERSE_INVALID',
        `rankUniverse: ${c.instrumentId} needs signalStrength in [0, 1] and liquidity, volatility ≥ 0, got ${c.signalStrength}, ${c.liquidity}, ${c.volatility}`,
      );
    }
  }
  if (candidates.length === 0) return [];
  const sig = percentiles(candidates.map((c) => c.signalStrength));
  const liq = percentiles(candidates.map((c) => c.liquidity));
  const vol = percentiles(candidates.map((c) => c.volatility)).map((p) =>
    candidates.length === 1 ? 1 : 1 - p,
  );
  const total = w.signal + w.liquidity + w.volatility || 1;
  const scored = candidates.map((c, i) => {
    const scores = { signal: sig[i] as number, liquidity: liq[i] as number, volatility: vol[i] as number };
    return {
      ...c,
      scores,
      score:
        (w.signal * scores.signal + w.liquidity * scores.liquidity + w.volatility * scores.volatility) /
        total,
    };
  });
  scored.sort(
    (a, b) =>
      b.score - a.score || (a.instrumentId < b.instrumentId ? -1 : a.instrumentId > b.instrumentId ? 1 : 0),
  );
  let picked = 0;
  return scored.map((c, i) => {
    const selected = picked < options.topN && c.signalStrength > 0;
    if (selected) picked += 1;
    return { ...c, rank: i + 1, selected };
  });
}
