import type { ContractSpec, FuturesSpec, NonExpiringSpec, TradingHours } from './ContractSpec.js';
import { defineContract } from './defineContract.js';

const MON_FRI = [1, 2, 3, 4, 5] as const;

// CME Globex publishes hours in Central Time for all its venues (COMEX included).
const GLOBEX: TradingHours = {
  timeZone: 'America/Chicago',
  tradeDays: MON_FRI,
  sessions: [{ open: '17:00', close: '16:00' }],
  description: 'CME Globex: Sun–Fri 17:00–16:00 America/Chicago, daily break 16:00–17:00',
};

const QUARTERLY = ['H', 'M', 'U', 'Z'] as const;

// Indicative CME initial margins (USD per contract): ES/NQ and their micros as published by CME in
// April 2025 (via lpfutures.com), GC/MGC in late 2025 with gold near $4,000. Margins move with
// volatility: live sizing should use the broker's figure.

/** E-mini S&P 500 futures (CME): quarterly, last trade the 3rd Friday, $50 per point. */
export const ES: FuturesSpec = defineContract({
  kind: 'future',
  root: 'ES',
  name: 'E-mini S&P 500',
  exchange: 'CME',
  assetClass: 'equity_index_future',
  tickSize: 0.25,
  pointValue: 50,
  currency: 'USD',
  initialMargin: 12_650,
  months: QUARTERLY,
  expiry: { kind: 'nthWeekday', n: 3, weekday: 5 },
  roll: { kind: 'calendarDaysBeforeExpiry', days: 8 },
  tradingHours: GLOBEX,
  sierraSymbol: '{root}{month}{yy}-CME',
});

/** E-mini Nasdaq-100 futures (CME): quarterly, last trade the 3rd Friday, $20 per point. */
export const NQ: FuturesSpec = defineContract({
  ...ES,
  root: 'NQ',
  name: 'E-mini Nasdaq-100',
  pointValue: 20,
  initialMargin: 19_800,
});

/** Micro E-mini S&P 500 futures (CME): ES's calendar at $5 per point, one tenth of an ES. */
export const MES: FuturesSpec = defineContract({
  ...ES,
  root: 'MES',
  name: 'Micro E-mini S&P 500',
  pointValue: 5,
  initialMargin: 1_265,
  contractWeight: 0.1,
});

/** Micro E-mini Nasdaq-100 futures (CME): NQ's calendar at $2 per point, one tenth of an NQ. */
export const MNQ: FuturesSpec = defineContract({
  ...NQ,
  root: 'MNQ',
  name: 'Micro E-mini Nasdaq-100',
  pointValue: 2,
  initialMargin: 1_980,
  contractWeight: 0.1,
});

/**
 * Gold futures (COMEX): rolls through G J M Q V Z (all 12 months are listed), last trade the 3rd
 * last business day of the month, first notice the last business day of the prior month, roll 2
 * business days before first notice. $100 per point (100 troy ounces), tick 0.10.
 */
export const GC: FuturesSpec = defineContract({
  kind: 'future',
  root: 'GC',
  name: 'Gold',
  exchange: 'COMEX',
  assetClass: 'metal_future',
  tickSize: 0.1,
  pointValue: 100,
  currency: 'USD',
  initialMargin: 50_000,
  months: ['G', 'J', 'M', 'Q', 'V', 'Z'],
  listedMonths: ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'],
  expiry: { kind: 'nthLastBusinessDay', n: 3 },
  firstNotice: { kind: 'nthLastBusinessDayOfPriorMonth', n: 1 },
  roll: { kind: 'businessDaysBeforeFirstNotice', days: 2 },
  tradingHours: GLOBEX,
  sierraSymbol: '{root}{month}{yy}-COMEX',
});

/**
 * Micro Gold futures (COMEX): 10 troy ounces, $10 per point, one tenth of a GC. Same tick (0.10)
 * and, in this package, GC's roll months and rules (COMEX lists MGC in every month; the liquid
 * months follow GC's).
 */
export const MGC: FuturesSpec = defineContract({
  ...GC,
  root: 'MGC',
  name: 'Micro Gold',
  pointValue: 10,
  initialMargin: 5_000,
  contractWeight: 0.1,
});

/**
 * Euro FX futures (CME): quarterly, last trade 2 business days before the 3rd Wednesday,
 * roll 5 business days before expiry; 125,000 EUR per contract so $125,000 per 1.0 of the
 * USD-per-EUR price; tick 0.00005.
 */
export const E6: FuturesSpec = defineContract({
  kind: 'future',
  root: '6E',
  name: 'Euro FX',
  exchange: 'CME',
  assetClass: 'fx_future',
  tickSize: 0.00005,
  pointValue: 125_000,
  currency: 'USD',
  months: QUARTERLY,
  expiry: { kind: 'businessDaysBeforeNthWeekday', n: 3, weekday: 3, businessDays: 2 },
  // Expiry is a Monday or Tuesday, so a calendar-day offset would land on a weekend.
  roll: { kind: 'businessDaysBeforeExpiry', days: 5 },
  tradingHours: GLOBEX,
  sierraSymbol: '{root}{month}{yy}-CME',
});

