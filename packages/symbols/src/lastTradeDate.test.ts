import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cmeHolidayCalendar,
  defineContract,
  E6,
  ES,
  firstNoticeDate,
  GC,
  isBusinessDay,
  lastTradeDate,
  monthCode,
  NQ,
  noHolidays,
  rollDate,
  VX,
  weekdayOf,
} from './index.js';

const cme = cmeHolidayCalendar();

// ES quarterly expiries 2024–2030, listed by hand from a printed calendar (3rd Friday of
// March/June/September/December). Cross-checked against CME's ESH24 2024-03-15, ESM24 2024-06-21,
// ESU24 2024-09-20, ESZ24 2024-12-20, ESH25 2025-03-21 … ESZ25 2025-12-19. Two exceptions in the
// range, both Juneteenth: 2026-06-19 is the 3rd Friday itself, and 2027-06-19 is a Saturday observed
// on Friday 2027-06-18 (the 3rd Friday) — NYSE is closed both days, so ESM26 and ESM27 expire on the
// Thursday before. (The first hand list had ESM27 on 06-18; the rule check below caught it.)
const ES_EXPIRIES: Record<string, string> = {
  ESH24: '2024-03-15',
  ESM24: '2024-06-21',
  ESU24: '2024-09-20',
  ESZ24: '2024-12-20',
  ESH25: '2025-03-21',
  ESM25: '2025-06-20',
  ESU25: '2025-09-19',
  ESZ25: '2025-12-19',
  ESH26: '2026-03-20',
  ESM26: '2026-06-18',
  ESU26: '2026-09-18',
  ESZ26: '2026-12-18',
  ESH27: '2027-03-19',
  ESM27: '2027-06-17',
  ESU27: '2027-09-17',
  ESZ27: '2027-12-17',
  ESH28: '2028-03-17',
  ESM28: '2028-06-16',
  ESU28: '2028-09-15',
  ESZ28: '2028-12-15',
  ESH29: '2029-03-16',
  ESM29: '2029-06-15',
  ESU29: '2029-09-21',
  ESZ29: '2029-12-21',
  ESH30: '2030-03-15',
  ESM30: '2030-06-21',
  ESU30: '2030-09-20',
  ESZ30: '2030-12-20',
};

// VX monthly final settlement dates 2019 as published by CFE
// (markets.cboe.com/us/futures/market_statistics/final_settlement_prices/, VX/F9 … VX/U9).
// VX/H9 is the holiday case: the 3rd Friday of April 2019 was Good Friday (04-19), so the date is
// 30 days before Thursday 04-18 = Tuesday 03-19.
const VX_2019_PUBLISHED: Record<number, string> = {
  1: '2019-01-16',
  2: '2019-02-13',
  3: '2019-03-19',
  4: '2019-04-17',
  5: '2019-05-22',
  6: '2019-06-19',
  7: '2019-07-17',
  8: '2019-08-21',
  9: '2019-09-18',
};

// VX 2025–2026 derived by hand from CFE's rule (the Wednesday 30 days before the 3rd Friday of the
// following month; if that Friday is a holiday, 30 days before the business day preceding it).
// Holiday cases: VXH25 — 2025-04-18 is Good Friday → 30 days before Thu 04-17 = Tue 2025-03-18;
// VXK26 — 2026-06-19 is Juneteenth → 30 days before Thu 06-18 = Tue 2026-05-19.
const VX_2025_2026: Record<string, string> = {
  '2025-01': '2025-01-22',
  '2025-02': '2025-02-19',
  '2025-03': '2025-03-18',
  '2025-04': '2025-04-16',
  '2025-05': '2025-05-21',
  '2025-06': '2025-06-18',
  '2025-07': '2025-07-16',
  '2025-08': '2025-08-20',
  '2025-09': '2025-09-17',
  '2025-10': '2025-10-22',
  '2025-11': '2025-11-19',
  '2025-12': '2025-12-17',
  '2026-01': '2026-01-21',
  '2026-02': '2026-02-18',
  '2026-03': '2026-03-18',
  '2026-04': '2026-04-15',
  '2026-05': '2026-05-19',
  '2026-06': '2026-06-17',
  '2026-07': '2026-07-22',
  '2026-08': '2026-08-19',
  '2026-09': '2026-09-16',
  '2026-10': '2026-10-21',
  '2026-11': '2026-11-18',
  '2026-12': '2026-12-16',
};

const MONTH_OF: Record<string, number> = { H: 3, M: 6, U: 9, Z: 12 };

