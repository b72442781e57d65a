import { err, MinhosError, ok, type Result, type TimestampUs, US_PER_DAY } from '@minhos/core';
import { median, sampleStdev } from './internal/stats.js';
import { VOLATILITY_EPSILON } from './internal/volatility.js';
import type { VolatilityReading } from './types.js';

/** Options of {@link sameTimeVolatilityReading}. */
export interface SameTimeVolatilityOptions {
  /** Returns per window (bars). Default 60. */
  readonly window?: number;
  /** Previous days whose same-clock-time window forms the baseline. Default 20. */
  readonly days?: number;
  /** Fewest usable previous days before a reading is given. Default 5. */
  readonly minDays?: number;
  /**
   * Largest time a window's `window + 1` closes may span, in µs, so a window that straddles a
   * session break or a data gap is not used. Default: 1.5 × the window's length at the median bar
   * spacing of the data.
   */
  readonly maxSpanUs?: number;
}

function lastAtOrBefore(times: ArrayLike<number>, t: number, hi: number): number {
  let lo = 0;
  let h = hi + 1;
  while (lo < h) {
    const mid = (lo + h) >>> 1;
    if ((times[mid] as number) <= t) lo = mid + 1;
    else h = mid;
  }
  return lo - 1;
}

/**
 * Realised volatility of the last `window` log returns next to an **intraday-seasonal** baseline:
 * the median volatility of the windows ending at the same clock time on each of the previous
 * `days` days (windows that straddle a gap are skipped).
 *
 * Use it instead of {@link volatilityReading} for intraday bars: volatility has a strong time-of-day
 * profile (the cash open is several times the overnight session), so a recent-windows baseline
 * calls every regular-session morning a "spike"; comparing 10:30 with previous 10:30s does not.
 * Returns `VOLATILITY_INSUFFICIENT_DATA` when fewer than `minDays` previous days have a usable window.
 *
 * @param closes - close prices, oldest first.
 * @param times - bar times (µs since the Unix epoch), same length, non-decreasing.
 * @throws {@link @minhos/core!MinhosError} `VOLATILITY_OPTIONS_INVALID`, `VOLATILITY_BAD_PRICE` or
 * `VOLATILITY_BAD_TIME` for malformed input.
 * @example
 * ```ts
 * import { sameTimeVolatilityReading } from '@minhos/risk';
 * declare const closes: Float64Array; // one-minute closes of the last weeks
 * declare const times: Float64Array; // their bar times (µs)
 * const r = sameTimeVolatilityReading(closes, times, { window: 30, days: 10 });
 * if (r.ok) r.value.realisedPerBar / r.value.baselinePerBar; // ≈ 1 on an ordinary morning
 * ```
 */
export function sameTimeVolatilityReading(
  closes: ArrayLike<number>,
  times: ArrayLike<TimestampUs>,
  options: SameTimeVolatilityOptions = {},
): Result<VolatilityReading, MinhosError> {
  const window = options.window ?? 60;
  const days = options.days ?? 20;
  const minDays = options.minDays ?? 5;
  if (
    ![window, days, minDays].every(Number.isInteger) ||
    window < 2 ||
    days < 1 ||
    minDays < 1 ||
    minDays > days
  ) {
    throw new MinhosError(
      'VOLATILITY_OPTIONS_INVALID',
      `sameTimeVolatilityReading: window must be an integer ≥ 2 and 1 ≤ minDays ≤ days, got window ${window}, days ${days}, minDays ${minDays}`,
    );
  }
  const n = closes.length;
  if (times.length !== n) {
    throw new MinhosError(
      'VOLATILITY_BAD_TIME',
      `sameTimeVolatilityReading: times has ${times.length} entries, closes has ${n}`,
    );
  }
  const logClose = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = closes[i] as number;
    if (!(Number.isFinite(c) && c > 0)) {
      throw new MinhosError(
        'VOLATILITY_BAD_PRICE',
        `sameTimeVolatilityReading: close[${i}] must be a positive finite price, got ${c}`,
      );
    }
    const t = times[i] as number;
    if (!Number.isFinite(t) || (i > 0 && t < (times[i - 1] as number))) {
      throw new MinhosError(
        'VOLATILITY_BAD_TIME',
        `sameTimeVolatilityReading: times must be finite and non-decreasing, bad at index ${i}`,
      );
    }
    logClose[i] = Math.log(c);
  }
  if (n < window + 1) {
    return err(
      new MinhosError(
        'VOLATILITY_INSUFFICIENT_DATA',
        `sameTimeVolatilityReading: need at least ${window + 1} closes, got ${n}`,
      ),
    );
  }
  const spacing = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) spacing[i - 1] = (times[i] as number) - (times[i - 1] as number);
  const maxSpan = options.maxSpanUs ?? 1.5 * window * median(Array.from(spacing));

  const returns = new Float64Array(window);
  const volatilityEndingAt = (end: number): number | undefined => {
    if (end - window < 0 || (times[end] as number) - (times[end - window] as number) > maxSpan)
      return undefined;
    for (let i = 0; i < window; i++) {
      const j = end - window + 1 + i;
      returns[i] = (logClose[j] as number) - (logClose[j - 1] as number);
    }
    const sd = sampleStdev(returns);
    return sd < VOLATILITY_EPSILON ? 0 : sd;
  };

  const last = n - 1;
  const realised = volatilityEndingAt(last);
  if (realised === undefined) {
    return err(
      new MinhosError(
        'VOLATILITY_INSUFFICIENT_DATA',
        'sameTimeVolatilityReading: the latest window straddles a gap (no continuous recent window)',
      ),
    );
  }
  const tEnd = times[last] as number;
  const tolerance = maxSpan / window; // the matching bar must lie within ~one bar of the same clock time
  const previous: number[] = [];
  for (let d = 1; d <= days; d++) {
    const target = tEnd - d * US_PER_DAY;
    const idx = lastAtOrBefore(times, target, last);
    if (idx < 0) break;
    if (target - (times[idx] as number) > tolerance) continue;
    const v = volatilityEndingAt(idx);
    if (v !== undefined) previous.push(v);
  }
  if (previous.length < minDays) {
    return err(
      new MinhosError(
        'VOLATILITY_INSUFFICIENT_DATA',
        `sameTimeVolatilityReading: ${previous.length} previous days have a window at this clock time, need ${minDays}`,
      ),
    );
  }
  return ok({ realisedPerBar: realised, baselinePerBar: median(previous) });
}
