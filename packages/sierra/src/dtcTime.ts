import { type TimestampUs, US_PER_MS, US_PER_SECOND } from '@minhos/core';

/**
 * DTC date-time units, per `DTCProtocol.h` (all UTC, Unix epoch):
 * - `t_DateTime` (int64) and `t_DateTime4Byte` (uint32): whole **seconds**.
 * - `t_DateTimeWithMilliseconds` (double): **seconds** with a fractional part
 *   (`MARKET_DATA_UPDATE_TRADE.DateTime`, snapshot `LastTradeDateTime`, tick records).
 * - `t_DateTimeWithMicrosecondsInt` (int64): **microseconds** (newer servers use it for
 *   `HISTORICAL_PRICE_DATA_RECORD_RESPONSE.StartDateTime`; the header says "format can also be
 *   t_DateTime, check value to determine").
 */

/**
 * Converts DTC seconds (`t_DateTime`, `t_DateTime4Byte` or the fractional
 * `t_DateTimeWithMilliseconds`) to {@link TimestampUs}, rounding to the nearest µs.
 *
 * @example
 * ```ts
 * import { dtcSecondsToUs } from '@minhos/sierra';
 * dtcSecondsToUs(1381096800.25); // 1381096800250000
 * ```
 */
export function dtcSecondsToUs(seconds: number): TimestampUs {
  return Math.round(seconds * US_PER_SECOND);
}

/**
 * Converts a {@link TimestampUs} to DTC fractional seconds (`t_DateTimeWithMilliseconds`). The
 * double keeps µs exactly for any date before 2255 (the round trip through {@link dtcSecondsToUs}
 * is lossless).
 */
export function usToDtcSeconds(us: TimestampUs): number {
  return us / US_PER_SECOND;
}

/** Converts a {@link TimestampUs} to whole DTC seconds (`t_DateTime`, `t_DateTime4Byte`), rounding down. */
export function usToDtcWholeSeconds(us: TimestampUs): number {
  return Math.floor(us / US_PER_SECOND);
}

// |seconds| below 1e11 covers years 1967..5138; milliseconds below 1e14 covers up to year 5138 too.
const SECONDS_LIMIT = 1e11;
const MILLISECONDS_LIMIT = 1e14;

/**
 * Converts a date-time whose unit must be inferred from its magnitude: seconds, milliseconds or
 * microseconds since the epoch (what `HISTORICAL_PRICE_DATA_RECORD_RESPONSE.StartDateTime` holds:
 * `t_DateTime` on older servers, `t_DateTimeWithMicrosecondsInt` on newer ones).
 *
 * Values below 1e11 are seconds, below 1e14 milliseconds, otherwise microseconds; this is
 * unambiguous for every date from 1973 to 5138.
 *
 * @example
 * ```ts
 * import { dtcAutoDateTimeToUs } from '@minhos/sierra';
 * dtcAutoDateTimeToUs(1381096800) === dtcAutoDateTimeToUs(1381096800000000); // true
 * ```
 */
export function dtcAutoDateTimeToUs(value: number): TimestampUs {
  const magnitude = Math.abs(value);
  if (magnitude < SECONDS_LIMIT) return Math.round(value * US_PER_SECOND);
  if (magnitude < MILLISECONDS_LIMIT) return Math.round(value * US_PER_MS);
  return Math.round(value);
}
