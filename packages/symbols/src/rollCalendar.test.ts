import { describe, expect, it } from 'vitest';
import {
  cmeHolidayCalendar,
  contractRegistry,
  daysUntilRoll,
  ES,
  frontMonth,
  GC,
  NQ,
  noHolidays,
  rollCalendar,
  rollDate,
  rolloverAlert,
  rolloverLevel,
  rolloverStatus,
  VIX,
} from './index.js';

const us = (iso: string): number => Date.parse(iso) * 1000;
const OFFSET_10 = { kind: 'calendarDaysBeforeExpiry', days: 10 } as const;

// The original MinhOS golden table (shared/reference/original-system.md): quarterly HMUZ, expiry
// the 3rd Friday, roll = expiry − 10 days. The original never consulted a holiday calendar.
const GOLDEN: [string, string, string][] = [
  ['NQH25', '2025-03-21', '2025-03-11'],
  ['NQM25', '2025-06-20', '2025-06-10'],
  ['NQU25', '2025-09-19', '2025-09-09'],
  ['NQZ25', '2025-12-19', '2025-12-09'],
  ['NQH26', '2026-03-20', '2026-03-10'],
  ['NQM26', '2026-06-19', '2026-06-09'],
  ['NQU26', '2026-09-18', '2026-09-08'],
  ['NQZ26', '2026-12-18', '2026-12-08'],
];

describe('rollCalendar — original golden values (offset 10)', () => {
  it('matches the golden table exactly with the original’s holiday-free rule', () => {
    const rolls = rollCalendar(NQ, { from: '2025-01-01', years: 2, roll: OFFSET_10, calendar: noHolidays });
    expect(rolls.map((r) => [r.contract.code, r.lastTradeDate, r.rollDate])).toEqual(GOLDEN);
  });

  it('with the CME calendar differs only where the original ignored a holiday (Juneteenth 2026-06-19)', () => {
    const rolls = rollCalendar(NQ, {
      from: '2025-01-01',
      years: 2,
      roll: OFFSET_10,
      calendar: cmeHolidayCalendar(),
    });
    const expected = GOLDEN.map((g) => (g[0] === 'NQM26' ? ['NQM26', '2026-06-18', '2026-06-08'] : g));
    expect(rolls.map((r) => [r.contract.code, r.lastTradeDate, r.rollDate])).toEqual(expected);
  });

  it('resolves the golden front-month examples (trade dates and instants)', () => {
    for (const calendar of [noHolidays, cmeHolidayCalendar()]) {
      const opts = { roll: OFFSET_10, calendar };
      expect(frontMonth(NQ, '2025-07-25', opts).contract.code).toBe('NQU25');
      expect(frontMonth(NQ, '2025-09-08', opts).contract.code).toBe('NQU25');
      expect(frontMonth(NQ, '2025-09-09', opts).contract.code).toBe('NQZ25');
      expect(frontMonth(NQ, '2025-12-09', opts).contract.code).toBe('NQH26');
      expect(frontMonth(NQ, '2026-03-10', opts).contract.code).toBe('NQM26');
      // 2025-07-25 → NQU25, roll 2025-09-09, 45 days (the original's floor of the remaining time).
      const at = us('2025-07-25T12:00:00Z');
      const entry = frontMonth(NQ, at, opts);
      expect(entry.rollDate).toBe('2025-09-09');
      expect(entry.next.code).toBe('NQZ25');
      expect(daysUntilRoll(NQ, at, opts)).toBe(45);
    }
  });

  it('rolls at the start of the roll date’s session (17:00 CT the evening before)', () => {
    const opts = { roll: OFFSET_10 };
    const entry = frontMonth(NQ, '2025-09-08', opts);
    expect(new Date(entry.rollAt / 1000).toISOString()).toBe('2025-09-08T22:00:00.000Z');
    expect(frontMonth(NQ, us('2025-09-08T21:59:59Z'), opts).contract.code).toBe('NQU25');
    expect(frontMonth(NQ, us('2025-09-08T22:00:00Z'), opts).contract.code).toBe('NQZ25');
    // December: CST, so 17:00 CT = 23:00Z.
    expect(new Date(frontMonth(NQ, '2025-12-01', opts).rollAt / 1000).toISOString()).toBe(
      '2025-12-08T23:00:00.000Z',
    );
    expect(daysUntilRoll(NQ, us('2025-09-07T22:00:00Z'), opts)).toBe(1);
    expect(daysUntilRoll(NQ, us('2025-09-07T22:00:01Z'), opts)).toBe(0);
  });

  it('uses CME’s 8-day default and GC’s first-notice roll', () => {
    expect(rollDate(ES, { year: 2025, month: 12 })).toBe('2025-12-11');
    expect(frontMonth(ES, '2025-12-11').contract.code).toBe('ESH26');
    expect(frontMonth(ES, '2025-12-10').contract.code).toBe('ESZ25');
    // GC rolls through G J M Q V Z; GCZ25 rolls 2025-11-25, i.e. before its contract month.
    const gc = rollCalendar(GC, { from: '2025-01-01' });
    expect(gc.map((r) => r.contract.code)).toEqual(['GCG25', 'GCJ25', 'GCM25', 'GCQ25', 'GCV25', 'GCZ25']);
    expect(gc.map((r) => r.firstNoticeDate)).toEqual([
      '2025-01-31',
      '2025-03-31',
      '2025-05-30',
      '2025-07-31',
      '2025-09-30',
      '2025-11-28',
    ]);
    expect(frontMonth(GC, '2025-11-25').contract.code).toBe('GCG26');
    expect(frontMonth(GC, '2025-11-24').contract.code).toBe('GCZ25');
  });

  it('lists N years of rolls, in order, with a window', () => {
    const five = rollCalendar(ES, { from: '2025-01-01', years: 5 });
    expect(five).toHaveLength(20);
    for (let i = 1; i < five.length; i++) {
      expect((five[i]?.rollDate ?? '') > (five[i - 1]?.rollDate ?? '')).toBe(true);
      expect(five[i]?.contract.code).toBe(five[i - 1]?.next.code);
    }
    expect(rollCalendar(ES, { from: '2025-03-13', to: '2025-06-13' }).map((r) => r.rollDate)).toEqual([
      '2025-03-13',
      '2025-06-12',
    ]);
    expect(() => rollCalendar(ES, { from: '2025-01-01', years: 0 })).toThrow(/years must be/);
  });
});

