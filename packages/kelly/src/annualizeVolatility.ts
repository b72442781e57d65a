import { err, MinhosError, ok, type Result, US_PER_DAY } from '@minhos/core';

/** Calendar assumptions of {@link annualizeVolatility}. */
export interface AnnualizationOptions {
  /** Trading days a year. Default 252. */
  readonly tradingDaysPerYear?: number;
  /** Hours a trading day has bars, for intraday bars. Default 23 (CME Globex equity index futures). */
  readonly sessionHoursPerDay?: number;
}

/**
 * Bars a year for a bar interval: intraday bars `tradingDaysPerYear × sessionHoursPerDay ×
 * 3600 s / interval`; daily bars `tradingDaysPerYear`; longer bars (weekly, monthly) 365.25
 * calendar days / interval.
 *
 * @example
 * ```ts
 * import { barsPerYear } from '@minhos/kelly';
 * barsPerYear(60_000_000); // 1-minute bars: 252 × 23 × 60 = 347,760
 * ```
 */
export function barsPerYear(barIntervalUs: number, options: AnnualizationOptions = {}): number {
  const days = options.tradingDaysPerYear ?? 252;
  const hours = options.sessionHoursPerDay ?? 23;
  if (barIntervalUs < US_PER_DAY) return (days * hours * 3_600_000_000) / barIntervalUs;
  if (barIntervalUs === US_PER_DAY) return days;
  return (365.25 * US_PER_DAY) / barIntervalUs;
}

/**
 * Annualises a per-bar volatility (stdev of per-bar log returns) from the bar interval:
 * `perBar × √barsPerYear(interval)`. This is the one conversion between the per-bar figures
 * `@minhos/risk` and `@minhos/models` produce and the annualised figures
 * `sizePosition`'s `realizedAnnualizedVolatility` expects.
 *
 * @returns the annualised volatility, or `KELLY_INVALID_INPUT` naming the bad argument.
 * @example
 * ```ts
 * import { annualizeVolatility } from '@minhos/kelly';
 * const r = annualizeVolatility(0.0003, 60_000_000); // 1-minute ES bars
 * if (r.ok) r.value; // ≈ 0.177 (17.7 % a year)
 * ```
 */
export function annualizeVolatility(
  perBarVolatility: number,
  barIntervalUs: number,
  options: AnnualizationOptions = {},
): Result<number, MinhosError> {
  const bad = (what: string, value: unknown) =>
    err(new MinhosError('KELLY_INVALID_INPUT', `annualizeVolatility: ${what}, got ${String(value)}`));
  if (!(Number.isFinite(perBarVolatility) && perBarVolatility >= 0))
    return bad('perBarVolatility must be a non-negative number', perBarVolatility);
  if (!(Number.isFinite(barIntervalUs) && barIntervalUs > 0))
    return bad('barIntervalUs must be a positive number of µs', barIntervalUs);
  const { tradingDaysPerYear = 252, sessionHoursPerDay = 23 } = options;
  if (!(Number.isFinite(tradingDaysPerYear) && tradingDaysPerYear > 0 && tradingDaysPerYear <= 366))
    return bad('tradingDaysPerYear must be in (0, 366]', tradingDaysPerYear);
  if (!(Number.isFinite(sessionHoursPerDay) && sessionHoursPerDay > 0 && sessionHoursPerDay <= 24))
    return bad('sessionHoursPerDay must be in (0, 24]', sessionHoursPerDay);
  return ok(perBarVolatility * Math.sqrt(barsPerYear(barIntervalUs, options)));
}
