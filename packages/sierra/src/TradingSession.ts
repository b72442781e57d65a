import { assertTimeZone, MinhosError, type TimestampUs, wallClock, zonedTimeToUs } from '@minhos/core';

/** `YYYY-MM-DD` of an epoch day (days since 1970-01-01). */
function isoDate(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

/** Anything that says whether a trade date is an exchange holiday (e.g. `@minhos/symbols`' `HolidayCalendar`). */
export interface HolidayLookup {
  /** Whether trade date `date` (`YYYY-MM-DD`) has no session. */
  isHoliday(date: string): boolean;
}

/** One session of a trade date in exchange local time, `HH:MM` (24 h). */
export interface SessionHours {
  /** Local open time `HH:MM`. When `close <= open` the session opens the previous calendar day. */
  readonly open: string;
  /** Local close time `HH:MM` (exclusive); `24:00` = midnight at the end of the trade date. */
  readonly close: string;
}

/** Fields common to both forms of {@link TradingSession}. */
export interface TradingSessionBase {
  /** IANA time zone of the session times, e.g. `America/Chicago`. DST is applied. */
  readonly timeZone: string;
  /** Weekdays of trade dates that have sessions, 0 = Sunday … 6 = Saturday. Default Mon–Fri. */
  readonly tradeDays?: readonly number[];
  /** Trade dates without sessions: a list of `YYYY-MM-DD`, or a calendar (`isHoliday(date)`). */
  readonly holidays?: readonly string[] | HolidayLookup;
}

/**
 * Trading hours in exchange local time, the input of session-aware aggregation and gap
 * detection: either one session (`open`/`close`) or several per trade date (`sessions`).
 * Example, CME equity index futures: `{ timeZone: 'America/Chicago', open: '17:00', close: '16:00' }`
 * (Sunday–Friday evening to next afternoon, daily maintenance 16:00–17:00).
 *
 * A session whose `close <= open` starts on the calendar day **before** its trade date (overnight
 * session); the trade date is the day it closes, as exchanges label it. To use the trading hours of
 * an `@minhos/symbols` contract spec, see {@link tradingSessionOf}.
 */
export type TradingSession = TradingSessionBase &
  (SessionHours | { readonly sessions: readonly SessionHours[] });

/** One occurrence of a {@link TradingSession}: `[start, end)` in µs since the Unix epoch. */
export interface SessionWindow {
  /** Exchange trade date, `YYYY-MM-DD`. */
  readonly tradeDate: string;
  readonly start: TimestampUs;
  readonly end: TimestampUs;
}

/** CME Globex equity index futures (ES, NQ): 17:00–16:00 America/Chicago, Monday–Friday trade dates. */
export const CME_EQUITY_SESSION: TradingSession = Object.freeze({
  timeZone: 'America/Chicago',
  open: '17:00',
  close: '16:00',
});

function minutesOf(text: string, field: string, allow24: boolean): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(String(text).trim());
  const h = m ? Number(m[1]) : Number.NaN;
  const min = m ? Number(m[2]) : Number.NaN;
  const total = h * 60 + min;
  if (!(min < 60 && (total < 1440 || (allow24 && total === 1440)))) {
    throw new MinhosError(
      'SESSION_INVALID',
      `trading session ${field} must be "HH:MM" between 00:00 and ${allow24 ? '24:00' : '23:59'}, got ${JSON.stringify(text)}`,
      { details: { field, value: text } },
    );
  }
  return total;
}

/** A validated session, ready for fast window generation. @internal */
export interface ParsedSession {
  readonly timeZone: string;
  readonly sessions: ReadonlyArray<{
    readonly openMin: number;
    readonly closeMin: number;
    readonly overnight: boolean;
  }>;
  readonly tradeDays: ReadonlySet<number>;
  readonly isHoliday: (date: string) => boolean;
}

function invalid(field: string, value: unknown, message: string, cause?: unknown): MinhosError {
  return new MinhosError('SESSION_INVALID', `trading session ${field} ${message}`, {
    cause,
    details: { field, value },
  });
}

/**
 * Validates a {@link TradingSession}.
 * @throws {@link @minhos/core!MinhosError} `SESSION_INVALID` naming the bad field.
 * @internal
 */
