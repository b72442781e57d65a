import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cmeHolidayCalendar,
  ES,
  EURUSD,
  GC,
  isMarketOpen,
  noHolidays,
  tradeDateStart,
  tradingDate,
  tradingSessions,
  VIX,
  XAUUSD,
} from './index.js';

const us = (iso: string): number => Date.parse(iso) * 1000;
const iso = (t: number): string => new Date(t / 1000).toISOString();
const cme = cmeHolidayCalendar();

describe('trading hours', () => {
  it('CME Globex: Sun–Fri 17:00–16:00 CT with the daily break, DST-aware', () => {
    // Summer (CDT, UTC−5)
    expect(isMarketOpen(ES, us('2025-07-13T21:59:00Z'), cme)).toBe(false); // Sun 16:59
    expect(isMarketOpen(ES, us('2025-07-13T22:00:00Z'), cme)).toBe(true); // Sun 17:00
    expect(isMarketOpen(ES, us('2025-07-14T20:59:00Z'), cme)).toBe(true); // Mon 15:59
    expect(isMarketOpen(ES, us('2025-07-14T21:00:00Z'), cme)).toBe(false); // Mon 16:00 break
    expect(isMarketOpen(ES, us('2025-07-18T20:59:00Z'), cme)).toBe(true); // Fri 15:59
    expect(isMarketOpen(ES, us('2025-07-18T22:30:00Z'), cme)).toBe(false); // Fri 17:30: weekend
    expect(isMarketOpen(ES, us('2025-07-19T15:00:00Z'), cme)).toBe(false); // Saturday
    // Winter (CST, UTC−6)
    expect(isMarketOpen(ES, us('2025-12-01T22:30:00Z'), cme)).toBe(false); // Mon 16:30 CST
    expect(isMarketOpen(ES, us('2025-12-01T23:00:00Z'), cme)).toBe(true); // Mon 17:00 CST
    // Holiday trade date (Christmas 2025, Thursday): closed even inside session hours.
    expect(isMarketOpen(ES, us('2025-12-25T15:00:00Z'), cme)).toBe(false);
    expect(isMarketOpen(ES, us('2025-12-25T15:00:00Z'), noHolidays)).toBe(true);
  });

  it('maps instants to trade dates at the session open, including across DST changes', () => {
    expect(tradingDate(ES, us('2025-03-09T21:59:00Z'))).toBe('2025-03-09'); // Sun 16:59 CDT (DST began that morning)
    expect(tradingDate(ES, us('2025-03-09T22:00:00Z'))).toBe('2025-03-10');
    expect(iso(tradeDateStart(ES, '2025-03-10'))).toBe('2025-03-09T22:00:00.000Z');
    expect(iso(tradeDateStart(ES, '2025-11-03'))).toBe('2025-11-02T23:00:00.000Z'); // DST ended 11-02
    const [s] = tradingSessions(GC, '2025-11-03');
    expect(s && [iso(s.open), iso(s.close)]).toEqual([
      '2025-11-02T23:00:00.000Z',
      '2025-11-03T22:00:00.000Z',
    ]);
  });

  it('same-day sessions (the VIX index) and 24/5 spot', () => {
    expect(tradingSessions(VIX, '2025-03-03').map((x) => [iso(x.open), iso(x.close)])).toEqual([
      ['2025-03-03T08:15:00.000Z', '2025-03-03T14:25:00.000Z'],
      ['2025-03-03T14:30:00.000Z', '2025-03-03T21:15:00.000Z'],
    ]);
    expect(isMarketOpen(VIX, us('2025-03-03T14:27:00Z'), cme)).toBe(false); // 08:27 gap
    expect(tradingDate(VIX, us('2025-03-03T23:00:00Z'))).toBe('2025-03-03');
    expect(iso(tradeDateStart(VIX, '2025-03-03'))).toBe('2025-03-03T06:00:00.000Z');
    // Spot FX: Sunday 17:00 New York to Friday 17:00, no daily break.
    expect(isMarketOpen(EURUSD, us('2025-07-13T20:59:00Z'), noHolidays)).toBe(false);
    expect(isMarketOpen(EURUSD, us('2025-07-13T21:00:00Z'), noHolidays)).toBe(true);
    expect(isMarketOpen(EURUSD, us('2025-07-15T21:00:00Z'), noHolidays)).toBe(true);
    expect(isMarketOpen(EURUSD, us('2025-07-18T21:00:00Z'), noHolidays)).toBe(false);
    // Spot gold breaks 17:00–18:00 New York.
    expect(isMarketOpen(XAUUSD, us('2025-07-15T21:30:00Z'), noHolidays)).toBe(false);
    expect(isMarketOpen(XAUUSD, us('2025-07-15T22:00:00Z'), noHolidays)).toBe(true);
  });

  it('agrees with Intl on trade dates for random instants 2000–2035', () => {
    const chicago = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Chicago',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        (minute) => {
          const ms = minute * 60_000;
          const parts = Object.fromEntries(chicago.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
          const local = `${parts.year}-${parts.month}-${parts.day}`;
          // From 17:00 local the instant belongs to the next calendar day's trade date.
          const expected =
            Number(parts.hour) >= 17
              ? new Date(Date.parse(`${local}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
              : local;
          expect(tradingDate(ES, ms * 1000)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
