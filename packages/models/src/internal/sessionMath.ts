import { assertTimeZone, MinhosError, wallClock } from '@minhos/core';
import type { SessionSpec } from '../sessionFeatures.js';

/** Validates a session; returns its IANA time zone. */
export function sessionZone(session: SessionSpec): string {
  const { openMinute, lengthMinutes } = session;
  if (!Number.isInteger(openMinute) || openMinute < 0 || openMinute > 1439) {
    throw new MinhosError(
      'FEATURE_BAD_SESSION',
      `session.openMinute must be an integer in [0, 1439] (minutes after local midnight), got ${String(openMinute)}`,
    );
  }
  if (!Number.isInteger(lengthMinutes) || lengthMinutes < 1 || lengthMinutes > 1440) {
    throw new MinhosError(
      'FEATURE_BAD_SESSION',
      `session.lengthMinutes must be an integer in [1, 1440], got ${String(lengthMinutes)}`,
    );
  }
  try {
    assertTimeZone(session.timeZone);
  } catch (cause) {
    throw new MinhosError(
      'FEATURE_BAD_SESSION',
      `session.timeZone must be an IANA time zone such as "America/Chicago", got "${session.timeZone}"`,
      { cause, details: { timeZone: session.timeZone } },
    );
  }
  return session.timeZone;
}

const MINUTES_PER_DAY = 1440;

/**
 * Session features of one bar time: writes minutes since open, session fraction and trading-day
 * weekday into `out[0..2]`.
 */
export function sessionValues(
  timeUs: number,
  session: SessionSpec,
  timeZone: string,
  out: Float64Array | number[],
): void {
  const { epochDay, minuteOfDay } = wallClock(timeZone, timeUs);
  const localMinutes = epochDay * MINUTES_PER_DAY + minuteOfDay;
  const since = (minuteOfDay - session.openMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY;
  const openDay = Math.floor((localMinutes - since) / MINUTES_PER_DAY);
  const tradingDay = openDay + (session.openMinute + session.lengthMinutes > MINUTES_PER_DAY ? 1 : 0);
  out[0] = since;
  out[1] = since / session.lengthMinutes;
  // 1970-01-01 was a Thursday (4).
  out[2] = (((tradingDay + 4) % 7) + 7) % 7;
}
