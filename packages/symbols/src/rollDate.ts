import { MinhosError } from '@minhos/core';
import { addBusinessDays } from './businessDay.js';
import type { FuturesSpec, RollRule } from './ContractSpec.js';
import { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
import { type ContractMonth, contractCode } from './FuturesContract.js';
import { addDays, type IsoDate } from './IsoDate.js';
import { type CalendarOptions, firstNoticeDate, lastTradeDate } from './lastTradeDate.js';

/** Options of the roll functions: the holiday calendar and an optional roll-rule override. */
export interface RollOptions extends CalendarOptions {
  /** Overrides the spec's roll rule, e.g. `{ kind: 'calendarDaysBeforeExpiry', days: 10 }`. */
  readonly roll?: RollRule;
}

/**
 * The roll date of a contract: the trade date on which the next contract becomes the front month
 * (the roll takes effect at the start of that date's trading session).
 *
 * Default rule from the spec (ES/NQ/6E: 8 calendar days before expiry; GC: 2 business days
 * before first notice; VX: 5 business days before expiry); override with `options.roll`. A
 * per-contract `rollDate` override in the spec wins over both.
 *
 * @throws {@link @minhos/core!MinhosError} `ROLL_RULE_INVALID` when a first-notice rule is needed but missing.
 * @example
 * ```ts
 * import { NQ, rollDate } from '@minhos/symbols';
 * rollDate(NQ, { year: 2025, month: 9 }); // '2025-09-11' (expiry 09-19 − 8 days)
 * rollDate(NQ, { year: 2025, month: 9 }, { roll: { kind: 'calendarDaysBeforeExpiry', days: 10 } }); // '2025-09-09'
 * ```
 */
export function rollDate(spec: FuturesSpec, contract: ContractMonth, options: RollOptions = {}): IsoDate {
  const override = spec.overrides?.[contractCode(spec, contract)]?.rollDate;
  if (override !== undefined) return override;
  const calendar = options.calendar ?? cmeHolidayCalendar();
  const rule = options.roll ?? spec.roll;
  if (!(Number.isInteger(rule.days) && rule.days >= 0)) {
    throw new MinhosError(
      'ROLL_RULE_INVALID',
      `${spec.root}: roll.days must be a non-negative integer, got ${rule.days}`,
      {
        details: { root: spec.root, days: rule.days },
      },
    );
  }
  switch (rule.kind) {
    case 'calendarDaysBeforeExpiry':
      return addDays(lastTradeDate(spec, contract, { calendar }), -rule.days);
    case 'businessDaysBeforeExpiry':
      return addBusinessDays(lastTradeDate(spec, contract, { calendar }), -rule.days, calendar);
    case 'businessDaysBeforeFirstNotice': {
      const fnd = firstNoticeDate(spec, contract, { calendar });
      if (fnd === undefined) {
        throw new MinhosError(
          'ROLL_RULE_INVALID',
          `${spec.root}: roll rule "businessDaysBeforeFirstNotice" needs a firstNotice rule in the spec`,
          { details: { root: spec.root } },
        );
      }
      return addBusinessDays(fnd, -rule.days, calendar);
    }
  }
}
