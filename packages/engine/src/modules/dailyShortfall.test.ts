import { describe, expect, it } from 'vitest';
import { dailyShortfall } from './dailyShortfall.js';
import { fillShortfall } from './smartExecution.js';

const at = (iso: string) => Date.parse(iso) * 1000;

describe('dailyShortfall', () => {
  it('sums per CME trade date (17:00 CT opens the next one), points weighted by contracts', () => {
    const fills = [
      // Tue 2025-07-01 16:30 CDT (21:30Z): trade date Jul 1.
      fillShortfall(
        { clientOrderId: 'a', time: at('2025-07-01T21:30:00Z'), side: 'BUY', quantity: 1, price: 100.5 },
        100,
        50,
      ),
      // 17:30 CDT the same evening: trade date Jul 2.
      fillShortfall(
        { clientOrderId: 'b', time: at('2025-07-01T22:30:00Z'), side: 'BUY', quantity: 3, price: 100.25 },
        100,
        50,
      ),
      fillShortfall(
        { clientOrderId: 'c', time: at('2025-07-02T14:00:00Z'), side: 'SELL', quantity: 1, price: 99 },
        100,
        50,
      ),
    ];
    expect(dailyShortfall(fills)).toEqual([
      { tradeDate: '2025-07-01', fills: 1, contracts: 1, points: 0.5, cost: 25 },
      // (3 × 0.25 + 1 × 1) / 4 contracts; a SELL below the decision price is a cost too.
      { tradeDate: '2025-07-02', fills: 2, contracts: 4, points: 1.75 / 4, cost: 37.5 + 50 },
    ]);
    expect(dailyShortfall([])).toEqual([]);
    // Another exchange's day: midnight UTC.
    expect(
      dailyShortfall(fills, { timeZone: 'UTC', sessionOpenMinute: 1440 }).map((d) => d.tradeDate),
    ).toEqual(['2025-07-01', '2025-07-02']);
  });
});
