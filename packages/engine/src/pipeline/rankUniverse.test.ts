import { describe, expect, it } from 'vitest';
import { rankUniverse } from './rankUniverse.js';

describe('rankUniverse', () => {
  const c = [
    { instrumentId: 'ES', signalStrength: 0.8, liquidity: 1_000_000, volatility: 0.01 },
    { instrumentId: 'NQ', signalStrength: 0.9, liquidity: 400_000, volatility: 0.015 },
    { instrumentId: 'RTY', signalStrength: 0.5, liquidity: 100_000, volatility: 0.02 },
    { instrumentId: 'YM', signalStrength: 0, liquidity: 200_000, volatility: 0.008 },
  ];

  it('scores percentiles (signal 0.5, liquidity 0.3, lower volatility 0.2) and selects the top N with a signal', () => {
    const r = rankUniverse(c, { topN: 2 });
    // ES: signal 2/3, liquidity 1, volatility 1 − 1/3 → 0.5·2/3 + 0.3 + 0.2·2/3 = 0.7667
    // NQ: 1, 2/3, 1/3 → 0.5 + 0.2 + 0.0667 = 0.7667 — a tie, broken by id
    expect(r.map((x) => x.instrumentId)).toEqual(['ES', 'NQ', 'YM', 'RTY']);
    expect(r[0]!.score).toBeCloseTo(0.5 * (2 / 3) + 0.3 + 0.2 * (2 / 3), 12);
    expect(r[1]!.score).toBeCloseTo(0.5 + 0.3 * (2 / 3) + 0.2 * (1 / 3), 12);
    expect(r.filter((x) => x.selected).map((x) => x.instrumentId)).toEqual(['ES', 'NQ']);
    // YM ranks third but has no signal: never selected even with topN 4.
    expect(
      rankUniverse(c, { topN: 4 })
        .filter((x) => x.selected)
        .map((x) => x.instrumentId),
    ).toEqual(['ES', 'NQ', 'RTY']);
  });

  it('names bad input', () => {
    expect(() => rankUniverse(c, { topN: 0 })).toThrow(/topN must be/);
    expect(() => rankUniverse([{ ...c[0]!, signalStrength: 2 }], { topN: 1 })).toThrow(
      /ES needs signalStrength/,
    );
  });
});
