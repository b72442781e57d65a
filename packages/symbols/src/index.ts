/**
 * Futures contract specs, expiry and roll calendars, front-month resolution and continuous
 * back-adjusted series. Pure functions over plain data: no I/O, no clock — time is passed in.
 *
 * @packageDocumentation
 */

export { assetClassOf } from './assetClassOf.js';
export {
  builtinContracts,
  E6,
  ES,
  EURUSD,
  GC,
  MES,
  MGC,
  MNQ,
  NQ,
  VIX,
  VX,
  XAUUSD,
} from './builtinContracts.js';
export { addBusinessDays, isBusinessDay, onOrBeforeBusinessDay } from './businessDay.js';
export { ContractRegistry, contractRegistry } from './ContractRegistry.js';
export type {
  AssetClass,
  ContractOverride,
  ContractSpec,
  ContractSpecBase,
  ExpiryRule,
  FirstNoticeRule,
  FuturesSpec,
  MonthCode,
  NonExpiringSpec,
  RollRule,
  TradingHours,
  TradingSession,
} from './ContractSpec.js';
export { isFutureSpec, MONTH_CODES, monthCode, monthOfCode } from './ContractSpec.js';
export type { CmeHolidayCalendarOptions } from './cmeHolidayCalendar.js';
export { cmeHolidayCalendar } from './cmeHolidayCalendar.js';
export type {
  AdjustmentMethod,
  ContinuousRoll,
  ContinuousSegment,
  ContinuousSeries,
  ContinuousSeriesOptions,
  ContractBars,
  RollPointInput,
  RollReason,
} from './continuousSeries.js';
export { continuousSeries } from './continuousSeries.js';
export { defineContract } from './defineContract.js';
export type { ContractMonth, FuturesContract } from './FuturesContract.js';
export { firstContractFrom, futuresContract, nextContract } from './FuturesContract.js';
export { formatSymbol, toInstrumentId } from './formatSymbol.js';
export type { HolidayCalendar } from './HolidayCalendar.js';
export { combineHolidayCalendars, holidayCalendarFromDates, noHolidays } from './HolidayCalendar.js';
export type { IsoDate, Weekday } from './IsoDate.js';
export {
  addDays,
  daysBetween,
  fromEpochDay,
  isIsoDate,
  isoDate,
  parseIsoDate,
  toEpochDay,
  weekdayOf,
} from './IsoDate.js';
export type { CalendarOptions } from './lastTradeDate.js';
export { firstNoticeDate, lastTradeDate } from './lastTradeDate.js';
export type { ParsedSymbol, ParseSymbolOptions, SymbolStyle } from './parseSymbol.js';
export { parseSymbol, parseSymbolOrThrow } from './parseSymbol.js';
export type { RollCalendarOptions, RollEntry } from './rollCalendar.js';
export { daysUntilRoll, frontMonth, rollCalendar } from './rollCalendar.js';
export type { RollOptions } from './rollDate.js';
export { rollDate } from './rollDate.js';
export type {
  RolloverAlert,
  RolloverLevel,
  RolloverOptions,
  RolloverStatus,
  RolloverThresholds,
} from './rolloverStatus.js';
export {
  DEFAULT_ROLLOVER_THRESHOLDS,
  rolloverAlert,
  rolloverLevel,
  rolloverStatus,
} from './rolloverStatus.js';
export type { TickRounding } from './roundToTick.js';
export { roundToTick, tickValue } from './roundToTick.js';
export type { Subscription, SubscriptionOptions, SymbolSetting } from './subscriptionList.js';
export { subscriptionList } from './subscriptionList.js';
export type { SessionInterval } from './tradingHours.js';
export { isMarketOpen, tradeDateStart, tradingDate, tradingSessions } from './tradingHours.js';
