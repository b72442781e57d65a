import { describe, expect, it } from 'vitest';
import { binaryKelly } from './binaryKelly.js';
import { costAdjustedPayoff } from './costAdjustedPayoff.js';

describe('costAdjustedPayoff', () => {
  it('shrinks wins and deepens losses by the round-trip cost', () => {
    const r = costAdjustedPayoff(600, 400, 17.5);
    expect(r).toEqual({ averageWin: 582.5, averageLoss: 417.5, payoffRatio: 582.5 / 417.5 });
    expect(costAdjustedPayoff(600, 400).payoffRatio).toBe(1.5);
  });

  it('turns a thin edge into none: costs move the break-even probability', () => {
    // Gross b = 1 with p = 0.52 has f* = 0.04; a cost of 5 % of the average trade removes the edge.
    expect(binaryKelly(0.52, costAdjustedPayoff(100, 100).payoffRatio)).toBeCloseTo(0.04, 15);
    expect(binaryKelly(0.52, costAdjustedPayoff(100, 100, 5).payoffRatio)).toBe(0); // b = 95/105
    expect(costAdjustedPayoff(10, 100, 12).payoffRatio).toBeLessThan(0);
  });

  it('rejects non-positive averages and negative costs', () => {
    expect(() => costAdjustedPayoff(0, 1)).toThrow(/averageWin must be a positive number, got 0/);
    expect(() => costAdjustedPayoff(1, -1)).toThrow(/averageLoss must be a positive magnitude, got -1/);
    expect(() => costAdjustedPayoff(1, 1, Number.NaN)).toThrow(/costPerTrade must be a non-negative number/);
  });
});
