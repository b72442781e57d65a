import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assetClassOf, builtinContracts, E6, ES, GC, NQ, roundToTick, tickValue, VX } from './index.js';

describe('roundToTick / tickValue', () => {
  it('rounds to the grid without float residue', () => {
    expect(roundToTick(ES, 5012.13)).toBe(5012.25);
    expect(roundToTick(ES, 5012.13, 'down')).toBe(5012);
    expect(roundToTick(ES, 5012.25, 'down')).toBe(5012.25);
    expect(roundToTick(ES, 5012.25, 'up')).toBe(5012.25);
    expect(roundToTick(GC, 2000.07)).toBe(2000.1);
    expect(roundToTick(E6, 1.083_27)).toBe(1.083_25);
    expect(roundToTick(E6, 1.083_28)).toBe(1.0833);
    expect(roundToTick(VX, 17.02, 'up')).toBe(17.05);
    expect(() => roundToTick(ES, Number.NaN)).toThrow(/finite/);
  });

  it('always lands on a multiple of the tick within half a tick', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...builtinContracts),
        fc.double({ min: 0.01, max: 100_000, noNaN: true }),
        (spec, p) => {
          const r = roundToTick(spec, p);
          expect(Math.abs(r - p)).toBeLessThanOrEqual(spec.tickSize / 2 + 1e-9);
          const n = r / spec.tickSize;
          expect(Math.abs(n - Math.round(n))).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('tick values in USD', () => {
    expect([tickValue(ES), tickValue(NQ), tickValue(GC), tickValue(E6), tickValue(VX)]).toEqual([
      12.5, 5, 10, 6.25, 50,
    ]);
  });

  it('classifies assets from any symbol form', () => {
    expect(
      [
        'NQU25-CME',
        'GCZ25-COMEX',
        '6EZ25.CME',
        'VXF26_FUT_CFE',
        'VIX_CGI',
        'EURUSD',
        'XAUUSD.FX',
        'nope',
      ].map((s) => assetClassOf(s)),
    ).toEqual([
      'equity_index_future',
      'metal_future',
      'fx_future',
      'volatility_future',
      'index',
      'fx_spot',
      'metal_spot',
      undefined,
    ]);
  });
});
