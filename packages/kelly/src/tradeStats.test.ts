import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { tradeStats } from './tradeStats.js';

describe('tradeStats', () => {
  it('computes win rate, averages, payoff ratio, expectancy and Kelly by hand', () => {
    const s = tradeStats([500, -250, 300, -200, 650], { minTrades: 5 });
    expect(s).toMatchObject({ count: 5, wins: 3, losses: 2, scratches: 0, trusted: true, window: 100 });
    expect(s.winRate).toBeCloseTo(0.6, 15);
    expect(s.averageWin).toBeCloseTo(1450 / 3, 12);
    expect(s.averageLoss).toBeCloseTo(225, 12);
    expect(s.payoffRatio).toBeCloseTo(1450 / 3 / 225, 12);
    expect(s.expectancy).toBeCloseTo(1000 / 5, 12);
    expect(s.kellyFraction).toBeCloseTo(0.6 - 0.4 / (1450 / 3 / 225), 12);
  });

  it('uses only the most recent `window` trades', () => {
    const trades = [-1000, -1000, -1000, 100, -50, 100, -50];
    const s = tradeStats(trades, { window: 4, minTrades: 4 });
    expect(s.count).toBe(4);
    expect(s.winRate).toBe(0.5);
    expect(s.payoffRatio).toBe(2);
    expect(s.averageLoss).toBe(50);
  });

  it('excludes scratches from the win rate but not from expectancy', () => {
    const s = tradeStats([100, 0, -100, 0, 100], { minTrades: 3 });
    expect(s.scratches).toBe(2);
    expect(s.winRate).toBeCloseTo(2 / 3, 15);
    expect(s.expectancy).toBeCloseTo(100 / 5, 15);
  });

  it('is untrusted (Kelly 0) below minTrades, without losses, or without wins', () => {
    const few = tradeStats([100, -50, 100], { minTrades: 30 });
    expect(few.trusted).toBe(false);
    expect(few.kellyFraction).toBe(0);
    expect(few.reason).toBe('3 decisive trades in the last 3, need 30');
    expect(few.winRate).toBeCloseTo(2 / 3, 15); // still reported
    const noLoss = tradeStats(Array(40).fill(10), { minTrades: 30 });
    expect(noLoss.trusted).toBe(false);
    expect(noLoss.payoffRatio).toBe(0);
    expect(noLoss.reason).toMatch(/no losing trade/);
    expect(tradeStats(Array(40).fill(-10), { minTrades: 30 }).trusted).toBe(false);
    const empty = tradeStats([]);
    expect(empty).toMatchObject({ count: 0, winRate: 0, expectancy: 0, trusted: false });
  });

  it('accepts typed arrays and rejects non-finite P&L naming the index', () => {
    expect(tradeStats(Float64Array.of(1, -1), { minTrades: 2 }).trusted).toBe(true);
    try {
      tradeStats([1, -1, Number.NaN], { minTrades: 2 });
      expect.unreachable();
    } catch (e) {
      expect(isMinhosError(e, 'KELLY_INVALID_TRADE')).toBe(true);
      expect((e as Error).message).toBe('tradeStats: trades[2] is NaN, expected a finite P&L');
    }
    expect(() => tradeStats([1], { window: 0 })).toThrow(/window must be a positive integer, got 0/);
    expect(() => tradeStats([1], { minTrades: 1.5 })).toThrow(/minTrades/);
  });
});