describe('rollover alerts', () => {
  it('levels: critical ≤ 7, warning ≤ 15, info ≤ 30', () => {
    expect([0, 7, 8, 15, 16, 30, 31].map((d) => rolloverLevel(d))).toEqual([
      'critical',
      'critical',
      'warning',
      'warning',
      'info',
      'info',
      'none',
    ]);
    expect(rolloverLevel(10, { critical: 2, warning: 5, info: 10 })).toBe('info');
  });

  it('counts days to the golden roll and flags action', () => {
    const rolls = { NQ: OFFSET_10 };
    const far = rolloverAlert(NQ, us('2025-07-25T12:00:00Z'), { rolls });
    expect(far).toMatchObject({ symbol: 'NQU25.CME', nextSymbol: 'NQZ25.CME', daysUntil: 45, level: 'none' });
    const near = rolloverAlert(NQ, us('2025-09-01T15:00:00Z'), { rolls });
    expect(near).toMatchObject({
      rollDate: '2025-09-09',
      daysUntil: 7,
      level: 'critical',
      actionRequired: true,
    });
    expect(rolloverAlert(NQ, us('2025-08-20T15:00:00Z'), { rolls })).toMatchObject({
      daysUntil: 19,
      level: 'info',
      actionRequired: false,
    });
  });

  it('status: urgent_count = critical + warning, non-expiring products skipped', () => {
    const registry = contractRegistry();
    const at = us('2025-08-27T15:00:00Z');
    const s = rolloverStatus(registry, at, { rolls: { NQ: OFFSET_10, ES: OFFSET_10 } });
    const levels = s.alerts.map((a) => `${a.root}:${a.level}:${a.daysUntil}`);
    // ES/NQ roll 09-09 (12 days: warning); GC rolls 2025-09-26 (29 days: info); VX rolls 09-10
    // (5 business days before 09-17: 13 days, warning); 6E rolls 2025-09-08 (11 days: warning).
    expect(levels).toEqual([
      '6E:warning:11',
      'ES:warning:12',
      'NQ:warning:12',
      'VX:warning:13',
      // The micros follow their full-size sibling's calendar with the default 8-day roll.
      'MES:warning:14',
      'MNQ:warning:14',
      'GC:info:29',
      'MGC:info:29',
    ]);
    expect(s.totalUpcoming).toBe(8);
    expect(s.urgentCount).toBe(6);
    expect(s.alerts.some((a) => a.root === VIX.root)).toBe(false);
  });
});

describe('frontMonth input checks', () => {
  it('rejects a timestamp outside 1980–2200 in µs, naming the likely unit mistake', () => {
    expect(() => frontMonth(ES, 1.7e12)).toThrow(expect.objectContaining({ code: 'INVALID_TIMESTAMP' }));
    expect(() => frontMonth(ES, 1.7e12)).toThrow(/milliseconds/);
    expect(() => frontMonth(ES, 1.7e9)).toThrow(/seconds/);
    expect(() => frontMonth(ES, 1.7e18)).toThrow(/nanoseconds/);
    expect(() => frontMonth(ES, Number.NaN)).toThrow(/finite/);
    expect(() => daysUntilRoll(ES, 1.7e12)).toThrow(/milliseconds/);
    expect(frontMonth(ES, us('2025-11-01T12:00:00Z')).contract.code).toBe('ESZ25');
  });
});
