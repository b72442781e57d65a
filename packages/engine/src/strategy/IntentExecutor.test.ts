import { type Bar, instrumentId } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { eventBacktest } from '../backtest/eventBacktest.js';
import type { Strategy } from './Strategy.js';

const es = {
  instrumentId: instrumentId('ES.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 0,
};
const bar = (i: number, c: number): Bar => ({
  time: i * 60_000_000,
  open: c,
  high: c + 0.5,
  low: c - 0.5,
  close: c,
  volume: 10,
});

describe('tradeToTarget', () => {
  it('reversing with a bracket cancels the unfilled entry and the old legs, closes, then enters with a new bracket', async () => {
    const bracket = { stopLossPoints: 10, takeProfitPoints: 20 };
    // Long 2 at bar 0 (fills at bar 1's open), reverse to short 3 at bar 2.
    const script: Strategy = {
      name: 'script',
      indicators: {},
      historyBars: 1,
      onBar: (ctx) =>
        ctx.index === 0
          ? [{ instrumentId: ctx.instrumentId, target: 2, confidence: 1, reason: 'long', bracket }]
          : ctx.index === 2
            ? [{ instrumentId: ctx.instrumentId, target: -3, confidence: 1, reason: 'short', bracket }]
            : [],
    };
    const bars = [bar(0, 100), bar(1, 101), bar(2, 102), bar(3, 103), bar(4, 104)];
    const run = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: script,
      startingCapital: 1e6,
    });
    const orders = run.oms.orders();
    expect(orders.filter((o) => o.status === 'DENIED')).toEqual([]);
    expect(run.oms.position(es.instrumentId).quantity).toBe(-3);
    const working = run.oms.workingOrders();
    // Only the new bracket (stop and target for 3) is left.
    expect(working.map((o) => [o.side, o.quantity, o.type]).sort()).toEqual([
      ['BUY', 3, 'LIMIT'],
      ['BUY', 3, 'STOP'],
    ]);
    expect(run.trades.map((t) => [t.size, t.entryPrice, t.exitPrice])).toEqual([[2, 101, 103]]);
  });
});
