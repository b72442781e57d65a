import { runKernel } from './internal/BlockKernel.js';
import { checkRowCount } from './internal/indicatorArgs.js';
import { sessionKernel } from './internal/SessionKernel.js';
import { sessionZone } from './internal/sessionMath.js';

/**
 * When a market's trading session opens, in the exchange's own time zone. Plain data: pass what
 * `@minhos/symbols` (or your own calendar) says; this package does not know products.
 *
 * @example
 * ```ts
 * import type { SessionSpec } from '@minhos/models';
 * // CME Globex equity index futures (ES, NQ): 17:00–16:00 Chicago time, 23 hours.
 * const globex: SessionSpec = { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 };
 * ```
 */
export interface SessionSpec {
  /** IANA time zone of the exchange, e.g. `America/Chicago` (DST handled). */
  readonly timeZone: string;
  /** Session open in minutes after local midnight, 0..1439 (17:00 → 1020). */
  readonly openMinute: number;
  /** Session length in minutes, 1..1440 (Globex: 1380). */
  readonly lengthMinutes: number;
}

/** A whole UTC calendar day, for data without a session notion. */
export const UTC_DAY_SESSION: SessionSpec = Object.freeze({
  timeZone: 'UTC',
  openMinute: 0,
  lengthMinutes: 1440,
});

/** Per-bar session features, each as long as the input. */
export interface SessionFeatures {
  /** Minutes since the latest session open (local wall clock), 0..1439. */
  readonly minutesSinceOpen: Float64Array;
  /** `minutesSinceOpen / lengthMinutes`: 0 at the open, → 1 at the close, ≥ 1 in the break. */
  readonly sessionFraction: Float64Array;
  /**
   * Weekday of the session's trading date, 0 = Sunday … 6 = Saturday. A session that opens in the
   * evening and runs past midnight belongs to the next day (Sunday 17:00 CT opens Monday's session).
   */
  readonly dayOfWeek: Float64Array;
}

/**
 * Time-of-day and day-of-week features for bars, in the exchange's time zone, from bar start
 * times. Use them so models can learn intraday seasonality (the open, lunch, the close).
 *
 * Only the bar's own timestamp is used, so there is no look-ahead. O(n) with two zone-offset
 * look-ups per two days of bars (none for UTC); DST is handled exactly, to the minute, and the
 * values equal the streaming path's bit for bit.
 *
 * @param time - bar start times, µs since the Unix epoch (UTC), as in `BarSeries.time`.
 * @param session - the exchange session (time zone, open, length).
 * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SESSION` for an unknown time zone or out-of-range minutes.
 *
 * @example
 * ```ts
 * import { sessionFeatures } from '@minhos/models';
 * const t = Float64Array.of(Date.UTC(2024, 0, 8, 14, 30) * 1000); // Mon 08:30 in Chicago
 * const f = sessionFeatures(t, { timeZone: 'America/Chicago', openMinute: 1020, lengthMinutes: 1380 });
 * f.minutesSinceOpen[0]; // 930 (15.5 h after Sunday 17:00)
 * f.dayOfWeek[0]; // 1 (Monday)
 * ```
 */
export function sessionFeatures(time: Float64Array, session: SessionSpec): SessionFeatures {
  const zone = sessionZone(session);
  const n = time.length;
  checkRowCount('sessionFeatures', n);
  const since = new Float64Array(n);
  const fraction = new Float64Array(n);
  const dow = new Float64Array(n);
  runKernel(sessionKernel(time, session, zone, since, dow), n);
  const { lengthMinutes } = session;
  for (let i = 0; i < n; i++) fraction[i] = (since[i] as number) / lengthMinutes;
  return { minutesSinceOpen: since, sessionFraction: fraction, dayOfWeek: dow };
}
