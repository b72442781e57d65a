import { type Bar, BarSeries, instrumentId } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import type { Strategy } from '../strategy/index.js';
import { smaCrossoverStrategy } from '../strategy/index.js';
import { eventBacktest } from './eventBacktest.js';

const spec = (name: string) => ({
  instrumentId: instrumentId(name),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 0,
});
const MIN = 60_000_000;
const bar = (time: number, open: number, close: number): Bar => ({
  time,
  open,
  high: Math.max(open, close),
  low: Math.min(open, close),
  close,
  volume: 100,
});

/** Buys 1 at the close of bar `at`, sells it at bar `exit`. */
function scripted(at: number, exit: number): Strategy {
  return {
    name: 'scripted',
    indicators: {},
    historyBars: 1,
    onBar: (ctx) =>
      ctx.index === at
        ? [{ instrumentId: ctx.instrumentId, target: 1, confidence: 1, reason: 'enter' }]
        : ctx.index === exit
          ? [{ instrumentId: ctx.instrumentId, target: 0, confidence: 1, reason: 'exit' }]
          : [],
  };
}

describe('eventBacktest fill semantics', () => {
  const bars = [bar(0, 100, 101), bar(MIN, 102, 103), bar(2 * MIN, 104, 105), bar(3 * MIN, 106, 107)];
  const es = spec('ES.CME');

  it('next bar open by default, the deciding close with fill: close', async () => {
    const next = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: scripted(0, 2),
      startingCapital: 1e5,
    });
    expect(next.trades.map((t) => [t.entryPrice, t.exitPrice, t.entryBar, t.exitBar])).toEqual([
      [102, 106, 1, 3],
    ]);
    expect(next.trades[0]!.pnl).toBe(4 * 50);
    const close = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: scripted(0, 2),
      startingCapital: 1e5,
      fill: 'close',
    });
    expect(close.trades.map((t) => [t.entryPrice, t.exitPrice, t.entryBar, t.exitBar])).toEqual([
      [101, 105, 0, 2],
    ]);
    // Equity is marked at each close: after the entry at 101 the position earns (103 − 101) × 50.
    expect([...close.equity]).toEqual([1e5, 1e5 + 100, 1e5 + 200, 1e5 + 200]);
  });

  it('after a session break the fill is the next session first price, not the stale close', async () => {
    const gapped = [
      bar(0, 100, 101),
      bar(MIN, 102, 103),
      bar(MIN * 60 * 18, 90, 91),
      bar(MIN * 60 * 18 + MIN, 92, 93),
    ];
    const run = await eventBacktest({
      series: [{ instrument: es, bars: gapped }],
      strategy: scripted(1, 99),
      startingCapital: 1e5,
    });
    expect(run.oms.position(es.instrumentId).quantity).toBe(1);
    expect(run.oms.position(es.instrumentId).avgPrice).toBe(90);
  });

  it('closes at the end at the last open or close, or leaves the position open', async () => {
    const open = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: scripted(0, 99),
      startingCapital: 1e5,
      closeAtEnd: 'lastOpen',
    });
    expect(open.trades.map((t) => t.exitPrice)).toEqual([106]);
    const close = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: scripted(0, 99),
      startingCapital: 1e5,
      closeAtEnd: 'lastClose',
    });
    expect(close.trades.map((t) => t.exitPrice)).toEqual([107]);
    const none = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: scripted(0, 99),
      startingCapital: 1e5,
    });
    expect(none.trades).toEqual([]);
    expect(none.oms.position(es.instrumentId).quantity).toBe(1);
  });

  it('multi-symbol: one account, bars merged by time, a missing bar never fills at a stale price', async () => {
    const nq = spec('NQ.CME');
    const nqBars = [bar(0, 200, 201), bar(2 * MIN, 210, 211), bar(3 * MIN, 212, 213)]; // no bar at 1 min
    const run = await eventBacktest({
      series: [
        { instrument: es, bars },
        { instrument: nq, bars: nqBars },
      ],
      strategy: scripted(0, 99),
      startingCapital: 1e5,
    });
    expect([...run.times]).toEqual([0, MIN, 2 * MIN, 3 * MIN]);
    expect(run.oms.position(es.instrumentId).avgPrice).toBe(102);
    expect(run.oms.position(nq.instrumentId).avgPrice).toBe(210);
    // (107 − 102) × 50 + (213 − 210) × 50
    expect(run.equity[3]).toBe(1e5 + 250 + 150);
    expect(run.instruments[1]!.equity.length).toBe(3);
  });

  it('is deterministic for a seed, partial fills included', async () => {
    const closes = Array.from({ length: 300 }, (_, i) => 100 + 5 * Math.sin(i / 7) + (i % 3));
    const many = closes.map((c, i) => ({ ...bar(i * MIN, c - 0.25, c), volume: 3 }));
    const go = () =>
      eventBacktest({
        series: [{ instrument: es, bars: many }],
        strategy: smaCrossoverStrategy({ fast: 3, slow: 8, quantity: 5 }),
        startingCapital: 1e6,
        partialFills: { participation: 0.5 },
        seed: 7,
      });
    const a = await go();
    const b = await go();
    expect(a.trades.length).toBeGreaterThan(5);
    expect(a.trades).toEqual(b.trades);
    expect([...a.equity]).toEqual([...b.equity]);
  });

  it('takes a BarSeries (columns) as well as Bar objects: the same run, bar for bar', async () => {
    const closes = Array.from({ length: 400 }, (_, i) => 100 + 6 * Math.sin(i / 9) + (i % 4) * 0.25);
    const rows = closes.map((c, i) => ({ ...bar(i * MIN, c - 0.25, c), volume: 2 + (i % 5) }));
    const nqRows = rows.filter((_, i) => i % 3 !== 1).map((b) => ({ ...b, close: b.close + 1 }));
    const go = (asColumns: boolean) =>
      eventBacktest({
        series: [
          { instrument: es, bars: asColumns ? BarSeries.fromBars(rows) : rows },
          { instrument: spec('NQ.CME'), bars: asColumns ? BarSeries.fromBars(nqRows) : nqRows },
        ],
        strategy: smaCrossoverStrategy({ fast: 3, slow: 10, quantity: 2 }),
        startingCapital: 1e6,
        partialFills: { participation: 0.5 },
        closeAtEnd: 'lastOpen',
      });
    const objects = await go(false);
    const columns = await go(true);
    expect(objects.trades.length).toBeGreaterThan(10);
    expect(columns.trades).toEqual(objects.trades);
    expect([...columns.equity]).toEqual([...objects.equity]);
    expect([...columns.times]).toEqual([...objects.times]);
    expect([...columns.instruments[1]!.equity]).toEqual([...objects.instruments[1]!.equity]);
    expect(columns.oms.orders().map((o) => [o.clientOrderId, o.status, o.avgFillPrice])).toEqual(
      objects.oms.orders().map((o) => [o.clientOrderId, o.status, o.avgFillPrice]),
    );
    expect(columns.instruments[0]!.bars).toBeInstanceOf(BarSeries);
    // Equal times are a valid BarSeries but not a valid backtest series.
    const twice = BarSeries.fromBars([bars[0]!, bars[0]!]);
    await expect(
      eventBacktest({
        series: [{ instrument: es, bars: twice }],
        strategy: scripted(0, 1),
        startingCapital: 1,
      }),
    ).rejects.toThrow(/ES\.CME: bar times must increase strictly \(bar 1 at 0\)/);
  });

  it('rejects bad input with the problem named', async () => {
    await expect(eventBacktest({ series: [], strategy: scripted(0, 1), startingCapital: 1 })).rejects.toThrow(
      /at least one series/,
    );
    await expect(
      eventBacktest({
        series: [{ instrument: es, bars: [bars[1]!, bars[0]!] }],
        strategy: scripted(0, 1),
        startingCapital: 1,
      }),
    ).rejects.toThrow(/must increase strictly/);
  });
});
