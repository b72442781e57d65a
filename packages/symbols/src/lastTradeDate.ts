import { MinhosError } from '@minhos/core';
import { addBusinessDays, isBusinessDay, onOrBeforeBusinessDay } from './businessDay.js';
import type { FuturesSpec } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import { type ContractMonth, contractCode, futuresContract } from './FuturesContract.js';
import type { HolidayCalendar } from './HolidayCalendar.js';
import { addDays, type IsoDate, isoDate } from './IsoDate.js';
import { nthWeekdayOfMonth } from './internal/calendarMath.js';
import { daysInMonth } from './internal/civil.js';

/** Options shared by the calendar functions. */
export interface CalendarOptions {
  /** Exchange holidays. Default: {@link cmeHolidayCalendar} (rule-based US holidays). */
  readonly calendar?: HolidayCalendar;
}

/**
 * The last trade date (expiry) of a futures contract, from the product's expiry rule, the holiday
 * calendar, and any per-contract override in the spec. Throws `INVALID_MONTH` for a month outside
 * 1..12, `CONTRACT_MONTH_NOT_LISTED` for a month the product does not list (ES has no February
 * contract), `INVALID_YEAR` for a year that is not 4 digits.
 *
 * @example
 * ```ts
 * import { ES, GC, VX, lastTradeDate } from '@minhos/symbols';
 * lastTradeDate(ES, { year: 2025, month: 12 }); // '2025-12-19' (3rd Friday)
 * lastTradeDate(GC, { year: 2025, month: 12 }); // '2025-12-29' (3rd last business day)
 * lastTradeDate(VX, { year: 2025, month: 3 });  // '2025-03-18' (April 18 is Good Friday)
 * ```
 */
export function lastTradeDate(
  spec: FuturesSpec,
  contract: ContractMonth,
  options: CalendarOptions = {},
): IsoDate {
  // The month must be one the product lists, whether or not the spec has overrides.
  futuresContract(spec, contract.year, contract.month);
  const override = spec.overrides?.[contractCode(spec, contract)]?.lastTradeDate;
  if (override !== undefined) return override;
  const cal = options.calendar ?? cmeHolidayCalendar();
  const { year, month } = contract;
  const rule = spec.expiry;
  switch (rule.kind) {
    case 'nthWeekday':
      return onOrBeforeBusinessDay(nthWeekdayOfMonth(year, month, rule.weekday, rule.n), cal);
    case 'nthLastBusinessDay': {
      const last = onOrBeforeBusinessDay(isoDate(year, month, daysInMonth(year, month)), cal);
      return addBusinessDays(last, -(rule.n - 1), cal);
    }
    case 'businessDaysBeforeNthWeekday':
      return addBusinessDays(nthWeekdayOfMonth(year, month, rule.weekday, rule.n), -rule.businessDays, cal);
    case 'daysBeforeNthWeekdayOfNextMonth': {
      const ny = month === 12 ? year + 1 : year;
      const nm = month === 12 ? 1 : month + 1;
      const anchor = onOrBeforeBusinessDay(nthWeekdayOfMonth(ny, nm, rule.weekday, rule.n), cal);
      const d = addDays(anchor, -rule.days);
      return isBusinessDay(d, cal) ? d : onOrBeforeBusinessDay(addDays(d, -1), cal);
    }
    case 'custom':
      return rule.lastTradeDate(year, month, cal);
  }
}

/**
 * The first notice day of a physically delivered contract, or `undefined` when the product has
 * no `firstNotice` rule (cash-settled ES/NQ/VX; 6E has no FND rule in its built-in spec).
 *
 * @example
 * ```ts
 * import { GC, firstNoticeDate } from '@minhos/symbols';
 * firstNoticeDate(GC, { year: 2025, month: 12 }); // '2025-11-28' (last business day of November)
 * ```
 */
export function firstNoticeDate(
  spec: FuturesSpec,
  contract: ContractMonth,
  options: CalendarOptions = {},
): IsoDate | undefined {
  const override = spec.overrides?.[contractCode(spec, contract)]?.firstNoticeDate;
  if (override !== undefined) return override;
  const rule = spec.firstNotice;
  if (rule === undefined) return undefined;
  const cal = options.calendar ?? cmeHolidayCalendar();
  const { year, month } = contract;
  switch (rule.kind) {
    case 'nthLastBusinessDayOfPriorMonth': {
      const py = month === 1 ? year - 1 : year;
      const pm = month === 1 ? 12 : month - 1;
      const last = onOrBeforeBusinessDay(isoDate(py, pm, daysInMonth(py, pm)), cal);
      return addBusinessDays(last, -(rule.n - 1), cal);
    }
    case 'custom':
      return rule.firstNoticeDate(year, month, cal);
    default:
      throw new MinhosError('CONTRACT_SPEC_INVALID', `${spec.root}: unknown firstNotice rule`);
  }
}
