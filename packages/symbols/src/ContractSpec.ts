import { MinhosError } from '@minhos/core';
import type { HolidayCalendar } from './HolidayCalendar.js';
import type { IsoDate, Weekday } from './IsoDate.js';

/** Futures month codes, January (`F`) … December (`Z`). */
export type MonthCode = 'F' | 'G' | 'H' | 'J' | 'K' | 'M' | 'N' | 'Q' | 'U' | 'V' | 'X' | 'Z';

/** Month codes indexed by month − 1: `MONTH_CODES[2] === 'H'` (March). */
export const MONTH_CODES: readonly MonthCode[] = Object.freeze([
  'F',
  'G',
  'H',
  'J',
  'K',
  'M',
  'N',
  'Q',
  'U',
  'V',
  'X',
  'Z',
] as const);

/**
 * What kind of instrument a spec describes. Futures classes carry expiries and rolls; `index`,
 * `fx_spot` and `metal_spot` never expire.
 */
export type AssetClass =
  | 'equity_index_future'
  | 'metal_future'
  | 'fx_future'
  | 'volatility_future'
  | 'index'
  | 'fx_spot'
  | 'metal_spot';

/**
 * How a product's last trade date is derived, as data. Every rule except `custom` moves a date
 * that is not a business day to the preceding business day.
 *
 * - `nthWeekday`: the n-th `weekday` of the contract month (ES/NQ: 3rd Friday).
 * - `nthLastBusinessDay`: the n-th last business day of the contract month (GC: 3rd last).
 * - `businessDaysBeforeNthWeekday`: `businessDays` business days before the n-th `weekday` of the
 *   contract month (6E: 2 business days before the 3rd Wednesday).
 * - `daysBeforeNthWeekdayOfNextMonth`: `days` calendar days before the n-th `weekday` of the month
 *   after the contract month, CFE style (VX: 30 days before the 3rd Friday of the next month; if
 *   that Friday is a holiday, 30 days before the business day preceding it; if the result is a
 *   holiday, the business day preceding it).
 * - `custom`: any function (keep it pure).
 */
export type ExpiryRule =
  | { readonly kind: 'nthWeekday'; readonly n: number; readonly weekday: Weekday }
  | { readonly kind: 'nthLastBusinessDay'; readonly n: number }
  | {
      readonly kind: 'businessDaysBeforeNthWeekday';
      readonly n: number;
      readonly weekday: Weekday;
      readonly businessDays: number;
    }
  | {
      readonly kind: 'daysBeforeNthWeekdayOfNextMonth';
      readonly n: number;
      readonly weekday: Weekday;
      readonly days: number;
    }
  | {
      readonly kind: 'custom';
      readonly description: string;
      readonly lastTradeDate: (year: number, month: number, calendar: HolidayCalendar) => IsoDate;
    };

/**
 * How the first notice day of a physically delivered product is derived.
 * `nthLastBusinessDayOfPriorMonth` with `n: 1` = the last business day of the month before the
 * contract month (GC).
 */
export type FirstNoticeRule =
  | { readonly kind: 'nthLastBusinessDayOfPriorMonth'; readonly n: number }
  | {
      readonly kind: 'custom';
      readonly description: string;
      readonly firstNoticeDate: (year: number, month: number, calendar: HolidayCalendar) => IsoDate;
    };

/**
 * When to leave a contract for the next one, as data:
 * - `calendarDaysBeforeExpiry`: roll date = last trade date − `days` calendar days (CME's equity
 *   convention is 8: the Thursday before expiry week; the original MinhOS used 10).
 * - `businessDaysBeforeExpiry`: `days` business days before the last trade date.
 * - `businessDaysBeforeFirstNotice`: `days` business days before the first notice day (needs a
 *   `firstNotice` rule; GC).
 *
 * The roll takes effect at the start of the roll date's trading session: on the roll date the
 * next contract is the front month.
 */
export type RollRule =
  | { readonly kind: 'calendarDaysBeforeExpiry'; readonly days: number }
  | { readonly kind: 'businessDaysBeforeExpiry'; readonly days: number }
  | { readonly kind: 'businessDaysBeforeFirstNotice'; readonly days: number };

/**
 * One trading session of a trade date in exchange local time, `HH:MM` (24 h). When `close` is not
 * after `open` the session opens on the previous calendar day (CME Globex: `17:00`–`16:00`).
 */
export interface TradingSession {
  readonly open: string;
  readonly close: string;
}

/**
 * Weekly trading hours in the exchange's IANA time zone: the sessions of each trade date, and
 * which weekdays are trade dates. Holidays come from a {@link HolidayCalendar}.
 */