/**
 * Cboe Volatility Index futures (CFE): monthly, final settlement the Wednesday 30 days before the
 * 3rd Friday of the next month (CFE holiday rule), $1,000 per point, tick 0.05.
 */
export const VX: FuturesSpec = defineContract({
  kind: 'future',
  root: 'VX',
  name: 'Cboe Volatility Index futures',
  exchange: 'CFE',
  assetClass: 'volatility_future',
  tickSize: 0.05,
  pointValue: 1000,
  currency: 'USD',
  months: ['F', 'G', 'H', 'J', 'K', 'M', 'N', 'Q', 'U', 'V', 'X', 'Z'],
  expiry: { kind: 'daysBeforeNthWeekdayOfNextMonth', n: 3, weekday: 5, days: 30 },
  roll: { kind: 'businessDaysBeforeExpiry', days: 5 },
  tradingHours: {
    timeZone: 'America/Chicago',
    tradeDays: MON_FRI,
    sessions: [{ open: '17:00', close: '16:00' }],
    description: 'CFE: Sun–Fri 17:00–16:00 America/Chicago, daily break 16:00–17:00',
  },
  sierraSymbol: '{root}{month}{yy}_FUT_CFE',
});

/** The Cboe Volatility Index (cash index, not tradeable; no expiry). Sierra symbol `VIX_CGI`. */
export const VIX: NonExpiringSpec = defineContract({
  kind: 'index',
  root: 'VIX',
  name: 'Cboe Volatility Index',
  exchange: 'CBOE',
  assetClass: 'index',
  tickSize: 0.01,
  pointValue: 1,
  currency: 'USD',
  tradingHours: {
    timeZone: 'America/Chicago',
    tradeDays: MON_FRI,
    sessions: [
      { open: '02:15', close: '08:25' },
      { open: '08:30', close: '15:15' },
    ],
    description: 'Calculated Mon–Fri 02:15–08:25 and 08:30–15:15 America/Chicago',
  },
  sierraSymbol: 'VIX_CGI',
});

// Spot FX trade dates roll at 17:00 New York; the week runs Sunday 17:00 to Friday 17:00.
const FX_24_5: TradingHours = {
  timeZone: 'America/New_York',
  tradeDays: MON_FRI,
  sessions: [{ open: '17:00', close: '17:00' }],
  description: 'Spot FX: Sun 17:00 – Fri 17:00 America/New_York, continuous',
};

/** Spot EUR/USD (no expiry). Point value 1: P&L in USD per 1 EUR of notional per 1.0 of price. */
export const EURUSD: NonExpiringSpec = defineContract({
  kind: 'spot',
  root: 'EURUSD',
  name: 'Euro / US Dollar spot',
  exchange: 'FX',
  assetClass: 'fx_spot',
  tickSize: 0.00001,
  pointValue: 1,
  currency: 'USD',
  tradingHours: FX_24_5,
  sierraSymbol: 'EURUSD',
});

/** Spot gold in USD per troy ounce (no expiry); daily break 17:00–18:00 New York. */
export const XAUUSD: NonExpiringSpec = defineContract({
  kind: 'spot',
  root: 'XAUUSD',
  name: 'Gold / US Dollar spot',
  exchange: 'FX',
  assetClass: 'metal_spot',
  tickSize: 0.01,
  pointValue: 1,
  currency: 'USD',
  tradingHours: {
    timeZone: 'America/New_York',
    tradeDays: MON_FRI,
    sessions: [{ open: '18:00', close: '17:00' }],
    description: 'Spot gold: Sun–Fri 18:00–17:00 America/New_York, daily break 17:00–18:00',
  },
  sierraSymbol: 'XAUUSD',
});

/**
 * The built-in specs: ES, NQ and their micros MES, MNQ, GC and Micro Gold MGC, 6E, VX, the VIX
 * index, spot EURUSD and XAUUSD. Pass them (plus your own) to {@link contractRegistry}.
 *
 * @example
 * ```ts
 * import { builtinContracts } from '@minhos/symbols';
 * builtinContracts.map((s) => s.root);
 * // ['ES', 'NQ', 'MES', 'MNQ', 'GC', 'MGC', '6E', 'VX', 'VIX', 'EURUSD', 'XAUUSD']
 * ```
 */
export const builtinContracts: readonly ContractSpec[] = Object.freeze([
  ES,
  NQ,
  MES,
  MNQ,
  GC,
  MGC,
  E6,
  VX,
  VIX,
  EURUSD,
  XAUUSD,
]);
