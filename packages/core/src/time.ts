/**
 * A point in time as **microseconds since the Unix epoch, UTC** (a plain `number`; exact to
 * ±2^53 µs ≈ year 2255). Every datum in MinhOS carries its event time in this unit.
 */
export type TimestampUs = number;

/** Microseconds per millisecond / second / minute / hour / day. */
export const US_PER_MS = 1_000;
/** Microseconds per second. */
export const US_PER_SECOND = 1_000_000;
/** Microseconds per minute. */
export const US_PER_MINUTE = 60_000_000;
/** Microseconds per hour. */
export const US_PER_HOUR = 3_600_000_000;
/** Microseconds per day (24 h). */
export const US_PER_DAY = 86_400_000_000;

/** Converts a JS `Date` (or epoch milliseconds) to {@link TimestampUs}. */
export function toTimestampUs(date: Date | number): TimestampUs {
  return (typeof date === 'number' ? date : date.getTime()) * US_PER_MS;
}

/** Converts a {@link TimestampUs} to a JS `Date` (sub-millisecond precision is dropped). */
export function fromTimestampUs(us: TimestampUs): Date {
  return new Date(Math.floor(us / US_PER_MS));
}

/** ISO-8601 UTC text of a {@link TimestampUs}, with microseconds when they are not zero. */
export function formatTimestampUs(us: TimestampUs): string {
  const ms = Math.floor(us / US_PER_MS);
  const iso = new Date(ms).toISOString();
  const micros = us - ms * US_PER_MS;
  return micros === 0 ? iso : `${iso.slice(0, -1)}${String(micros).padStart(3, '0')}Z`;
}
