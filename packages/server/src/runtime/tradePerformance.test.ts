import type { Fill } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { roundTrips, tradePerformance } from './tradePerformance.js';

const DAY = 86_400_000_000;
const T0 = Date.UTC(2025, 10, 3, 15) * 1000;
let n = 0;
const fill = (side: 'BUY' | 'SELL', quantity: number, price: number, time: number): Fill =>
  ({
    fillId: `f${++n}`,
    clientOrderId: `o${n}`,
    instrumentId: 'ES',
    side,
    quantity,
    price,
    commission: { amount: 2.5 * quantity, currency: 'USD' },
    time,
  }) as unknown as Fill;

describe('roundTrips and tradePerformance', () => {
  it('matches fills FIFO (with a reversal) and computes the original dashboard figures', () => {
    const fills = [
      fill('BUY', 2, 5000, T0),
      fill('SELL', 1, 5004, T0 + 1), // +4 pts × 50 − 2×2.5 = 195
      fill('SELL', 3, 4998, T0 + 2), // closes 1 @ −2 pts: −100 − 5 = −105; opens short 2 @ 4998
      fill('BUY', 2, 4990, T0 + DAY), // short 2 × 8 pts × 50 − 2×(2.5+2.5) = 790
    ];
    const trips = roundTrips(fills, () => 50);
    expect(trips.map((t) => [t.direction, t.quantity, t.pnl])).toEqual([
      [1, 1, 195],
      [1, 1, -105],
      [-1, 2, 790],
    ]);
    const p = tradePerformance(trips, 100_000);
    expect(p).toMatchObject({
      total_trades: 3,
      winning_trades: 2,
      losing_trades: 1,
      total_pnl: 880,
      average_win: 492.5,
      average_loss: -105,
      max_drawdown: 105,
      current_streak: 1,
      best_trade: 790,
      worst_trade: -105,
    });
    expect(p.win_rate).toBeCloseTo(2 / 3, 12);
    // daily P&L: day 1 = 90, day 2 = 790 → returns 0.0009, 0.0079; mean 0.0044, sd 0.0049497…
    expect(p.sharpe_ratio).toBeCloseTo(
      (0.0044 / Math.sqrt(((0.0009 - 0.0044) ** 2 + (0.0079 - 0.0044) ** 2) / 1)) * Math.sqrt(252),
      9,
    );
  });

  it('reports an empty history as zeros and nulls', () => {
    expect(tradePerformance([], 100_000)).toMatchObject({
      total_trades: 0,
      win_rate: 0,
      sharpe_ratio: null,
      best_trade: null,
    });
  });
});
