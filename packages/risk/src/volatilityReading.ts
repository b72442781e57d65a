import { err, MinhosError, ok, type Result } from '@minhos/core';
import { windowVolatility } from './internal/volatility.js';
import type { VolatilityReading } from './types.js';

/**
 * Realised volatility of the last `window` log returns of `closes` next to its baseline (median of
 * up to `baselineWindows` non-overlapping windows, this one included) — the reading the gate's
 * volatility check and the VOLATILITY_SPIKE breaker compare with `maxVolatilityRatio`. Same
 * measure as the market state classifier's `volRatio`. Volatility is the per-bar standard
 * deviation of log returns (not annualised).
 *
 * Returns `VOLATILITY_INSUFFICIENT_DATA` when fewer than `minBaselineWindows` windows fit.
 *
 * @example
 * ```ts
 * import { volatilityReading } from '@minhos/risk';
 * declare const closes: Float64Array; // e.g. the last 1,200 one-minute closes
 * const r = volatilityReading(closes, { window: 60, baselineWindows: 20 });
 * if (r.ok) r.value.realisedPerBar / r.value.baselinePerBar; // the ratio
 * ```
 */
export function volatilityReading(
  closes: ArrayLike<number>,
  options: {
    readonly window?: number;
    readonly baselineWindows?: number;
    readonly minBaselineWindows?: number;
  } = {},
): Result<VolatilityReading, MinhosError> {
  const window = options.window ?? 60;
  const baselineWindows = options.baselineWindows ?? 20;
  const minBaselineWindows = options.minBaselineWindows ?? 5;
  if (!Number.isInteger(window) || window < 2 || !Number.isInteger(baselineWindows) || baselineWindows < 1) {
    throw new MinhosError(
      'VOLATILITY_OPTIONS_INVALID',
      `volatilityReading: window must be an integer ≥ 2 and baselineWindows an integer ≥ 1, got ${window} and ${baselineWindows}`,
    );
  }
  const logClose = new Float64Array(closes.length);
  for (let i = 0; i < closes.length; i++) {
    const c = closes[i] as number;
    if (!(Number.isFinite(c) && c > 0)) {
      throw new MinhosError(
        'VOLATILITY_BAD_PRICE',
        `volatilityReading: close[${i}] must be a positive finite price, got ${c}`,
      );
    }
    logClose[i] = Math.log(c);
  }
  const v = windowVolatility(logClose, logClose.length - 1, window, baselineWindows);
  if (v.count < minBaselineWindows) {
    return err(
      new MinhosError(
        'VOLATILITY_INSUFFICIENT_DATA',
        `volatilityReading: need ${window * minBaselineWindows + 1} closes for ${minBaselineWindows} windows of ${window}, got ${closes.length}`,
      ),
    );
  }
  return ok({ realisedPerBar: v.volatility, baselinePerBar: v.baseline });
}
