import { MinhosError } from './MinhosError.js';
import { type TimestampUs, US_PER_MINUTE } from './time.js';

// IANA time-zone arithmetic on the platform's tz database (Intl), no dependency. Exchange hours,
// session boundaries and time-of-day features all need it; this is the one implementation.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch (cause) {
      throw new MinhosError(
        'INVALID_TIME_ZONE',
        `time zone "${timeZone}" is not an IANA zone (e.g. "America/Chicago")`,
        {
          cause,
          details: { timeZone },
        },
      );
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Checks that `timeZone` is an IANA zone the platform knows.
 * @throws {@link MinhosError} `INVALID_TIME_ZONE` otherwise.
 */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

function daysFromCivil(y: number, m: number, d: number): number {
  // Howard Hinnant's days_from_civil: proleptic Gregorian date → days since 1970-01-01.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function intlOffsetMinutes(ms: number, timeZone: string): number {
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
  }
  return daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - Math.floor(ms / 60_000);
}

// formatToParts costs tens of µs, so offsets are cached per zone and 15-minute UTC bucket: every
// tz-database transition since 1970 falls on a quarter hour. Bounded: a zone's cache is cleared
// when it grows past 200k buckets (~5.7 years of distinct quarter hours).
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

/**
 * Offset of local wall time from UTC, in minutes, at instant `time` (e.g. −300 for Chicago in
 * summer). Cached: a million 1-minute bars cost a few thousand Intl look-ups.
 *
 * @throws {@link MinhosError} `INVALID_TIME_ZONE` for an unknown zone, `INVALID_TIME` for a non-finite time.
 * @example
 * ```ts
 * import { zoneOffsetMinutes } from '@minhos/core';
 * zoneOffsetMinutes('America/Chicago', Date.UTC(2025, 6, 1) * 1000); // -300
 * ```
 */
export function zoneOffsetMinutes(timeZone: string, time: TimestampUs): number {
  if (!Number.isFinite(time)) {
    throw new MinhosError('INVALID_TIME', `time must be finite µs since the Unix epoch, got ${time}`, {
      details: { time },
    });
  }
  const ms = Math.floor(time / 1000);
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    assertTimeZone(timeZone);
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const bucket = Math.floor(ms / BUCKET_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    offset = intlOffsetMinutes(bucket * BUCKET_MS, timeZone);
    if (zone.size >= 200_000) zone.clear();
    zone.set(bucket, offset);
  }
  return offset;
}

/** Local calendar position of an instant in a time zone. */
export interface WallClock {
  /** Local calendar day as days since 1970-01-01 (convert with `new Date(epochDay * 864e5)`). */
  readonly epochDay: number;
  /** Minutes since local midnight, 0..1439 (seconds dropped). */
  readonly minuteOfDay: number;
  /** Day of week of the local day, 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
}

/**
 * The wall-clock position in `timeZone` of instant `time`.
 * @example
 * ```ts
 * import { wallClock } from '@minhos/core';
 * wallClock('America/Chicago', Date.UTC(2025, 6, 1, 13, 30) * 1000).minuteOfDay; // 8:30 → 510
 * ```
 */
export function wallClock(timeZone: string, time: TimestampUs): WallClock {
  const local = Math.floor(time / US_PER_MINUTE) + zoneOffsetMinutes(timeZone, time);
  const epochDay = Math.floor(local / 1440);
  return { epochDay, minuteOfDay: local - epochDay * 1440, weekday: (((epochDay + 4) % 7) + 7) % 7 };
}

/**
 * The instant of local wall time `minuteOfDay` on local day `epochDay` in `timeZone`. In a DST gap
 * the time moves forward by the gap; in an overlap the earlier instant is chosen.
 * @example
 * ```ts
 * import { zonedTimeToUs } from '@minhos/core';
 * const day = Date.UTC(2025, 6, 1) / 864e5; // epoch day of 2025-07-01
 * zonedTimeToUs('America/Chicago', day, 17 * 60); // 2025-07-01T22:00:00Z in µs
 * ```
 */
export function zonedTimeToUs(timeZone: string, epochDay: number, minuteOfDay: number): TimestampUs {
  const local = epochDay * 1440 + minuteOfDay;
  const offsetAt = (utcMinutes: number) => zoneOffsetMinutes(timeZone, utcMinutes * US_PER_MINUTE);
  const o1 = offsetAt(local);
  const o2 = offsetAt(local - o1);
  const valid = [o1, o2].filter((o) => offsetAt(local - o) === o);
  // Overlap (both valid): the earlier instant. Gap (none valid): the offset grows across a gap,
  // so the smaller one is the offset before the change and moves the time forward.
  const utcMinutes = valid.length > 0 ? Math.min(...valid.map((o) => local - o)) : local - Math.min(o1, o2);
  return utcMinutes * US_PER_MINUTE;
}
