import { describe, expect, it } from 'vitest';
import { builtinContracts, ES, GC, MES, MGC, MNQ, NQ } from './index.js';

describe('builtin contracts: micros and margins', () => {
  it('micros are one tenth of their full-size sibling, with its tick and calendar', () => {
    for (const [micro, full] of [
      [MES, ES],
      [MNQ, NQ],
      [MGC, GC],
    ] as const) {
      expect(micro.pointValue * 10).toBe(full.pointValue);
      expect(micro.contractWeight).toBe(micro.pointValue / full.pointValue);
      expect(micro.tickSize).toBe(full.tickSize);
      expect(micro.months).toEqual(full.months);
      expect(micro.expiry).toEqual(full.expiry);
      expect(micro.roll).toEqual(full.roll);
      expect(micro.initialMargin).toBeCloseTo((full.initialMargin as number) / 10, -2);
    }
    expect([MES.pointValue, MNQ.pointValue, MGC.pointValue]).toEqual([5, 2, 10]);
    expect(ES.contractWeight ?? 1).toBe(1);
  });

  it('every margin and weight given is a positive number, and the roots are unique', () => {
    for (const spec of builtinContracts) {
      if (spec.initialMargin !== undefined) expect(spec.initialMargin).toBeGreaterThan(0);
      if (spec.contractWeight !== undefined) {
        expect(spec.contractWeight).toBeGreaterThan(0);
        expect(spec.contractWeight).toBeLessThanOrEqual(1);
      }
    }
    const roots = builtinContracts.map((s) => s.root);
    expect(new Set(roots).size).toBe(roots.length);
    expect(roots).toEqual(['ES', 'NQ', 'MES', 'MNQ', 'GC', 'MGC', '6E', 'VX', 'VIX', 'EURUSD', 'XAUUSD']);
  });
});
