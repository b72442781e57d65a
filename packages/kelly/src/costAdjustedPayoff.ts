import { MinhosError } from '@minhos/core';

/** Average win and loss after round-trip costs, and the resulting payoff ratio. */
export interface CostAdjustedPayoff {
  /** Average win minus the cost (can be ≤ 0: costs eat the whole win). */
  readonly averageWin: number;
  /** Average loss magnitude plus the cost. */
  readonly averageLoss: number;
  /** `averageWin / averageLoss` after costs; ≤ 0 means no positive Kelly size exists. */
  readonly payoffRatio: number;
}

/**
 * Transaction-cost adjustment of a win/loss profile:
 * `W' = W − c`, `L' = L + c`, `b' = W' / L'`.
 *
 * Use it before {@link binaryKelly} whenever the average win/loss come from gross prices: a
 * round-trip cost c (commission + expected slippage, per contract) is paid on every trade, so it
 * shrinks every win and deepens every loss. The original system subtracted 0.1 % from the Kelly
 * fraction instead, which mixes units (a cost in dollars is not a fraction of capital); this keeps
 * the cost in the same units as the P&L it reduces.
 *
 * @param averageWin - average winning trade, > 0, in P&L units (dollars or points per contract).
 * @param averageLoss - average losing trade as a positive magnitude, same units.
 * @param costPerTrade - round-trip cost per trade, ≥ 0, same units.
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` naming the bad argument.
 * @example
 * ```ts
 * import { costAdjustedPayoff } from '@minhos/kelly';
 * // ES: average win $600, average loss $400, $5 commission + 1 tick ($12.50) slippage
 * costAdjustedPayoff(600, 400, 17.5).payoffRatio; // 582.5 / 417.5 ≈ 1.395
 * ```
 */
export function costAdjustedPayoff(
  averageWin: number,
  averageLoss: number,
  costPerTrade = 0,
): CostAdjustedPayoff {
  const bad = (name: string, value: number, expected: string): MinhosError =>
    new MinhosError('KELLY_INVALID_INPUT', `costAdjustedPayoff: ${name} must be ${expected}, got ${value}`);
  if (!Number.isFinite(averageWin) || averageWin <= 0)
    throw bad('averageWin', averageWin, 'a positive number');
  if (!Number.isFinite(averageLoss) || averageLoss <= 0) {
    throw bad('averageLoss', averageLoss, 'a positive magnitude');
  }
  if (!Number.isFinite(costPerTrade) || costPerTrade < 0) {
    throw bad('costPerTrade', costPerTrade, 'a non-negative number');
  }
  const win = averageWin - costPerTrade;
  const loss = averageLoss + costPerTrade;
  return { averageWin: win, averageLoss: loss, payoffRatio: win / loss };
}
