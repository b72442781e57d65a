import { assertTimeZone, MinhosError } from '@minhos/core';
import type { ContractSpec, MonthCode, TradingHours } from './ContractSpec.js';
import { MONTH_CODES } from './ContractSpec.js';

const ROOT = /^[A-Z0-9]{1,12}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const CURRENCY = /^[A-Z]{3}$/;
const EXCHANGE = /^[A-Z][A-Z0-9]*$/;

/**
 * Validates a contract spec, deep-freezes it in place (specs are immutable data) and returns it,
 * ready to register.
 *
 * Use it for every spec you add (your own products, or a changed roll convention): it rejects
 * inconsistent data up front instead of producing wrong dates later.
 *
 * @throws {@link @minhos/core!MinhosError} `CONTRACT_SPEC_INVALID` naming the root, the field and what was expected.
 * @example
 * ```ts
 * import { defineContract } from '@minhos/symbols';
 * const mes = defineContract({
 *   kind: 'future', root: 'MES', name: 'Micro E-mini S&P 500', exchange: 'CME',
 *   assetClass: 'equity_index_future', tickSize: 0.25, pointValue: 5, currency: 'USD',
 *   months: ['H', 'M', 'U', 'Z'], expiry: { kind: 'nthWeekday', n: 3, weekday: 5 },
 *   roll: { kind: 'calendarDaysBeforeExpiry', days: 8 }, sierraSymbol: '{root}{month}{yy}-CME',
 *   tradingHours: { timeZone: 'America/Chicago', tradeDays: [1, 2, 3, 4, 5],
 *     sessions: [{ open: '17:00', close: '16:00' }], description: 'Sun–Fri 17:00–16:00 CT' },
 * });
 * ```
 */
