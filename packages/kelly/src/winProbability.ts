/**
 * Anything with a scikit-learn-like `predictProba`: returns P(win) as a number, a `[P(loss),
 * P(win)]` pair, or a batch of one such row (`[[P(loss), P(win)]]`).
 */
export interface ProbabilityEstimator<X = unknown> {
  predictProba(features: X): number | ArrayLike<number> | ArrayLike<ArrayLike<number>>;
}

/** A win probability, or an estimator to ask for one. */
export type WinProbabilitySource<X = unknown> = number | ProbabilityEstimator<X>;

/** Outcome of {@link winProbability}: a usable probability or the reason there is none. */
export type WinProbability =
  | { readonly ok: true; readonly raw: number; readonly bounded: number; readonly reason: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Resolves a calibrated win probability from a number or a `predictProba`-like estimator and
 * bounds it to [min, max] (default [0.1, 0.9]).
 *
 * Use it to accept any model (a calibrated ensemble from `@minhos/models`, a logistic regression,
 * a constant) without depending on it. The bounds keep an over-confident model from asking for a
 * near-all-in bet: with p = 0.99 and b = 1, full Kelly is 98 % of capital. The estimator is
 * called once; if it throws or returns something that is not a probability in [0, 1], the result
 * says why instead of throwing, so a broken model sizes to zero rather than crashing a live loop.
 *
 * @example
 * ```ts
 * import { winProbability } from '@minhos/kelly';
 * const model = { predictProba: (x: number[]) => [0.35, 0.65] };
 * const r = winProbability(model, [1, 2, 3]);
 * if (r.ok) r.bounded; // 0.65
 * winProbability(0.97); // { ok: true, raw: 0.97, bounded: 0.9, … }
 * ```
 */
export function winProbability<X>(
  source: WinProbabilitySource<X>,
  features?: X,
  bounds: { readonly min: number; readonly max: number } = { min: 0.1, max: 0.9 },
): WinProbability {
  let raw: unknown;
  let origin: string;
  if (typeof source === 'number') {
    raw = source;
    origin = 'given';
  } else if (source !== null && typeof source === 'object' && typeof source.predictProba === 'function') {
    try {
      const output: unknown = source.predictProba(features as X);
      if (
        output !== null &&
        typeof output === 'object' &&
        typeof (output as { then?: unknown }).then === 'function'
      ) {
        return {
          ok: false,
          reason:
            'estimator returned a Promise: await predictProba yourself and pass the probability (sizing is synchronous)',
        };
      }
      raw = extract(output);
    } catch (cause) {
      return {
        ok: false,
        reason: `estimator threw: ${cause instanceof Error ? cause.message : String(cause)}`,
      };
    }
    origin = 'from estimator';
  } else {
    return {
      ok: false,
      reason: `expected a number or an object with predictProba(x), got ${describe(source)}`,
    };
  }
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0 || raw > 1) {
    return {
      ok: false,
      reason: `win probability ${origin} is ${describe(raw)}, expected a number in [0, 1]`,
    };
  }
  const bounded = Math.min(bounds.max, Math.max(bounds.min, raw));
  const reason =
    bounded === raw
      ? `p = ${raw.toFixed(4)} ${origin}, within [${bounds.min}, ${bounds.max}]`
      : `p = ${raw.toFixed(4)} ${origin}, bounded to ${bounded} (limits [${bounds.min}, ${bounds.max}])`;
  return { ok: true, raw, bounded, reason };
}

/** Picks P(win) out of a number, a [P(loss), P(win)] pair, a single [P(win)], or a one-row batch. */
function extract(output: unknown): unknown {
  if (output === null || typeof output !== 'object' || !('length' in output)) return output;
  const row = output as ArrayLike<unknown>;
  const first = row[0];
  if (row.length === 1 && typeof first === 'object' && first !== null) return extract(first);
  if (row.length === 2) return row[1];
  if (row.length === 1) return first;
  return row;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (typeof value === 'object' && 'length' in value) {
    return `an array of length ${(value as ArrayLike<unknown>).length}`;
  }
  return typeof value;
}
