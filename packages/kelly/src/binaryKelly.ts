import { MinhosError } from '@minhos/core';

function checkProbability(where: string, p: number): void {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new MinhosError('KELLY_INVALID_INPUT', `${where}: p must be a probability in [0, 1], got ${p}`);
  }
}

function checkPayoff(where: string, b: number): void {
  if (typeof b !== 'number' || Number.isNaN(b) || b === Number.NEGATIVE_INFINITY) {
    throw new MinhosError('KELLY_INVALID_INPUT', `${where}: b must be a number, got ${b}`);
  }
}

/**
 * Full Kelly fraction of a binary bet: `f* = p − q/b`, with q = 1 − p and b the payoff ratio
 * (average win / average loss), floored at 0.
 *
 * Use it when each trade either wins `b` units or loses 1 unit per unit risked. f* is the
 * fraction of capital to **risk** (lose on a loss). A negative f* means the bet has no edge; the
 * opposite trade is a different bet with its own p and b, so 0 is returned rather than a short.
 * A payoff ratio b ≤ 0 (nothing to win) also gives 0.
 *
 * @param p - win probability in [0, 1].
 * @param b - payoff ratio average win / average loss (dimensionless).
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` if p is not a probability or b is NaN.
 * @example
 * ```ts
 * import { binaryKelly } from '@minhos/kelly';
 * binaryKelly(0.55, 1); // 0.1
 * binaryKelly(0.5, 1); // 0 (fair game)
 * binaryKelly(0.4, 1); // 0 (negative edge)
 * ```
 */
export function binaryKelly(p: number, b: number): number {
  checkProbability('binaryKelly', p);
  checkPayoff('binaryKelly', b);
  if (!(b > 0)) return 0;
  if (b === Number.POSITIVE_INFINITY) return p;
  return Math.max(0, p - (1 - p) / b);
}

/**
 * Win probability at which a bet with payoff ratio b breaks even: `1 / (1 + b)`.
 *
 * Use it to explain why a size is zero (the model's p is at or below this).
 *
 * @param b - payoff ratio average win / average loss, > 0.
 * @returns a probability in (0, 1); 1 for b ≤ 0 (no probability makes it worthwhile).
 * @example
 * ```ts
 * import { breakEvenProbability } from '@minhos/kelly';
 * breakEvenProbability(1); // 0.5
 * breakEvenProbability(2); // 0.333…
 * ```
 */
export function breakEvenProbability(b: number): number {
  checkPayoff('breakEvenProbability', b);
  return b > 0 ? 1 / (1 + b) : 1;
}

/**
 * Expected log-growth per bet of risking fraction f on a binary bet:
 * `g(f) = p·ln(1 + b·f) + q·ln(1 − f)`.
 *
 * Use it to compare sizings analytically (it is what {@link monteCarloKelly} checks its
 * simulation against). g is maximised at f = {@link binaryKelly}(p, b).
 *
 * @param f - fraction of capital risked, in [0, 1]; f = 1 with q > 0 gives −Infinity (ruin).
 * @returns natural-log growth per bet (multiply by the number of bets for the horizon).
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` for p outside [0, 1], NaN b, or f outside [0, 1].
 * @example
 * ```ts
 * import { binaryGrowthRate } from '@minhos/kelly';
 * binaryGrowthRate(0.55, 1, 0.1); // ≈ 0.005008
 * ```
 */
export function binaryGrowthRate(p: number, b: number, f: number): number {
  checkProbability('binaryGrowthRate', p);
  checkPayoff('binaryGrowthRate', b);
  if (typeof f !== 'number' || !Number.isFinite(f) || f < 0 || f > 1) {
    throw new MinhosError('KELLY_INVALID_INPUT', `binaryGrowthRate: f must be in [0, 1], got ${f}`);
  }
  const q = 1 - p;
  // 0·ln(0) is taken as 0: an outcome that never happens cannot ruin the bettor.
  const winTerm = p === 0 ? 0 : p * Math.log1p(b * f);
  const lossTerm = q === 0 ? 0 : q * Math.log1p(-f);
  return winTerm + lossTerm;
}
