import { US_PER_MINUTE, zoneOffsetMinutes } from '@minhos/core';
import type { SessionSpec } from '../sessionFeatures.js';

/** `@minhos/core` reads a zone's offset once per 15-minute bucket; the probe spans many of them. */
const BUCKET_US = 15 * US_PER_MINUTE;
/**
 * An offset equal at both ends of this span is taken as constant across it: no IANA zone changes
 * its UTC offset and back within two days (changes are months apart; Ramadan suspensions weeks),
 * so one pair of look-ups serves ~2,900 one-minute bars.
 */
const PROBE_US = 48 * 60 * US_PER_MINUTE;

/**
 * The batch session arithmetic behind `sessionFeatures` and `FeaturePipeline.compute`: writes
 * minutes since the session open into `since` and the trading-day weekday into `dow` (either may
 * be omitted). `zone` is the session's validated time zone.
 *
 * The same integer values as the streaming path (`sessionValues`), so bit for bit equal: the zone
 * offset is cached over spans where it is constant (none is looked up for UTC) and the local day
 * is tracked incrementally, so a bar costs a division, a floor and a few integer operations
 * instead of a map look-up, an object and two modulo operations.
 */
export function sessionColumns(
  time: Float64Array,
  session: SessionSpec,
  zone: string,
  since: Float64Array | undefined,
  dow: Float64Array | undefined,
): void {
  const n = time.length;
  // A local copy: an imported binding can compile to a getter call per bar under CommonJS interop.
  const usPerMinute = US_PER_MINUTE;
  const { openMinute, lengthMinutes } = session;
  const nextDay = openMinute + lengthMinutes > 1440 ? 1 : 0;
  const utc = zone === 'UTC' || zone === 'Etc/UTC';
  let offset = 0;
  let validFrom = utc ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let validTo = utc ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  // The local day [dayStart, dayEnd) in local minutes since the epoch, and the weekday of the
  // trading day for a bar after / before that day's open.
  let dayStart = 0;
  let dayEnd = -1;
  let dowToday = 0;
  let dowYesterday = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i] as number;
    // NaN and ±Infinity fail this test too (UTC included) and reach the core's INVALID_TIME error.
    if (!(t >= validFrom && t < validTo)) {
      offset = zoneOffsetMinutes(zone, t);
      if (!utc) {
        const bucket = Math.floor(Math.floor(t / 1000) / (BUCKET_US / 1000)) * BUCKET_US;
        validFrom = bucket;
        validTo =
          zoneOffsetMinutes(zone, bucket + PROBE_US) === offset
            ? bucket + PROBE_US + BUCKET_US
            : bucket + BUCKET_US;
      }
    }
    // Integer arithmetic only, so any exact formulation equals `sessionValues` bit for bit.
    const local = Math.floor(t / usPerMinute) + offset;
    if (!(local >= dayStart && local < dayEnd)) {
      const epochDay = Math.floor(local / 1440);
      dayStart = epochDay * 1440;
      dayEnd = dayStart + 1440;
      // 1970-01-01 was a Thursday (4).
      dowToday = (((epochDay + nextDay + 4) % 7) + 7) % 7;
      dowYesterday = (((epochDay - 1 + nextDay + 4) % 7) + 7) % 7;
    }
    const minuteOfDay = local - dayStart;
    let s = minuteOfDay - openMinute;
    if (s < 0) s += 1440;
    if (since !== undefined) since[i] = s;
    // The open was s minutes ago: on this local day, or the day before when s > minuteOfDay.
    if (dow !== undefined) dow[i] = s > minuteOfDay ? dowYesterday : dowToday;
  }
}
