import { isMinhosError } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  builtinContracts,
  contractRegistry,
  defineContract,
  ES,
  type FuturesSpec,
  formatSymbol,
  GC,
  isFutureSpec,
  MONTH_CODES,
  NQ,
  parseSymbol,
  parseSymbolOrThrow,
  toInstrumentId,
  VIX,
  VX,
} from './index.js';

function errorCode(text: string, options = {}): string | undefined {
  const r = parseSymbol(text, options);
  return r.ok ? undefined : r.error.code;
}

describe('parseSymbol', () => {
  it('reads every Sierra and instrument form', () => {
    const a = parseSymbolOrThrow('NQZ25-CME');
    expect(a).toMatchObject({
      root: 'NQ',
      id: 'NQZ25.CME',
      style: 'sierra',
      assetClass: 'equity_index_future',
    });
    expect(a.contract).toMatchObject({ year: 2025, month: 12, code: 'NQZ25' });
    expect(parseSymbolOrThrow('ESZ25_FUT_CME')).toMatchObject({ id: 'ESZ25.CME', style: 'sierra_fut' });
    expect(parseSymbolOrThrow('NQZ25.CME')).toMatchObject({ id: 'NQZ25.CME', style: 'instrument' });
    expect(parseSymbolOrThrow('nqz25')).toMatchObject({ id: 'NQZ25.CME', style: 'code' });
    expect(parseSymbolOrThrow('6EH26-CME').contract?.code).toBe('6EH26');
    expect(parseSymbolOrThrow('GCZ25-COMEX').id).toBe('GCZ25.COMEX');
    expect(parseSymbolOrThrow('VXF26_FUT_CFE').id).toBe('VXF26.CFE');
  });

  it('reads non-expiring instruments and continuous roots', () => {
    expect(parseSymbolOrThrow('VIX_CGI')).toMatchObject({
      id: 'VIX.CBOE',
      assetClass: 'index',
      style: 'sierra',
    });
    expect(parseSymbolOrThrow('VIX.CBOE').id).toBe('VIX.CBOE');
    expect(parseSymbolOrThrow('EURUSD')).toMatchObject({ id: 'EURUSD.FX', assetClass: 'fx_spot' });
    expect(parseSymbolOrThrow('XAUUSD')).toMatchObject({ id: 'XAUUSD.FX', assetClass: 'metal_spot' });
    const es = parseSymbolOrThrow('ES.CME');
    expect(es.id).toBe('ES.CME');
    expect(es.contract).toBeUndefined();
  });

  it('disambiguates years against a reference date', () => {
    expect(parseSymbolOrThrow('NQZ5', { reference: '2025-07-25' }).contract?.year).toBe(2025);
    expect(parseSymbolOrThrow('NQH9', { reference: '2025-07-25' }).contract?.year).toBe(2029);
    expect(parseSymbolOrThrow('NQH1', { reference: '2025-07-25' }).contract?.year).toBe(2021);
    expect(parseSymbolOrThrow('NQH0', { reference: '2025-07-25' }).contract?.year).toBe(2030); // tie → forward
    expect(
      parseSymbolOrThrow('ESZ3', { reference: Date.parse('2013-10-07T00:00:00Z') * 1000 }).contract?.year,
    ).toBe(2013);
    expect(parseSymbolOrThrow('ESZ99-CME', { reference: '2001-01-01' }).contract?.year).toBe(1999);
    expect(parseSymbolOrThrow('ESZ99-CME').contract?.year).toBe(2099);
    expect(errorCode('NQZ5')).toBe('SYMBOL_YEAR_AMBIGUOUS');
  });

  it('returns clear errors for bad symbols', () => {
    const r = parseSymbol('ESF25-CME');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('SYMBOL_MONTH_NOT_LISTED');
      expect(r.error.message).toBe('symbol "ESF25-CME": month F is not listed for ES (listed: H M U Z)');
    }
    expect(errorCode('ZZZ25-CME')).toBe('SYMBOL_UNKNOWN_ROOT');
    expect(errorCode('ESZ25-CBOT')).toBe('SYMBOL_WRONG_EXCHANGE');
    expect(errorCode('VIXZ25-CBOE')).toBe('SYMBOL_INVALID');
    expect(errorCode('')).toBe('SYMBOL_INVALID');
    expect(errorCode('ES Z25')).toBe('SYMBOL_INVALID');
    expect(errorCode('GCX25-COMEX')).toBeUndefined(); // listed though not a roll month
    expect(() => parseSymbolOrThrow('ESF25-CME')).toThrow(/month F is not listed/);
    try {
      parseSymbolOrThrow('FOO');
    } catch (e) {
      expect(isMinhosError(e, 'SYMBOL_UNKNOWN_ROOT')).toBe(true);
    }
  });

  it('recognises user-defined products through the registry', () => {
    const mes = defineContract({ ...ES, root: 'M2K', name: 'Micro E-mini Russell 2000', pointValue: 5 });
    const registry = contractRegistry([mes]);
    expect(parseSymbolOrThrow('M2KZ25-CME', { registry }).spec.pointValue).toBe(5);
    expect(errorCode('M2KZ25-CME')).toBe('SYMBOL_UNKNOWN_ROOT');
  });
});

describe('formatSymbol', () => {
  it('formats every style', () => {
    const z25 = { year: 2025, month: 12 };
    expect(formatSymbol(NQ, z25)).toBe('NQZ25-CME');
    expect(formatSymbol(NQ, z25, 'sierra_fut')).toBe('NQZ25_FUT_CME');
    expect(formatSymbol(NQ, z25, 'instrument')).toBe('NQZ25.CME');
    expect(formatSymbol(NQ, z25, 'code')).toBe('NQZ25');
    expect(formatSymbol(VX, { year: 2026, month: 1 })).toBe('VXF26_FUT_CFE');
    expect(formatSymbol(VIX)).toBe('VIX_CGI');
    expect(formatSymbol(VIX, undefined, 'instrument')).toBe('VIX.CBOE');
    expect(toInstrumentId(ES)).toBe('ES.CME');
    expect(() => formatSymbol(ES)).toThrow(/needs a contract month/);
    expect(() => formatSymbol(VIX, z25)).toThrow(/no contract months/);
    expect(() => formatSymbol(ES, { year: 2025, month: 1 })).toThrow(/not listed/);
    const oneDigit = defineContract({ ...ES, root: 'EX', sierraSymbol: '{root}{month}{y}.{yyyy}' });
    expect(formatSymbol(oneDigit, z25)).toBe('EXZ5.2025');
  });

  it('round-trips every product, listed month, year and style', () => {
    const futures = builtinContracts.filter(isFutureSpec) as FuturesSpec[];
    fc.assert(
      fc.property(
        fc.constantFrom(...futures),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 0, max: 11 }),
        fc.constantFrom('sierra', 'sierra_fut', 'instrument', 'code' as const),
        (spec, year, m, style) => {
          const listed = spec.listedMonths ?? spec.months;
          const code = MONTH_CODES[m] as (typeof listed)[number];
          if (!listed.includes(code)) return;
          const text = formatSymbol(spec, { year, month: m + 1 }, style);
          const back = parseSymbolOrThrow(text);
          expect(back.contract).toMatchObject({ root: spec.root, year, month: m + 1 });
          // VX's Sierra template is itself the _FUT_ form, so compare the text, not the style name.
          expect(formatSymbol(spec, back.contract, back.style)).toBe(text);
        },
      ),
    );
    expect(GC.listedMonths).toHaveLength(12);
  });
});
