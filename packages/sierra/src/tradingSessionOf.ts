import type { ContractSpec, HolidayCalendar, IsoDate, TradingHours } from '@minhos/symbols';
import type { TradingSession } from './TradingSession.js';

/**
 * The {@link TradingSession} of an `@minhos/symbols` contract spec (or its `TradingHours`), with an
 * optional exchange holiday calendar, so aggregation and gap detection use the same trading hours
 * as the rest of MinhOS.
 *
 * @example
 * ```ts
 * import { US_PER_MINUTE } from '@minhos/core';
 * import { ES, cmeHolidayCalendar } from '@minhos/symbols';
 * import { detectGaps, tradingSessionOf } from '@minhos/sierra';
 * declare const bars: import('@minhos/core').BarSeries;
 * const session = tradingSessionOf(ES, cmeHolidayCalendar());
 * const gaps = detectGaps(bars.time, { barSizeUs: US_PER_MINUTE, session });
 * ```
 */
export function tradingSessionOf(
  spec: ContractSpec | TradingHours,
  holidays?: HolidayCalendar,
): TradingSession {
  const hours = 'tradingHours' in spec ? spec.tradingHours : spec;
  return {
    timeZone: hours.timeZone,
    tradeDays: [...hours.tradeDays],
    sessions: hours.sessions.map((s) => ({ open: s.open, close: s.close })),
    ...(holidays ? { holidays: { isHoliday: (date: string) => holidays.isHoliday(date as IsoDate) } } : {}),
  };
}
