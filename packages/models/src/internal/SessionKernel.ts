import { US_PER_MINUTE, zoneOffsetMinutes } from '@minhos/core';
import type { SessionSpec } from '../sessionFeatures.js';
import type { BlockKernel } from './BlockKernel.js';

/** `@minhos/core` reads a zone's offset once per 15-minute bucket; the probe spans many of them. */
export const BUCKET_US = 15 * US_PER_MINUTE;
/**
 * An offset equal at both ends of this span is taken as constant across it: no IANA zone changes
 * its UTC offset and back within two days (changes are months apart; Ramadan suspensions weeks),
 * so one pair of look-ups serves ~2,900 one-minute bars.
 */
export const PROBE_US = 48 * 60 * US_PER_MINUTE;

/**
 * The batch session arithmetic behind `sessionFeatures` and `FeaturePipeline.compute`, as a
 * {@link BlockKernel}: writes minutes since the session open into `since` and the trading-day
 * weekday into `dow` (either may be omitted). `zone` is the session's validated time zone.
 *
 * The same integer values as the streaming path (`sessionValues`), so bit for bit equal: the zone
 * offset is cached over spans where it is constant (none is looked up for UTC) and the local day
 * is tracked incrementally, so a bar costs a division, a floor and a few integer operations
 * instead of a map look-up, an object and two modulo operations.
 *
 * It carries no state between blocks: the offset cache and the local day are pure functions of
 * the bar's time, so each block starts them afresh (two cached zone look-ups per block) and gets
 * the values one pass over all rows would. (Carrying them in a state array cost ~25 % of the pass:
 * V8 compiled the loop slower with those values loaded from memory than with literal starts.)
 *
 * Row i's minutes since the open and weekday go to `since` and `dow` at `i − shift`.
 */
export function sessionKernel(
  time: Float64Array,
  session: SessionSpec,
  zone: string,
  since: Float64Array | undefined,
  dow: Float64Array | undefined,
): BlockKernel {
  const nextDay = session.openMinute + session.lengthMinutes > 1440 ? 1 : 0;
  const utc = zone === 'UTC' || zone === 'Etc/UTC';
  return {
    run: (from, to, shift) =>
      sessionBlock(time, zone, utc, since, dow, session.openMinute, nextDay, from, to, shift),
  };
}

/**
 * The loop of {@link sessionKernel}: a free function over its inputs and outputs, so the hot path
 * depends on no object's hidden class (see {@link BlockKernel}).
 */
export function sessionBlock(
  time: Float64Array,
  zone: string,
  utc: boolean,
  since: Float64Array | undefined,
  dow: Float64Array | undefined,
  openMinuteIn: number,
  nextDayIn: number,
  start: number,
  end: number,
  outShift: number,
): void {
  // Int32 (0 or 1): a plain number parameter would be checked per bar.
  const nextDay = nextDayIn | 0;
  const openMinute = openMinuteIn | 0;
  // Int32 row indices (see BlockKernel): V8 then drops its overflow and range checks in the loops.
  const from = start | 0;
  const to = end | 0;
  const shift = outShift | 0;
  // A local copy: an imported binding can compile to a getter call per bar under CommonJS interop.
  const usPerMinute = US_PER_MINUTE;
  let offset = 0;
  let validFrom = utc ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  let validTo = utc ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let dayStart = 0;
  let dayEnd = -1;
  let dowToday = 0;
  let dowYesterday = 0;
  for (let i = from; i < to; i++) {
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
    if (since !== undefined) since[i - shift] = s;
    // The open was s minutes ago: on this local day, or the day before when s > minuteOfDay.
    if (dow !== undefined) dow[i - shift] = s > minuteOfDay ? dowYesterday : dowToday;
  }
}
