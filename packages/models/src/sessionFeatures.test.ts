import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { sessionFeatures, UTC_DAY_SESSION } from './sessionFeatures.js';

const us = (iso: string): number => Date.parse(iso) * 1000;

describe('sessionFeatures', () => {
  it('Globex (17:00 Chicago, 23 h): minutes since open and trading-day weekday, both DST regimes', () => {
    const globex = { timeZone: 'America/Chicago', openMinute: 1020, lengthMinutes: 1380 };
    const t = Float64Array.of(
      us('2024-03-08T23:00:00Z'), // Fri 17:00 CST: CME is shut, but the arithmetic names Saturday's date
      us('2024-03-10T22:00:00Z'), // Sun 17:00 CDT (DST began that morning): Monday's session opens
      us('2024-03-11T13:30:00Z'), // Mon 08:30 CDT
      us('2024-03-11T20:59:00Z'), // Mon 15:59 CDT: last minute of the session
      us('2024-03-11T21:30:00Z'), // Mon 16:30 CDT: maintenance break
      us('2024-11-04T14:30:00Z'), // Mon 08:30 CST (after DST ended)
    );
    const f = sessionFeatures(t, globex);
    expect(Array.from(f.minutesSinceOpen)).toEqual([0, 0, 930, 1379, 1410, 930]);
    expect(Array.from(f.dayOfWeek)).toEqual([6, 1, 1, 1, 1, 1]);
    expect(f.sessionFraction[2]).toBe(930 / 1380);
    expect(f.sessionFraction[4]).toBeGreaterThan(1);
  });

  it('a day session (Eurex 08:00 Berlin, 14 h) belongs to its own date', () => {
    const eurex = { timeZone: 'Europe/Berlin', openMinute: 480, lengthMinutes: 840 };
    const f = sessionFeatures(Float64Array.of(us('2024-07-03T06:00:00Z'), us('2024-01-03T07:15:00Z')), eurex);
    expect(Array.from(f.minutesSinceOpen)).toEqual([0, 15]);
    expect(Array.from(f.dayOfWeek)).toEqual([3, 3]);
  });

  it('defaults to the UTC calendar day', () => {
    const f = sessionFeatures(
      Float64Array.of(us('1970-01-01T00:00:00Z'), us('2024-02-29T23:59:00Z')),
      UTC_DAY_SESSION,
    );
    expect(Array.from(f.minutesSinceOpen)).toEqual([0, 1439]);
    expect(Array.from(f.dayOfWeek)).toEqual([4, 4]);
  });

  it('rejects unknown zones and out-of-range minutes', () => {
    for (const session of [
      { timeZone: 'Nowhere/Atlantis', openMinute: 0, lengthMinutes: 60 },
      { timeZone: 'UTC', openMinute: -1, lengthMinutes: 60 },
      { timeZone: 'UTC', openMinute: 0, lengthMinutes: 1441 },
    ]) {
      let caught: unknown;
      try {
        sessionFeatures(new Float64Array(1), session);
      } catch (e) {
        caught = e;
      }
      expect(isMinhosError(caught, 'FEATURE_BAD_SESSION')).toBe(true);
    }
  });
});

describe('sessionFeatures batch fast path', () => {
  it('equals the per-bar streaming arithmetic bit for bit across DST changes in several zones', async () => {
    const { sessionValues } = await import('./internal/sessionMath.js');
    const start = Date.UTC(2012, 0, 1) * 1000;
    // Irregular steps (1 min to ~9 h) over four years, so every DST change is crossed at many phases.
    const times: number[] = [];
    let t = start;
    let seed = 1;
    while (times.length < 60_000) {
      seed = (seed * 48271) % 2147483647;
      t += (1 + (seed % 540)) * 60_000_000;
      times.push(t);
    }
    const time = Float64Array.from(times);
    for (const session of [
      { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 },
      { timeZone: 'America/New_York', openMinute: 9 * 60 + 30, lengthMinutes: 390 },
      { timeZone: 'Australia/Lord_Howe', openMinute: 600, lengthMinutes: 360 }, // 30-minute DST
      { timeZone: 'Asia/Kathmandu', openMinute: 0, lengthMinutes: 1440 },
      { timeZone: 'UTC', openMinute: 0, lengthMinutes: 1440 },
    ]) {
      const f = sessionFeatures(time, session);
      const out = new Float64Array(3);
      for (let i = 0; i < time.length; i++) {
        sessionValues(time[i]!, session, session.timeZone, out);
        if (
          f.minutesSinceOpen[i] !== out[0] ||
          f.sessionFraction[i] !== out[1] ||
          f.dayOfWeek[i] !== out[2]
        ) {
          throw new Error(
            `${session.timeZone} bar ${i} (${new Date(time[i]! / 1000).toISOString()}) differs`,
          );
        }
      }
    }
    expect(() => sessionFeatures(Float64Array.of(Number.NaN), UTC_DAY_SESSION)).toThrow(/finite/);
  });
});