describe('lastTradeDate', () => {
  it('ES 2024–2030 matches the hand-listed table', () => {
    for (const [code, expected] of Object.entries(ES_EXPIRIES)) {
      const contract = { year: 2000 + Number(code.slice(3)), month: MONTH_OF[code[2] as string] as number };
      expect(lastTradeDate(ES, contract, { calendar: cme }), code).toBe(expected);
      expect(lastTradeDate(NQ, contract, { calendar: cme }), code).toBe(expected);
    }
  });

  it('ES 2024–2030 satisfies the rule: 3rd Friday, or the Thursday before when that Friday is a holiday', () => {
    for (let year = 2024; year <= 2030; year++) {
      for (const month of [3, 6, 9, 12]) {
        const d = lastTradeDate(ES, { year, month }, { calendar: cme });
        const day = Number(d.slice(8));
        if (weekdayOf(d) === 5) expect(day >= 15 && day <= 21).toBe(true);
        else {
          expect(weekdayOf(d)).toBe(4);
          expect(day >= 14 && day <= 20).toBe(true);
          const friday = `${d.slice(0, 8)}${String(day + 1).padStart(2, '0')}`;
          expect(cme.isHoliday(friday as never)).toBe(true);
        }
      }
    }
  });

  it('VX 2019 matches the dates CFE published', () => {
    for (const [month, expected] of Object.entries(VX_2019_PUBLISHED)) {
      expect(lastTradeDate(VX, { year: 2019, month: Number(month) }, { calendar: cme })).toBe(expected);
    }
  });

  it('VX 2025–2026 matches the rule-derived list (incl. the Good Friday and Juneteenth cases)', () => {
    for (const [ym, expected] of Object.entries(VX_2025_2026)) {
      const contract = { year: Number(ym.slice(0, 4)), month: Number(ym.slice(5)) };
      expect(lastTradeDate(VX, contract, { calendar: cme }), ym).toBe(expected);
    }
    // Without holidays the Good Friday case falls back to the plain Wednesday.
    expect(lastTradeDate(VX, { year: 2025, month: 3 }, { calendar: noHolidays })).toBe('2025-03-19');
  });

  it('VX: a holiday on the computed Wednesday moves to the preceding business day', () => {
    const cal = { name: 'test', isHoliday: (d: string) => d === '2025-04-16' || cme.isHoliday(d as never) };
    expect(lastTradeDate(VX, { year: 2025, month: 4 }, { calendar: cal })).toBe('2025-04-15');
  });

  it('GC: 3rd-last business day, first notice = last business day of the prior month', () => {
    const cases: [number, string, string][] = [
      [2, '2025-02-26', '2025-01-31'],
      [4, '2025-04-28', '2025-03-31'],
      [6, '2025-06-26', '2025-05-30'],
      [8, '2025-08-27', '2025-07-31'],
      [10, '2025-10-29', '2025-09-30'],
      [12, '2025-12-29', '2025-11-28'],
    ];
    for (const [month, ltd, fnd] of cases) {
      expect(lastTradeDate(GC, { year: 2025, month }, { calendar: cme })).toBe(ltd);
      expect(firstNoticeDate(GC, { year: 2025, month }, { calendar: cme })).toBe(fnd);
    }
    // Default roll: 2 business days before first notice (Thanksgiving is skipped).
    expect(rollDate(GC, { year: 2025, month: 12 }, { calendar: cme })).toBe('2025-11-25');
    expect(
      rollDate(
        GC,
        { year: 2025, month: 12 },
        { calendar: cme, roll: { kind: 'businessDaysBeforeFirstNotice', days: 0 } },
      ),
    ).toBe('2025-11-28');
    expect(firstNoticeDate(ES, { year: 2025, month: 12 })).toBeUndefined();
  });

  it('6E: two business days before the 3rd Wednesday', () => {
    const expected = ['2025-03-17', '2025-06-16', '2025-09-15', '2025-12-15', '2026-03-16', '2026-06-15'];
    const got = [
      [2025, 3],
      [2025, 6],
      [2025, 9],
      [2025, 12],
      [2026, 3],
      [2026, 6],
    ].map(([year, month]) =>
      lastTradeDate(E6, { year: year as number, month: month as number }, { calendar: cme }),
    );
    expect(got).toEqual(expected);
  });

  it('is always a business day inside the contract month (ES, GC, 6E) for 1990–2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        for (const spec of [ES, GC, E6]) {
          if (!(spec.listedMonths ?? spec.months).includes(monthCode(month))) continue;
          const d = lastTradeDate(spec, { year, month }, { calendar: cme });
          expect(isBusinessDay(d, cme)).toBe(true);
          expect(Number(d.slice(0, 4))).toBe(year);
          expect(Number(d.slice(5, 7))).toBe(month);
        }
        const vx = lastTradeDate(VX, { year, month }, { calendar: cme });
        expect(isBusinessDay(vx, cme)).toBe(true);
      }),
    );
  });

  it('honours per-contract overrides and custom rules in the spec (data, not code)', () => {
    const moved = defineContract({
      ...ES,
      overrides: { ESH25: { lastTradeDate: '2025-03-20', rollDate: '2025-03-10' } },
    });
    expect(lastTradeDate(moved, { year: 2025, month: 3 })).toBe('2025-03-20');
    expect(rollDate(moved, { year: 2025, month: 3 })).toBe('2025-03-10');
    expect(lastTradeDate(moved, { year: 2025, month: 6 })).toBe('2025-06-20');
    const custom = defineContract({
      ...ES,
      root: 'XX',
      expiry: {
        kind: 'custom',
        description: 'first day of month',
        lastTradeDate: (y, m) => `${y}-${String(m).padStart(2, '0')}-01` as never,
      },
    });
    expect(lastTradeDate(custom, { year: 2025, month: 9 })).toBe('2025-09-01');
  });

  it('rejects a month that is not 1..12 or not listed for the product, with or without overrides', () => {
    expect(() => lastTradeDate(ES, { year: 2025, month: 13 })).toThrow(
      expect.objectContaining({ code: 'INVALID_MONTH' }),
    );
    expect(() => lastTradeDate(ES, { year: 2025, month: 0 })).toThrow(/month 0/);
    expect(() => lastTradeDate(ES, { year: 2025, month: 2 })).toThrow(
      expect.objectContaining({ code: 'CONTRACT_MONTH_NOT_LISTED' }),
    );
    expect(() => lastTradeDate(ES, { year: 2025, month: 2 })).toThrow(/ES: month G \(2\) is not listed/);
    expect(() => rollDate(ES, { year: 2025, month: 5 })).toThrow(/not listed/);
    expect(() => lastTradeDate(ES, { year: 25, month: 3 })).toThrow(
      expect.objectContaining({ code: 'INVALID_YEAR' }),
    );
    // GC lists every month although it rolls through six of them.
    expect(lastTradeDate(GC, { year: 2025, month: 1 })).toBe('2025-01-29');
  });
});
