import { err, MinhosError, ok, type Result } from '@minhos/core';

/**
 * How a fraction of capital becomes contracts in {@link sizePosition}.
 *
 * - `'notional'`: `contracts = floor(capital × f / (price × pointValue))`: f is the fraction of
 *   capital held as notional exposure. This is the original system's rule.
 * - `'risk'`: `contracts = floor(capital × f / riskPerContract)`: f is the fraction of capital
 *   lost if the trade loses (stop distance × point value per contract). This is what the binary
 *   Kelly formula means by "fraction wagered" when b is a per-contract win/loss ratio.
 */
export type SizingBasis = 'notional' | 'risk';

/**
 * Parameters of the Kelly sizing pipeline. Defaults ({@link DEFAULT_KELLY_SETTINGS}) match the
 * original MinhOS system. Key names match the `kelly` section of `@minhos/config`, so
 * `sizePosition({ …, settings: config.kelly })` works as is (this package does not import config).
 */
export interface KellySettings {
  /** Fractional-Kelly multiplier c in (0, 1]: size = c·f*. Default 0.25 (quarter Kelly). */
  readonly fraction: number;
  /** Lower bound applied to the model's win probability. Default 0.1. */
  readonly minWinProbability: number;
  /** Upper bound applied to the model's win probability. Default 0.9. */
  readonly maxWinProbability: number;
  /** Target volatility, same units as the realised volatility you pass (e.g. annualised 0.2 = 20 %). Default 0.2. */
  readonly targetVolatility: number;
  /** Cap on the volatility multiplier target/realised. Default 1 (only ever scales down). */
  readonly maxVolatilityScale: number;
  /** Smallest multiplier the portfolio-heat step can apply: `max(heatFloor, 1 − heat)`. Default 0.1. */
  readonly heatFloor: number;
  /** Drawdown (fraction of peak equity) above which sizes shrink. Default 0.10. */
  readonly drawdownThreshold: number;
  /** Decay rate k of `exp(−k·(drawdown − threshold))`. Default 5. */
  readonly drawdownDecay: number;
  /** Smallest drawdown multiplier. Default 0.1. */
  readonly drawdownFloor: number;
  /** Hard cap on the fraction of capital. Default 0.05 (5 %). */
  readonly hardCap: number;
  /** Hard cap on contracts per position. Default 5. */
  readonly maxContracts: number;
  /** Rolling window (number of most recent trades) for win/loss statistics. Default 100. */
  readonly statsWindow: number;
  /** Decisive (non-scratch) trades needed before trade statistics are trusted. Default 30. */
  readonly minTrades: number;
  /** How the final fraction becomes contracts. Default `'notional'` (the original's rule). */
  readonly basis: SizingBasis;
}

/**
 * Defaults of {@link KellySettings}, taken from the original system: quarter Kelly, probability
 * bounded to [0.1, 0.9], volatility scaling `min(1, 0.2 / vol)`, heat multiplier
 * `max(0.1, 1 − heat)`, drawdown protection past 10 % with rate 5 and floor 0.1, 5 % hard cap,
 * 5 contracts max.
 *
 * @example
 * ```ts
 * import { DEFAULT_KELLY_SETTINGS } from '@minhos/kelly';
 * DEFAULT_KELLY_SETTINGS.fraction; // 0.25
 * ```
 */
export const DEFAULT_KELLY_SETTINGS: KellySettings = Object.freeze({
  fraction: 0.25,
  minWinProbability: 0.1,
  maxWinProbability: 0.9,
  targetVolatility: 0.2,
  maxVolatilityScale: 1,
  heatFloor: 0.1,
  drawdownThreshold: 0.1,
  drawdownDecay: 5,
  drawdownFloor: 0.1,
  hardCap: 0.05,
  maxContracts: 5,
  statsWindow: 100,
  minTrades: 30,
  basis: 'notional',
});

type Check = readonly [keyof KellySettings, (v: number) => boolean, string];

const NUMBER_CHECKS: readonly Check[] = [
  ['fraction', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['minWinProbability', (v) => v >= 0 && v < 1, 'a number in [0, 1)'],
  ['maxWinProbability', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
  ['targetVolatility', (v) => v > 0, 'a positive number'],
  ['maxVolatilityScale', (v) => v > 0, 'a positive number'],
  ['heatFloor', (v) => v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['drawdownThreshold', (v) => v >= 0 && v < 1, 'a number in [0, 1)'],
  ['drawdownDecay', (v) => v >= 0, 'a non-negative number'],
  ['drawdownFloor', (v) => v >= 0 && v <= 1, 'a number in [0, 1]'],
  ['hardCap', (v) => v > 0 && v <= 1, 'a number in (0, 1]'],
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

function invalid(key: string, value: unknown, expected: string): MinhosError {
  return new MinhosError(
    'KELLY_INVALID_SETTINGS',
    `kelly settings: ${key} must be ${expected}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
    { details: { key, value: String(value) } },
  );
}
