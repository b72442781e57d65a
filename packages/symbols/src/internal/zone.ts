import { MinhosError, US_PER_MINUTE, US_PER_MS } from '@minhos/core';
import { daysFromCivil } from './civil.js';

// Wall-clock <-> UTC conversion for IANA zones through Intl (the host's tz database); no I/O.
// Formatters are cached per zone because constructing one costs ~50 µs.
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
        second: 'numeric',
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

export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

export interface WallTime {
  /** Local calendar day as days since 1970-01-01. */
  readonly epochDay: number;
  /** Minutes since local midnight (seconds dropped). */
  readonly minuteOfDay: number;
}

// Intl.formatToParts costs tens of µs, so offsets are cached per zone and 15-minute UTC bucket
// (every tz-database transition since 1970 falls on a quarter hour). Bounded: cleared when large.
const BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

function intlOffsetMinutes(ms: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(ms));
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  for (const p of parts) {
    if (p.type === 'year') y = Number(p.value);
    else if (p.type === 'month') mo = Number(p.value);
    else if (p.type === 'day') d = Number(p.value);
    else if (p.type === 'hour') h = Number(p.value);
    else if (p.type === 'minute') mi = Number(p.value);
  }
  return daysFromCivil(y, mo, d) * 1440 + h * 60 + mi - Math.floor(ms / 60_000);
}

/** Zone offset (local − UTC) in minutes at a UTC instant (ms). */
function offsetMinutes(ms: number, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
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

/** The wall-clock time in `timeZone` of a UTC instant in milliseconds. */
export function wallTime(ms: number, timeZone: string): WallTime {
  const local = Math.floor(ms / 60_000) + offsetMinutes(ms, timeZone);
  const epochDay = Math.floor(local / 1440);
  return { epochDay, minuteOfDay: local - epochDay * 1440 };
}

/**
 * The UTC instant (µs) of local wall time `minuteOfDay` on local day `epochDay`. In a DST gap the
 * time is moved forward by the gap; in an overlap the earlier instant is chosen.
 */
export function zonedToUs(epochDay: number, minuteOfDay: number, timeZone: string): number {
  const local = epochDay * 1440 + minuteOfDay;
  const o1 = offsetMinutes(local * 60_000, timeZone);
  const o2 = offsetMinutes((local - o1) * 60_000, timeZone);
  const valid = [o1, o2].filter((o) => offsetMinutes((local - o) * 60_000, timeZone) === o);
  // Overlap (both valid): the earlier instant. Gap (none valid): a gap opens when the offset
  // grows, so the smaller offset is the one before the change and moves the time forward.
  const utcMinutes = valid.length > 0 ? Math.min(...valid.map((o) => local - o)) : local - Math.min(o1, o2);
  return utcMinutes * US_PER_MINUTE;
}

export function usToMs(us: number): number {
  return Math.floor(us / US_PER_MS);
}
