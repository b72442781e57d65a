import { describe, expect, it } from 'vitest';
import { sizePosition } from './sizePosition.js';

/**
 * The README's worked examples: ES, NQ and their micros on $25k, $100k and $1M accounts with the
 * default settings (risk basis, 1 % of equity at the stop, 5 full-size contracts), p = 0.58 and a
 * 600/400 payoff. Point values, margins and weights as in `@minhos/symbols` (CME April 2025
 * initial margins); costs: commissions both ways + 1 tick of slippage.
 */
const CONTRACTS = {
  ES: {
    price: 6000,
    pointValue: 50,
    stopDistance: 8,
    roundTripCostUsd: 2 * 2.25 + 12.5,
    margin: 12_650,
    weight: 1,
  },
  NQ: {
    price: 21_000,
    pointValue: 20,
    stopDistance: 30,
    roundTripCostUsd: 2 * 2.25 + 5,
    margin: 19_800,
    weight: 1,
  },
  MES: {
    price: 6000,
    pointValue: 5,
    stopDistance: 8,
    roundTripCostUsd: 2 * 0.62 + 1.25,
    margin: 1_265,
    weight: 0.1,
  },
  MNQ: {
    price: 21_000,
    pointValue: 2,
    stopDistance: 30,
    roundTripCostUsd: 2 * 0.62 + 0.5,
    margin: 1_980,
    weight: 0.1,
  },
} as const;

function size(capital: number, root: keyof typeof CONTRACTS, riskBudgetUsd?: number) {
  const c = CONTRACTS[root];
  return sizePosition({
    capital,
    price: c.price,
    pointValue: c.pointValue,
    winProbability: 0.58,
    payoff: { averageWin: 600, averageLoss: 400 },
    stopDistance: c.stopDistance,
    roundTripCostUsd: c.roundTripCostUsd,
    marginPerContract: c.margin,
    contractWeight: c.weight,
    ...(riskBudgetUsd === undefined ? {} : { riskBudgetUsd }),
  });
}

describe('README worked examples (default settings)', () => {
  // [capital, root, contracts, contracts within the gate's default $500 budget]
  const table: [number, keyof typeof CONTRACTS, number, number][] = [
    [25_000, 'ES', 0, 0],
    [25_000, 'NQ', 0, 0],
    [25_000, 'MES', 5, 5],
    [25_000, 'MNQ', 4, 4],
    [100_000, 'ES', 2, 1],
    [100_000, 'NQ', 1, 0],
    [100_000, 'MES', 23, 11],
    [100_000, 'MNQ', 16, 8],
    [1_000_000, 'ES', 5, 1],
    [1_000_000, 'NQ', 5, 0],
    [1_000_000, 'MES', 50, 11],
    [1_000_000, 'MNQ', 50, 8],
  ];
  it.each(table)('$%d %s: %d contracts, %d within $500', (capital, root, contracts, withinBudget) => {
    const free = size(capital, root);
    expect(free.contracts).toBe(contracts);
    // Never more than 1 % of equity lost at the stop, costs included.
    expect(free.riskUsd).toBeLessThanOrEqual(capital * 0.01);
    const gated = size(capital, root, 500);
    expect(gated.contracts).toBe(withinBudget);
    expect(gated.riskUsd).toBeLessThanOrEqual(500);
  });

  it('a $1M account with the gate scaled to it (1 % a trade) trades 23 ES, $9,591 at the stop', () => {
    const d = sizePosition({
      capital: 1_000_000,
      price: 6000,
      pointValue: 50,
      winProbability: 0.58,
      payoff: { averageWin: 600, averageLoss: 400 },
      stopDistance: 8,
      roundTripCostUsd: 17,
      marginPerContract: 12_650,
      riskBudgetUsd: 10_000,
      settings: { maxContracts: 25 },
    });
    expect(d.contracts).toBe(23);
    expect(d.riskUsd).toBe(9591);
  });
});
