import { err, MinhosError, ok, type Result } from '@minhos/core';

/**
 * How a fraction of capital becomes contracts in {@link sizePosition}.
 *
 * - `'risk'` (default): `contracts = floor(equity × f / (stopDistance × pointValue + roundTripCostUsd))`:
 *   f is the fraction of equity lost if the trade is stopped out. This is what the binary Kelly
 *   formula means by "fraction wagered" when b is a per-contract win/loss ratio, and it is the one
 *   that trades a real account: 1 % of $100k at an 8-point ES stop is 2 contracts.
 * - `'notional'`: `contracts = floor(equity × f / (price × pointValue))`: f is the fraction of equity
 *   held as notional exposure (the original system's rule: one ES needs $5M at a 5 % cap).
 */
export type SizingBasis = 'notional' | 'risk';

/**
 * Parameters of the Kelly sizing pipeline ({@link DEFAULT_KELLY_SETTINGS}). Key names match the
 * `kelly` section of `@minhos/config`, so `sizePosition({ …, settings: config.kelly })` works as is
 * (this package does not import config; `examples/src/defaultsDrift.test.ts` checks they agree).
 * Every cap names its basis: no key means two things.
 */
export interface KellySettings {
  /** Fractional-Kelly multiplier c in (0, 1]: size = c·f*. Default 0.25 (quarter Kelly). */
  readonly fraction: number;
  /** Lower bound applied to the model's win probability. Default 0.1. */
  readonly minWinProbability: number;
  /** Upper bound applied to the model's win probability. Default 0.9. */
  readonly maxWinProbability: number;
  /**
   * Target **annualised** volatility (0.2 = 20 % a year). The input's volatility must be annualised
   * too: convert per-bar figures with {@link annualizeVolatility}. Default 0.2.
   */
  readonly targetAnnualizedVolatility: number;
  /** Cap on the volatility multiplier target/realised. Default 1 (only ever scales down). */
  readonly maxVolatilityScale: number;
  /** Smallest multiplier the portfolio-heat step can apply: `max(heatFloor, 1 − heat)`. Default 0.1. */
  readonly heatFloor: number;
  /**
   * Drawdown (fraction of peak equity) at which sizes start to shrink. Default 0.05: half of
   * `drawdownLimit`, so sizes shrink well before the gate denies.
   */
  readonly drawdownReductionStart: number;
  /**
   * Drawdown at which the size reaches 0: the risk gate's `maxDrawdownFraction` (default 0.10).
   * Between the start and the limit the multiplier falls from 1 to 0 (see `drawdownDecay`).
   */
  readonly drawdownLimit: number;
  /**
   * Rate k of the exponential reduction between the start and the limit,
   * `(e^(−k·x) − e^(−k)) / (1 − e^(−k))` with x the position between them (0 = linear). Default 1.
   */
  readonly drawdownDecay: number;
  /** Basis `'risk'`: the most of equity one trade may lose at its stop, fraction. Default 0.01 (1 %). */
  readonly maxRiskFraction: number;
  /** Basis `'notional'`: the most of equity one position may hold as notional, fraction. Default 0.05. */
  readonly maxNotionalFraction: number;
  /** Hard cap on contracts per position. Default 5 (the gate's `maxPositionContracts`). */
  readonly maxContracts: number;
  /** Rolling window (number of most recent trades) for win/loss statistics. Default 100. */
  readonly statsWindow: number;
  /** Decisive (non-scratch) trades needed before trade statistics are trusted. Default 30. */
  readonly minTrades: number;
  /** How the final fraction becomes contracts. Default `'risk'`. */
  readonly basis: SizingBasis;
}

/**
 * Defaults of {@link KellySettings}: quarter Kelly, probability bounded to [0.1, 0.9], risk basis
 * with at most 1 % of equity lost at the stop (5 % notional on the notional basis), volatility
 * scaling `min(1, 0.2 / annualised vol)`, heat multiplier `max(0.1, 1 − heat)`, drawdown
 * protection from 5 % (exponential, rate 1) to 0 at 10 % (the gate's limit), 5 contracts max.
 *
 * @example
 * ```ts
 * import { DEFAULT_KELLY_SETTINGS } from '@minhos/kelly';
 * DEFAULT_KELLY_SETTINGS.basis; // 'risk'
 * ```
 */