export function defineContract<S extends ContractSpec>(spec: S): S {
  const where = `contract spec "${String((spec as { root?: unknown }).root)}"`;
  const fail = (field: string, expected: string, got: unknown): never => {
    throw new MinhosError(
      'CONTRACT_SPEC_INVALID',
      `${where}: ${field} must be ${expected}, got ${show(got)}`,
      {
        details: { root: spec.root, field },
      },
    );
  };
  if (typeof spec.root !== 'string' || !ROOT.test(spec.root))
    fail('root', '1-12 upper-case letters/digits', spec.root);
  if (typeof spec.name !== 'string' || spec.name.length === 0) fail('name', 'a non-empty string', spec.name);
  if (typeof spec.exchange !== 'string' || !EXCHANGE.test(spec.exchange))
    fail('exchange', 'an upper-case code like "CME"', spec.exchange);
  if (!(Number.isFinite(spec.tickSize) && spec.tickSize > 0))
    fail('tickSize', 'a positive number', spec.tickSize);
  if (!(Number.isFinite(spec.pointValue) && spec.pointValue > 0))
    fail('pointValue', 'a positive number', spec.pointValue);
  if (typeof spec.currency !== 'string' || !CURRENCY.test(spec.currency))
    fail('currency', 'an ISO-4217 code like "USD"', spec.currency);
  if (typeof spec.sierraSymbol !== 'string' || spec.sierraSymbol.length === 0)
    fail('sierraSymbol', 'a non-empty template', spec.sierraSymbol);
  checkHours(spec.tradingHours, fail);

  if (spec.kind === 'future') {
    if (!['equity_index_future', 'metal_future', 'fx_future', 'volatility_future'].includes(spec.assetClass))
      fail('assetClass', 'a futures asset class', spec.assetClass);
    checkMonths('months', spec.months, fail);
    if (spec.listedMonths !== undefined) {
      checkMonths('listedMonths', spec.listedMonths, fail);
      for (const m of spec.months)
        if (!spec.listedMonths.includes(m))
          fail('listedMonths', `to include every roll month (missing ${m})`, spec.listedMonths);
    }
    if (!/\{month\}/.test(spec.sierraSymbol) || !/\{(yy|y|yyyy)\}/.test(spec.sierraSymbol))
      fail('sierraSymbol', 'a template with {month} and {yy}, {y} or {yyyy}', spec.sierraSymbol);
    const e = spec.expiry;
    switch (e.kind) {
      case 'nthWeekday':
      case 'businessDaysBeforeNthWeekday':
      case 'daysBeforeNthWeekdayOfNextMonth':
        if (!(Number.isInteger(e.n) && e.n >= 1 && e.n <= 5)) fail('expiry.n', 'an integer 1..5', e.n);
        if (!(Number.isInteger(e.weekday) && e.weekday >= 0 && e.weekday <= 6))
          fail('expiry.weekday', 'an integer 0..6 (0 = Sunday)', e.weekday);
        if (
          e.kind === 'businessDaysBeforeNthWeekday' &&
          !(Number.isInteger(e.businessDays) && e.businessDays >= 0)
        )
          fail('expiry.businessDays', 'a non-negative integer', e.businessDays);
        if (e.kind === 'daysBeforeNthWeekdayOfNextMonth' && !(Number.isInteger(e.days) && e.days >= 0))
          fail('expiry.days', 'a non-negative integer', e.days);
        break;
      case 'nthLastBusinessDay':
        if (!(Number.isInteger(e.n) && e.n >= 1 && e.n <= 20)) fail('expiry.n', 'an integer 1..20', e.n);
        break;
      case 'custom':
        if (typeof e.lastTradeDate !== 'function')
          fail('expiry.lastTradeDate', 'a function', e.lastTradeDate);
        break;
      default:
        fail('expiry.kind', 'a known expiry rule', (e as { kind: unknown }).kind);
    }
    const r = spec.roll;
    if (
      !['calendarDaysBeforeExpiry', 'businessDaysBeforeExpiry', 'businessDaysBeforeFirstNotice'].includes(
        r.kind,
      )
    )
      fail('roll.kind', 'a known roll rule', r.kind);
    if (!(Number.isInteger(r.days) && r.days >= 0)) fail('roll.days', 'a non-negative integer', r.days);
    if (r.kind === 'businessDaysBeforeFirstNotice' && spec.firstNotice === undefined)
      fail('firstNotice', 'set when roll.kind is "businessDaysBeforeFirstNotice"', undefined);
  } else if (spec.kind === 'index' || spec.kind === 'spot') {
    if (!['index', 'fx_spot', 'metal_spot'].includes(spec.assetClass))
      fail('assetClass', 'index, fx_spot or metal_spot', spec.assetClass);
    if (/\{/.test(spec.sierraSymbol))
      fail('sierraSymbol', 'a literal symbol (no placeholders)', spec.sierraSymbol);
  } else {
    fail('kind', '"future", "index" or "spot"', (spec as { kind: unknown }).kind);
  }
  return deepFreeze(spec);
}

function checkMonths(
  field: string,
  months: readonly MonthCode[],
  fail: (f: string, e: string, g: unknown) => never,
): void {
  if (!Array.isArray(months) || months.length === 0) fail(field, 'a non-empty list of month codes', months);
  let last = -1;
  for (const m of months) {
    const i = MONTH_CODES.indexOf(m);
    if (i < 0) fail(field, 'month codes F G H J K M N Q U V X Z', months);
    if (i <= last) fail(field, 'month codes in calendar order without repeats', months);
    last = i;
  }
}

function checkHours(hours: TradingHours, fail: (f: string, e: string, g: unknown) => never): void {
  if (hours === undefined || typeof hours !== 'object') fail('tradingHours', 'an object', hours);
  try {
    assertTimeZone(hours.timeZone);
  } catch {
    fail('tradingHours.timeZone', 'an IANA time zone like "America/Chicago"', hours.timeZone);
  }
  if (
    !Array.isArray(hours.tradeDays) ||
    hours.tradeDays.some((d) => !(Number.isInteger(d) && d >= 0 && d <= 6))
  )
    fail('tradingHours.tradeDays', 'a list of weekdays 0..6', hours.tradeDays);
  if (!Array.isArray(hours.sessions) || hours.sessions.length === 0)
    fail('tradingHours.sessions', 'a non-empty list', hours.sessions);
  hours.sessions.forEach((s, i) => {
    if (!HHMM.test(s.open)) fail(`tradingHours.sessions[${i}].open`, 'HH:MM', s.open);
    if (!HHMM.test(s.close)) fail(`tradingHours.sessions[${i}].close`, 'HH:MM', s.close);
    if (i > 0 && !(s.open < s.close))
      fail(
        `tradingHours.sessions[${i}]`,
        'open before close (only the first session may start the previous day)',
        s,
      );
  });
}

function show(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
