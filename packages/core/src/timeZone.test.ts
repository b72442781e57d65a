import { describe, expect, it } from 'vitest';
import { isMinhosError } from './MinhosError.js';
import { assertTimeZone, wallClock, zonedTimeToUs, zoneOffsetMinutes } from './timeZone.js';

const us = (iso: string) => Date.parse(iso) * 1000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('time zones', () => {
  it('reads offsets across DST (America/Chicago, Europe/London, Asia/Kathmandu)', () => {
    expect(zoneOffsetMinutes('America/Chicago', us('2025-01-15T12:00:00Z'))).toBe(-360);
    expect(zoneOffsetMinutes('America/Chicago', us('2025-07-15T12:00:00Z'))).toBe(-300);
    // US DST starts 2025-03-09 at 02:00 CST = 08:00Z.
    expect(zoneOffsetMinutes('America/Chicago', us('2025-03-09T07:59:00Z'))).toBe(-360);
    expect(zoneOffsetMinutes('America/Chicago', us('2025-03-09T08:00:00Z'))).toBe(-300);
    expect(zoneOffsetMinutes('Europe/London', us('2025-07-01T00:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Asia/Kathmandu', us('2025-07-01T00:00:00Z'))).toBe(345);
  });

  it('agrees with Intl for random instants', () => {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/New_York',
      hourCycle: 'h23',
      hour: 'numeric',
      minute: 'numeric',
    });
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const t = Date.UTC(2000, 0, 1) + (seed / 2 ** 31) * 30 * 365 * 86_400_000;
      const parts = f.formatToParts(new Date(t));
      const h = Number(parts.find((p) => p.type === 'hour')?.value);
      const m = Number(parts.find((p) => p.type === 'minute')?.value);
      expect(wallClock('America/New_York', t * 1000).minuteOfDay).toBe(h * 60 + m);
    }
  });

  it('maps wall time to instants, handling gaps and overlaps', () => {
    expect(zonedTimeToUs('America/Chicago', day('2025-07-01'), 17 * 60)).toBe(us('2025-07-01T22:00:00Z'));
    expect(zonedTimeToUs('America/Chicago', day('2025-01-01'), 17 * 60)).toBe(us('2025-01-01T23:00:00Z'));
    expect(zonedTimeToUs('Australia/Sydney', day('2025-01-01'), 10 * 60)).toBe(us('2024-12-31T23:00:00Z'));
    // 24:00 is the next midnight (session closes at end of day).
    expect(zonedTimeToUs('UTC', day('2025-01-01'), 24 * 60)).toBe(us('2025-01-02T00:00:00Z'));
    // 02:30 does not exist on 2025-03-09 in Chicago: moved forward to 03:30 CDT = 08:30Z.
    expect(zonedTimeToUs('America/Chicago', day('2025-03-09'), 150)).toBe(us('2025-03-09T08:30:00Z'));
    // 01:30 happens twice on 2025-11-02: the earlier (CDT) instant 06:30Z.
    expect(zonedTimeToUs('America/Chicago', day('2025-11-02'), 90)).toBe(us('2025-11-02T06:30:00Z'));
    const w = wallClock('America/Chicago', us('2025-07-04T15:00:00Z'));
    expect(w).toEqual({ epochDay: day('2025-07-04'), minuteOfDay: 600, weekday: 5 });
  });

  it('rejects non-finite times with a typed error', () => {
    expect(() => wallClock('America/Chicago', Number.NaN)).toThrowError(/time must be finite/);
  });

  it('rejects unknown zones with a typed error', () => {
    try {
      assertTimeZone('Mars/Olympus');
      expect.unreachable();
    } catch (e) {
      expect(isMinhosError(e, 'INVALID_TIME_ZONE')).toBe(true);
    }
  });
});