export interface TradingHours {
  /** IANA zone the times are in, e.g. `'America/Chicago'`. */
  readonly timeZone: string;
  /** Weekdays (of the trade date) the product trades; Monday–Friday is `[1, 2, 3, 4, 5]`. */
  readonly tradeDays: readonly Weekday[];
  /** Sessions of one trade date in time order (the first one may open the previous day). */
  readonly sessions: readonly TradingSession[];
  /** Human-readable summary, e.g. `'Sun–Fri 17:00–16:00 CT, daily break 16:00–17:00'`. */
  readonly description: string;
}

/** Per-contract exceptions to the rules (keyed by contract code, e.g. `'ESH25'`). */
export interface ContractOverride {
  readonly lastTradeDate?: IsoDate;
  readonly firstNoticeDate?: IsoDate;
  readonly rollDate?: IsoDate;
}

/** Fields every spec has. */
export interface ContractSpecBase {
  /** Product root, e.g. `'ES'`, `'6E'`, `'VIX'`, `'EURUSD'`. Upper-case letters and digits. */
  readonly root: string;
  /** Human-readable name, e.g. `'E-mini S&P 500'`. */
  readonly name: string;
  /** Exchange / venue code used in instrument ids: `'CME'`, `'COMEX'`, `'CFE'`, `'CBOE'`, `'FX'`. */
  readonly exchange: string;
  readonly assetClass: AssetClass;
  /** Minimum price increment, in price points. */
  readonly tickSize: number;
  /** Money per 1.0 price point per contract (ES: 50 USD), in `currency`. Spot: per 1 unit. */
  readonly pointValue: number;
  /** ISO-4217 currency of `pointValue`, e.g. `'USD'`. */
  readonly currency: string;
  /**
   * Indicative exchange initial margin per contract, in `currency`, at the date stated on the
   * built-in spec. Margins change with volatility and brokers add their own: use your broker's
   * figure for live trading. Absent when unknown or not applicable.
   */
  readonly initialMargin?: number;
  /**
   * Weight of one contract in position limits, in full-size contract equivalents: the point value
   * over the full-size sibling's (MES 0.1 of ES). Absent means 1.
   */
  readonly contractWeight?: number;
  readonly tradingHours: TradingHours;
  /**
   * Sierra Chart symbol template. Futures use `{root}`, `{month}` (code), `{yy}` (2-digit year),
   * `{y}` (1-digit) or `{yyyy}`: `'{root}{month}{yy}-CME'` → `NQZ25-CME`. Non-expiring
   * instruments use the literal symbol, e.g. `'VIX_CGI'`.
   */
  readonly sierraSymbol: string;
}

/** A futures product with expiries and rolls. */
export interface FuturesSpec extends ContractSpecBase {
  readonly kind: 'future';
  readonly assetClass: 'equity_index_future' | 'metal_future' | 'fx_future' | 'volatility_future';
  /** The months the front month rolls through (GC: `G J M Q V Z`). */
  readonly months: readonly MonthCode[];
  /** Months that are listed and can be parsed, when wider than `months` (GC lists all 12). */
  readonly listedMonths?: readonly MonthCode[];
  readonly expiry: ExpiryRule;
  readonly firstNotice?: FirstNoticeRule;
  /** Default roll rule; every calendar function accepts an override. */
  readonly roll: RollRule;
  /** Exceptions to the rules, e.g. an expiry moved by an unscheduled closure. */
  readonly overrides?: Readonly<Record<string, ContractOverride>>;
}

/** An instrument that never expires: a cash index or a spot rate. */
export interface NonExpiringSpec extends ContractSpecBase {
  readonly kind: 'index' | 'spot';
  readonly assetClass: 'index' | 'fx_spot' | 'metal_spot';
}

/**
 * A product specification: pure data, registered with {@link defineContract} in a
 * {@link ContractRegistry}. Changing the roll convention or adding a product is a data change.
 */
export type ContractSpec = FuturesSpec | NonExpiringSpec;

/**
 * The month code of month 1–12.
 *
 * @example
 * ```ts
 * import { monthCode } from '@minhos/symbols';
 * monthCode(12); // 'Z'
 * ```
 */
export function monthCode(month: number): MonthCode {
  const code = MONTH_CODES[month - 1];
  if (code === undefined) {
    throw new MinhosError('INVALID_MONTH', `month ${month} is not an integer 1..12`, { details: { month } });
  }
  return code;
}

/**
 * The month 1–12 of a month code, or `undefined` for a letter that is not one.
 *
 * @example
 * ```ts
 * import { monthOfCode } from '@minhos/symbols';
 * monthOfCode('H'); // 3
 * ```
 */
export function monthOfCode(code: string): number | undefined {
  const i = MONTH_CODES.indexOf(code as MonthCode);
  return i < 0 ? undefined : i + 1;
}

/** Whether a spec is a futures product (has expiries). */
export function isFutureSpec(spec: ContractSpec): spec is FuturesSpec {
  return spec.kind === 'future';
}
