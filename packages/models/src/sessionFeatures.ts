import { US_PER_MINUTE, zoneOffsetMinutes } from '@minhos/core';
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
 * look-ups per six hours of bars (none for UTC); DST is handled exactly, to the minute, and the
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
/** `@minhos/core` reads a zone's offset once per 15-minute bucket; the probe spans many of them. */
const BUCKET_US = 15 * US_PER_MINUTE;
/**
 * An offset equal at both ends of this span is taken as constant across it: no IANA zone changes
 * its UTC offset and back within two days (changes are months apart; Ramadan suspensions weeks),
 * so one pair of look-ups serves ~2,900 one-minute bars.
 */
const PROBE_US = 48 * 60 * US_PER_MINUTE;

export function sessionFeatures(time: Float64Array, session: SessionSpec): SessionFeatures {
  const zone = sessionZone(session);
  const n = time.length;
  const since = new Float64Array(n);
  const fraction = new Float64Array(n);
  const dow = new Float64Array(n);
  const { openMinute, lengthMinutes } = session;
  const nextDay = openMinute + lengthMinutes > 1440 ? 1 : 0;
  const utc = zone === 'UTC' || zone === 'Etc/UTC';
  // The same arithmetic as the streaming path (`sessionValues`), with the zone offset cached over
  // spans where it is constant instead of a map look-up and an object per bar.
  let offset = 0;
  let validFrom = Number.POSITIVE_INFINITY;
  let validTo = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    if (!utc && !(t >= validFrom && t < validTo)) {
      offset = zoneOffsetMinutes(zone, t);
      const bucket = Math.floor(Math.floor(t / 1000) / (BUCKET_US / 1000)) * BUCKET_US;
      if (zoneOffsetMinutes(zone, bucket + PROBE_US) === offset) {
        validFrom = bucket;
        validTo = bucket + PROBE_US + BUCKET_US;
      } else {
        validFrom = bucket;
        validTo = bucket + BUCKET_US;
      }
    }
    if (!Number.isFinite(t)) zoneOffsetMinutes(zone, t); // throws the core's INVALID_TIME error
    // Integer arithmetic only, so any exact formulation equals `sessionValues` bit for bit.
    const local = Math.floor(t / US_PER_MINUTE) + offset;
    const epochDay = Math.floor(local / 1440);
    const minuteOfDay = local - epochDay * 1440;
    let s = minuteOfDay - openMinute;
    if (s < 0) s += 1440;
    // The open was s minutes ago: on this local day, or the day before when s > minuteOfDay.
    const tradingDay = (s > minuteOfDay ? epochDay - 1 : epochDay) + nextDay;
    since[i] = s;
    fraction[i] = s / lengthMinutes;
    // 1970-01-01 was a Thursday (4).
    let d = (tradingDay + 4) % 7;
    if (d < 0) d += 7;
    dow[i] = d;
  }
  return { minutesSinceOpen: since, sessionFraction: fraction, dayOfWeek: dow };
}
