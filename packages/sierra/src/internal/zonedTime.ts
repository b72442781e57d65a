// IANA time-zone arithmetic on top of Intl (no dependency): offsets are read from the platform's
// tz database, so DST rules are the ones Node ships with.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
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
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError when `timeZone` is not a zone the platform knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** Wall-clock fields of the instant `utcMs` in `timeZone`. */
export function zonedParts(
  timeZone: string,
  utcMs: number,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
  }
  return out;
}

/** Offset (local − UTC) in ms of `timeZone` at the instant `utcMs`, to the second. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const p = zonedParts(timeZone, utcMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The UTC instant (ms) of local wall time `y-m-d hh:mm` in `timeZone`. In a DST gap the result is
 * shifted forward by the gap; in a DST overlap the earlier instant is returned.
 */
export function zonedTimeToUtcMs(timeZone: string, y: number, m: number, d: number, minutes: number): number {
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const first = zoneOffsetMs(timeZone, wall);
  let t = wall - first;
  const second = zoneOffsetMs(timeZone, t);
  if (second !== first) {
    const alt = wall - second;
    // Keep the candidate that really shows this wall time; in a gap neither does, take the later.
    t = zoneOffsetMs(timeZone, alt) === second ? Math.min(t, alt) : Math.max(t, alt);
  }
  return t;
}

/** `YYYY-MM-DD` of a UTC-midnight epoch-day number. */
export function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}
