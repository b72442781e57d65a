import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  cmeHolidayCalendar,
  combineHolidayCalendars,
  fromEpochDay,
  holidayCalendarFromDates,
  isBusinessDay,
  isoDate,
  noHolidays,
  onOrBeforeBusinessDay,
  toEpochDay,
  weekdayOf,
} from './index.js';

// Full-day US exchange holidays as published by NYSE for 2024–2026 (nyse.com/markets/hours-calendars);
// CME Group closes its equity/metals/FX trade dates on the same days.
const PUBLISHED: Record<number, string[]> = {
  2024: [
    '2024-01-01',
    '2024-01-15',
    '2024-02-19',
    '2024-03-29',
    '2024-05-27',
    '2024-06-19',
    '2024-07-04',
    '2024-09-02',
    '2024-11-28',
    '2024-12-25',
  ],
  2025: [
    '2025-01-01',
    '2025-01-20',
    '2025-02-17',
    '2025-04-18',
    '2025-05-26',
    '2025-06-19',
    '2025-07-04',
    '2025-09-01',
    '2025-11-27',
    '2025-12-25',
  ],
  2026: [
    '2026-01-01',
    '2026-01-19',
    '2026-02-16',
    '2026-04-03',
    '2026-05-25',
    '2026-06-19',
    '2026-07-03',
    '2026-09-07',
    '2026-11-26',
    '2026-12-25',
  ],
};

function holidaysIn(year: number, cal = cmeHolidayCalendar()): string[] {
  const out: string[] = [];
  for (let d = toEpochDay(isoDate(year, 1, 1)); d <= toEpochDay(isoDate(year, 12, 31)); d++) {
    if (cal.isHoliday(fromEpochDay(d))) out.push(fromEpochDay(d));
  }
  return out;
}

describe('cmeHolidayCalendar', () => {
  it('reproduces the published 2024–2026 holiday lists exactly', () => {
    for (const [year, list] of Object.entries(PUBLISHED)) expect(holidaysIn(Number(year))).toEqual(list);
  });

  it('applies weekend observance, the New Year Saturday exception and Juneteenth from 2022', () => {
    const cme = cmeHolidayCalendar();
    expect(cme.isHoliday('2021-12-24')).toBe(true); // Christmas 2021 on Saturday
    expect(cme.isHoliday('2021-12-31')).toBe(false); // New Year 2022 on Saturday: not observed
    expect(cme.isHoliday('2022-12-26')).toBe(true); // Christmas 2022 on Sunday
    expect(cme.isHoliday('2023-01-02')).toBe(true); // New Year 2023 on Sunday
    expect(cme.isHoliday('2021-06-18')).toBe(false); // before Juneteenth was observed
    expect(cme.isHoliday('2022-06-20')).toBe(true); // Juneteenth 2022 on Sunday
    expect(cme.isHoliday('2027-06-18')).toBe(true); // Juneteenth 2027 on Saturday
    expect(cmeHolidayCalendar({ juneteenthFrom: 2030 }).isHoliday('2026-06-19')).toBe(false);
    expect(cmeHolidayCalendar({ extraClosures: ['2025-01-09'] }).isHoliday('2025-01-09')).toBe(true);
  });

  it('yields only weekdays, 8–10 per year, for a century', () => {
    for (let y = 2000; y <= 2100; y++) {
      const list = holidaysIn(y);
      for (const d of list) expect([1, 2, 3, 4, 5]).toContain(weekdayOf(d as never));
      const newYearSaturday = weekdayOf(isoDate(y, 1, 1)) === 6;
      expect(list.length).toBe((y >= 2022 ? 10 : 9) - (newYearSaturday ? 1 : 0));
    }
  });
});

describe('business days', () => {
  const cme = cmeHolidayCalendar();
  it('skips weekends and holidays', () => {
    expect(isBusinessDay('2025-04-18', cme)).toBe(false);
    expect(isBusinessDay('2025-04-19', noHolidays)).toBe(false);
    expect(onOrBeforeBusinessDay('2025-04-18', cme)).toBe('2025-04-17');
    expect(onOrBeforeBusinessDay('2025-04-20', cme)).toBe('2025-04-17');
    expect(addBusinessDays('2025-04-21', -1, cme)).toBe('2025-04-17');
    expect(addBusinessDays('2025-12-24', 1, cme)).toBe('2025-12-26');
    expect(addBusinessDays('2025-12-24', 0, cme)).toBe('2025-12-24');
  });

  it('combines calendars and rejects a calendar with no business day', () => {
    const extra = holidayCalendarFromDates('extra', ['2025-01-09']);
    const both = combineHolidayCalendars(cme, extra);
    expect(both.isHoliday('2025-01-09') && both.isHoliday('2025-12-25')).toBe(true);
    expect(both.name).toBe('CME (rule-based US holidays) + extra');
    const closed = { name: 'closed', isHoliday: () => true };
    expect(() => onOrBeforeBusinessDay('2025-01-09', closed)).toThrow(/no business day/);
    expect(() => holidayCalendarFromDates('bad', ['2025-02-30'])).toThrow(/does not exist/);
  });
});
