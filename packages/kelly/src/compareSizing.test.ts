import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { compareSizing } from './compareSizing.js';

describe('compareSizing', () => {
  it('replays fixed units, fixed fraction and oracle Kelly exactly (hand-computed)', () => {
    const [units, fraction, kelly] = compareSizing({
      pnlPerUnit: [100, -50, 100, -50],
      initialCapital: 1000,
      wholeUnits: false,
      strategies: [
        { kind: 'fixedUnits', name: '2 units', units: 2 },
        { kind: 'fixedFraction', name: '10% risk', fraction: 0.1, riskPerUnit: 50 },
        { kind: 'kelly', name: 'full Kelly', p: 0.5, b: 2, riskPerUnit: 50, multiplier: 1, maxFraction: 1 },
      ],
    });
    expect(Array.from(units!.equity)).toEqual([1000, 1200, 1100, 1300, 1200]);
    expect(units!.maxDrawdown).toBeCloseTo(100 / 1200, 15);
    expect(units!.logGrowthPerTrade).toBeCloseTo(Math.log(1.2) / 4, 15);
    expect(units!.tradesTaken).toBe(4);
    expect(fraction!.terminalWealth).toBeCloseTo(1000 * 1.2 * 0.9 * 1.2 * 0.9, 9);
    expect(fraction!.maxDrawdown).toBeCloseTo(0.1, 12);
    // f* = 0.5 − 0.5/2 = 0.25: a win multiplies equity by 1.5, a loss by 0.75
    expect(kelly!.terminalWealth).toBeCloseTo(1000 * 1.5 * 0.75 * 1.5 * 0.75, 9);
    expect(kelly!.totalReturn).toBeCloseTo(0.265625, 12);
  });

  it('walk-forward Kelly sizes each trade from earlier trades only', () => {
    const pnl = [100, -50, 100, -50, 100];
    const strategy = {
      kind: 'kelly' as const,
      name: 'wf',
      minTrades: 2,
      window: 10,
      multiplier: 1,
      maxFraction: 1,
    };
    const [wf] = compareSizing({
      pnlPerUnit: pnl,
      initialCapital: 1000,
      wholeUnits: false,
      strategies: [strategy],
    });
    // t2: p=½, b=2 → f=¼, 5 units → 1500; t3: p=⅔, b=2 → f=½, 15 units → 750; t4: f=¼, 3.75 units → 1125
    expect(Array.from(wf!.equity)).toEqual(
      [1000, 1000, 1000, 1500, 750, 1125].map((v) => expect.closeTo(v, 9)),
    );
    expect(wf!.tradesTaken).toBe(3);
    expect(wf!.averageUnits).toBeCloseTo((5 + 15 + 3.75) / 3, 12);
    expect(wf!.maxDrawdown).toBeCloseTo(0.5, 15);
    // Changing a future trade leaves the earlier equity untouched: no look-ahead.
    const [changed] = compareSizing({
      pnlPerUnit: [100, -50, 100, -50, -10_000],
      initialCapital: 1000,
      wholeUnits: false,
      strategies: [strategy],
    });
    expect(Array.from(changed!.equity.subarray(0, 5))).toEqual(Array.from(wf!.equity.subarray(0, 5)));
  });

  it('rounds down to whole units by default and stops at ruin', () => {
    const [whole] = compareSizing({
      pnlPerUnit: [100, -50],
      initialCapital: 1000,
      strategies: [{ kind: 'fixedFraction', name: 'f', fraction: 0.12, riskPerUnit: 50 }],
    });
    // 0.12·1000/50 = 2.4 → 2 units; 0.12·1200/50 = 2.88 → 2 units
    expect(Array.from(whole!.equity)).toEqual([1000, 1200, 1100]);
    const [ruin] = compareSizing({
      pnlPerUnit: [-50, 100, 100],
      initialCapital: 1000,
      strategies: [{ kind: 'fixedUnits', name: 'huge', units: 100 }],
    });
    expect(ruin).toMatchObject({ ruined: true, terminalWealth: 0, maxDrawdown: 1, tradesTaken: 1 });
    expect(ruin!.logGrowthPerTrade).toBe(Number.NEGATIVE_INFINITY);
    expect(Array.from(ruin!.equity)).toEqual([1000, 0, 0, 0]);
  });

  it('rejects bad input naming the strategy', () => {
    const run = (strategy: Parameters<typeof compareSizing>[0]['strategies'][number]) =>
      compareSizing({ pnlPerUnit: [1], initialCapital: 1, strategies: [strategy] });
    expect(() => run({ kind: 'fixedUnits', name: 'neg', units: -1 })).toThrow(
      /strategy "neg": units must be ≥ 0/,
    );
    expect(() => run({ kind: 'kelly', name: 'oracle', p: 0.6, b: 1 })).toThrow(/needs riskPerUnit/);
    expect(() => run({ kind: 'fixedFraction', name: 'ff', fraction: 2, riskPerUnit: 1 })).toThrow(/fraction/);
    try {
      compareSizing({ pnlPerUnit: [1, Number.NaN], initialCapital: 1, strategies: [] });
      expect.unreachable();
    } catch (e) {
      expect(isMinhosError(e, 'KELLY_INVALID_INPUT')).toBe(true);
      expect((e as Error).message).toMatch(/pnlPerUnit\[1\] is NaN/);
    }
  });
});