export const DEFAULT_KELLY_SETTINGS: KellySettings = Object.freeze({
  fraction: 0.25,
  minWinProbability: 0.1,
  maxWinProbability: 0.9,
  targetAnnualizedVolatility: 0.2,
  maxVolatilityScale: 1,
  heatFloor: 0.1,
  drawdownReductionStart: 0.05,
  drawdownLimit: 0.1,
  drawdownDecay: 1,
  maxRiskFraction: 0.01,
  maxNotionalFraction: 0.05,
  maxContracts: 5,
  statsWindow: 100,
  minTrades: 30,
  basis: 'risk',
});

type Check = readonly [keyof KellySettings, (v: number) => boolean, string];

const NUMBER_CHECKS: readonly Check[] = [
  ['fraction', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['minWinProbability', (v) => v >= 0 && v < 1, 'a number in [0, 1)'],
  ['maxWinProbability', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['targetAnnualizedVolatility', (v) => v > 0, 'a positive number'],
  ['maxVolatilityScale', (v) => v > 0, 'a positive number'],
  ['heatFloor', (v) => v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['drawdownReductionStart', (v) => v >= 0 && v < 1, 'a number in [0, 1)'],
  ['drawdownLimit', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['drawdownDecay', (v) => v >= 0 && v <= 50, 'a number in [0, 50]'],
  ['maxRiskFraction', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['maxNotionalFraction', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['maxContracts', (v) => Number.isInteger(v) && v >= 0, 'a non-negative integer'],
  ['statsWindow', (v) => Number.isInteger(v) && v >= 1, 'a positive integer'],
  ['minTrades', (v) => Number.isInteger(v) && v >= 1, 'a positive integer'],
];

/**
 * Merges overrides onto {@link DEFAULT_KELLY_SETTINGS} and validates every field.
 *
 * Use it once when settings come from configuration; {@link sizePosition} calls it for you and
 * turns an error into a zero size with the message as the reason.
 *
 * @returns the frozen settings, or a `MinhosError` with code `KELLY_INVALID_SETTINGS` naming the
 *   key, the value and what was expected.
 * @example
 * ```ts
 * import { resolveKellySettings } from '@minhos/kelly';
 * const r = resolveKellySettings({ fraction: 0.5 });
 * if (r.ok) r.value.fraction; // 0.5
 * ```
 */
export function resolveKellySettings(
  overrides: Partial<KellySettings> = {},
): Result<KellySettings, MinhosError> {
  const merged: KellySettings = { ...DEFAULT_KELLY_SETTINGS, ...overrides };
  for (const [key, valid, expected] of NUMBER_CHECKS) {
    const value = merged[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || !valid(value)) {
      return err(invalid(key, value, expected));
    }
  }
  if (merged.minWinProbability >= merged.maxWinProbability) {
    return err(
      invalid(
        'minWinProbability',
        merged.minWinProbability,
        `a number below maxWinProbability (${merged.maxWinProbability})`,
      ),
    );
  }
  if (merged.drawdownReductionStart >= merged.drawdownLimit) {
    return err(
      invalid(
        'drawdownReductionStart',
        merged.drawdownReductionStart,
        `a number below drawdownLimit (${merged.drawdownLimit})`,
      ),
    );
  }
  for (const removed of ['hardCap', 'targetVolatility', 'drawdownThreshold', 'drawdownFloor']) {
    if (removed in overrides) {
      return err(
        invalid(
          removed,
          (overrides as Record<string, unknown>)[removed],
          `absent: it was replaced by ${REPLACED[removed]}`,
        ),
      );
    }
  }
  if (merged.minTrades > merged.statsWindow) {
    return err(
      invalid(
        'minTrades',
        merged.minTrades,
        `at most statsWindow (${merged.statsWindow}), or it is never met`,
      ),
    );
  }
  if (merged.basis !== 'notional' && merged.basis !== 'risk') {
    return err(invalid('basis', merged.basis, `'notional' or 'risk'`));
  }
  return ok(Object.freeze(merged));
}

const REPLACED: Readonly<Record<string, string>> = {
  hardCap: 'maxRiskFraction (basis risk) and maxNotionalFraction (basis notional)',
  targetVolatility: 'targetAnnualizedVolatility',
  drawdownThreshold: 'drawdownReductionStart and drawdownLimit',
  drawdownFloor: 'drawdownLimit (the size reaches 0 there)',
};

function invalid(key: string, value: unknown, expected: string): MinhosError {
  return new MinhosError(
    'KELLY_INVALID_SETTINGS',
    `kelly settings: ${key} must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    { details: { key, value: String(value) } },
  );
}
