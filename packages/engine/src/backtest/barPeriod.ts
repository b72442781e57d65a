import { US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_MS, US_PER_SECOND } from '@minhos/core';

// Time conventions of backtesting.py's statistics, on µs timestamps read as UTC (a pandas index
// without a time zone).

/**
 * The bar period as backtesting.py's `_data_period` sees it: the median of the spacings between
 * the last 100 bar times (µs); NaN for a single bar.
 */
export function dataPeriodUs(times: ArrayLike<number>): number {
  const from = Math.max(0, times.length - 100);
  const gaps: number[] = [];
  for (let i = from + 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  if (gaps.length === 0) return Number.NaN;
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  return gaps.length % 2 === 1
    ? (gaps[mid] as number)
    : ((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2;
}

const UNITS = [US_PER_DAY, US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, US_PER_MS, 1] as const;

/**
 * The unit pandas' `Timedelta.resolution_string` names for a period: the finest of day, hour,
 * minute, second, millisecond, microsecond in which the period has a non-zero component (a day
 * for a zero period), in µs. NaN when the period is NaN or has a sub-µs part.
 */
export function periodResolutionUs(periodUs: number): number {
  if (!Number.isFinite(periodUs) || !Number.isInteger(periodUs)) return Number.NaN;
  let resolution: number = US_PER_DAY;
  let rest = Math.abs(periodUs);
  for (const unit of UNITS) {
    const whole = Math.floor(rest / unit);
    if (whole > 0) resolution = unit;
    rest -= whole * unit;
  }
  return resolution;
}

/**
 * backtesting.py's `_round_timedelta`: a duration (µs) rounded UP to the bar period's resolution
 * (a 1-day period → whole days, 1-minute → whole minutes). Left as is when the resolution is
 * finer than a µs; NaN stays NaN.
 */
export function ceilDuration(durationUs: number, resolutionUs: number): number {
  if (Number.isNaN(durationUs) || Number.isNaN(resolutionUs)) return durationUs;
  return Math.ceil(durationUs / resolutionUs) * resolutionUs;
}

/** Calendar buckets backtesting.py resamples equity into (pandas aliases `D`, `W`, `ME`, `YE`). */
export type ResampleRule = 'D' | 'W' | 'ME' | 'YE';

function bucketOf(timeUs: number, rule: ResampleRule): number {
  const day = Math.floor(timeUs / US_PER_DAY);
  if (rule === 'D') return day;
  // Weeks end on Sunday (pandas `W` = `W-SUN`); epoch day 0 is a Thursday.
  if (rule === 'W') return Math.floor((day + 3) / 7);
  const date = new Date(day * 86_400_000);
  return rule === 'ME' ? date.getUTCFullYear() * 12 + date.getUTCMonth() : date.getUTCFullYear();
}

/**
 * `series.resample(rule).last().dropna().pct_change().dropna()`: the last non-NaN value of each
 * UTC calendar bucket that has one, then the simple return from bucket to bucket (one fewer
 * value than buckets).
 */
export function resampledReturns(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  rule: ResampleRule,
): number[] {
  const lasts: number[] = [];
  let bucket = Number.NaN;
  for (let i = 0; i < times.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    const b = bucketOf(times[i] as number, rule);
    if (b === bucket) lasts[lasts.length - 1] = v;
    else {
      lasts.push(v);
      bucket = b;
    }
  }
  const returns: number[] = [];
  for (let i = 1; i < lasts.length; i++) {
    const r = (lasts[i] as number) / (lasts[i - 1] as number) - 1;
    if (!Number.isNaN(r)) returns.push(r);
  }
  return returns;
}
