import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import {
  builtinContracts,
  ContractRegistry,
  contractRegistry,
  defineContract,
  E6,
  ES,
  EURUSD,
  type FuturesSpec,
  GC,
  NQ,
  rollCalendar,
  VIX,
  VX,
  XAUUSD,
} from './index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMinhosError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('built-in specs', () => {
  it('carry the contract terms', () => {
    const terms = builtinContracts.map((s) => [
      s.root,
      s.exchange,
      s.assetClass,
      s.tickSize,
      s.pointValue,
      s.currency,
    ]);
    expect(terms).toEqual([
      ['ES', 'CME', 'equity_index_future', 0.25, 50, 'USD'],
      ['NQ', 'CME', 'equity_index_future', 0.25, 20, 'USD'],
      ['MES', 'CME', 'equity_index_future', 0.25, 5, 'USD'],
      ['MNQ', 'CME', 'equity_index_future', 0.25, 2, 'USD'],
      ['GC', 'COMEX', 'metal_future', 0.1, 100, 'USD'],
      ['MGC', 'COMEX', 'metal_future', 0.1, 10, 'USD'],
      ['6E', 'CME', 'fx_future', 0.00005, 125_000, 'USD'],
      ['VX', 'CFE', 'volatility_future', 0.05, 1000, 'USD'],
      ['VIX', 'CBOE', 'index', 0.01, 1, 'USD'],
      ['EURUSD', 'FX', 'fx_spot', 0.00001, 1, 'USD'],
      ['XAUUSD', 'FX', 'metal_spot', 0.01, 1, 'USD'],
    ]);
    expect([ES.months, NQ.months, E6.months]).toEqual([
      ['H', 'M', 'U', 'Z'],
      ['H', 'M', 'U', 'Z'],
      ['H', 'M', 'U', 'Z'],
    ]);
    expect(GC.months).toEqual(['G', 'J', 'M', 'Q', 'V', 'Z']);
    expect(VX.months).toHaveLength(12);
    expect([VIX.kind, EURUSD.kind, XAUUSD.kind]).toEqual(['index', 'spot', 'spot']);
    expect(ES.tradingHours.timeZone).toBe('America/Chicago');
    expect(Object.isFrozen(ES.tradingHours.sessions)).toBe(true);
  });
});

describe('ContractRegistry', () => {
  it('looks roots up and can be extended or changed as data', () => {
    const r = contractRegistry();
    expect(r.roots()).toEqual(['ES', 'NQ', 'MES', 'MNQ', 'GC', 'MGC', '6E', 'VX', 'VIX', 'EURUSD', 'XAUUSD']);
    expect(r.get('NQ').pointValue).toBe(20);
    expect(r.find('ZB')).toBeUndefined();
    expect(codeOf(() => r.get('ZB'))).toMatch(
      /^SYMBOL_UNKNOWN_ROOT: unknown contract root "ZB" \(known: ES, NQ/,
    );
    expect(codeOf(() => r.define(ES))).toMatch(/^CONTRACT_ROOT_DUPLICATE/);
    // Changing the roll convention is one data change; every calendar follows.
    r.define({ ...ES, roll: { kind: 'calendarDaysBeforeExpiry', days: 10 } }, { replace: true });
    const es = r.get('ES') as FuturesSpec;
    expect(rollCalendar(es, { from: '2025-01-01' })[0]?.rollDate).toBe('2025-03-11');
    expect(new ContractRegistry().roots()).toEqual([]);
  });
});

describe('defineContract', () => {
  it('rejects bad specs with the field and the expected value', () => {
    expect(codeOf(() => defineContract({ ...ES, tickSize: 0 }))).toBe(
      'CONTRACT_SPEC_INVALID: contract spec "ES": tickSize must be a positive number, got 0',
    );
    expect(codeOf(() => defineContract({ ...ES, root: 'es' }))).toMatch(/root must be 1-12 upper-case/);
    expect(codeOf(() => defineContract({ ...ES, months: ['Z', 'H'] }))).toMatch(/calendar order/);
    expect(codeOf(() => defineContract({ ...ES, months: ['A' as never] }))).toMatch(/month codes/);
    expect(codeOf(() => defineContract({ ...ES, currency: 'usd' }))).toMatch(/currency/);
    expect(codeOf(() => defineContract({ ...ES, sierraSymbol: 'ES-CME' }))).toMatch(/\{month\}/);
    expect(
      codeOf(() => defineContract({ ...ES, roll: { kind: 'businessDaysBeforeFirstNotice', days: 2 } })),
    ).toMatch(/firstNotice must be set/);
    expect(
      codeOf(() => defineContract({ ...ES, roll: { kind: 'calendarDaysBeforeExpiry', days: -1 } })),
    ).toMatch(/roll.days/);
    expect(codeOf(() => defineContract({ ...ES, expiry: { kind: 'nthWeekday', n: 6, weekday: 5 } }))).toMatch(
      /expiry.n/,
    );
    expect(
      codeOf(() => defineContract({ ...ES, tradingHours: { ...ES.tradingHours, timeZone: 'Mars/Olympus' } })),
    ).toMatch(/IANA time zone/);
    expect(
      codeOf(() =>
        defineContract({
          ...ES,
          tradingHours: { ...ES.tradingHours, sessions: [{ open: '25:00', close: '16:00' }] },
        }),
      ),
    ).toMatch(/sessions\[0\].open must be HH:MM/);
    expect(codeOf(() => defineContract({ ...VIX, sierraSymbol: '{root}' }))).toMatch(/literal symbol/);
    expect(codeOf(() => defineContract({ ...GC, listedMonths: ['F'] }))).toMatch(/listedMonths/);
  });
});