export function parseSession(session: TradingSession): ParsedSession {
  try {
    assertTimeZone(session.timeZone);
  } catch (cause) {
    throw invalid(
      'timeZone',
      session.timeZone,
      `${JSON.stringify(session.timeZone)} is not an IANA time zone`,
      cause,
    );
  }
  const hours: readonly SessionHours[] = 'sessions' in session ? session.sessions : [session];
  if (hours.length === 0) throw invalid('sessions', hours, 'must list at least one session');
  const sessions = hours.map((h, i) => {
    const openMin = minutesOf(h.open, `sessions[${i}].open`, false);
    const closeMin = minutesOf(h.close, `sessions[${i}].close`, true);
    return { openMin, closeMin, overnight: closeMin <= openMin };
  });
  const days = session.tradeDays ?? [1, 2, 3, 4, 5];
  for (const d of days) {
    if (!(Number.isInteger(d) && d >= 0 && d <= 6)) {
      throw invalid('tradeDays', d, `must be weekdays 0 (Sunday) … 6 (Saturday), got ${d}`);
    }
  }
  const holidays = session.holidays;
  let isHoliday: (date: string) => boolean = () => false;
  if (Array.isArray(holidays)) {
    for (const h of holidays) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(h))
        throw invalid('holidays', h, `must be YYYY-MM-DD dates, got ${JSON.stringify(h)}`);
    }
    const set = new Set(holidays);
    isHoliday = (date) => set.has(date);
  } else if (holidays !== undefined) {
    const lookup = holidays as HolidayLookup;
    isHoliday = (date) => lookup.isHoliday(date);
  }
  return { timeZone: session.timeZone, sessions, tradeDays: new Set(days), isHoliday };
}

/** The session windows of trade date `epochDay` (days since 1970-01-01), in time order. @internal */
export function windowsOfDay(s: ParsedSession, epochDay: number): SessionWindow[] {
  const weekday = (((epochDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  if (!s.tradeDays.has(weekday)) return [];
  const tradeDate = isoDate(epochDay);
  if (s.isHoliday(tradeDate)) return [];
  return s.sessions.map((h) => ({
    tradeDate,
    start: zonedTimeToUs(s.timeZone, h.overnight ? epochDay - 1 : epochDay, h.openMin),
    end: zonedTimeToUs(s.timeZone, epochDay, h.closeMin),
  }));
}

/** Local calendar day (days since 1970-01-01) of an instant in the session's zone. @internal */
export function localEpochDay(s: ParsedSession, time: TimestampUs): number {
  return wallClock(s.timeZone, time).epochDay;
}

/**
 * The session windows that overlap `[from, to)` (µs), in time order, skipping non-trade days and
 * holidays. DST is applied per day, so 17:00 Chicago is 22:00 UTC in summer and 23:00 UTC in winter.
 *
 * @throws {@link @minhos/core!MinhosError} `SESSION_INVALID` for a malformed session.
 * @example
 * ```ts
 * import { CME_EQUITY_SESSION, sessionWindows } from '@minhos/sierra';
 * const [w] = sessionWindows(CME_EQUITY_SESSION, Date.UTC(2025, 10, 4, 12) * 1000, Date.UTC(2025, 10, 4, 13) * 1000);
 * w?.tradeDate; // '2025-11-04' (2025-11-03T23:00Z .. 2025-11-04T22:00Z)
 * ```
 */
export function sessionWindows(session: TradingSession, from: TimestampUs, to: TimestampUs): SessionWindow[] {
  return windowsOf(parseSession(session), from, to);
}

/** {@link sessionWindows} for an already parsed session. @internal */
export function windowsOf(s: ParsedSession, from: TimestampUs, to: TimestampUs): SessionWindow[] {
  if (!(to > from)) return [];
  const first = localEpochDay(s, from) - 1;
  const last = localEpochDay(s, to) + 1;
  const out: SessionWindow[] = [];
  for (let day = first; day <= last; day++) {
    for (const w of windowsOfDay(s, day)) if (w.end > from && w.start < to) out.push(w);
  }
  return out;
}
