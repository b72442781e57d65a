import { instrumentId } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { smaCrossoverStrategy } from '../strategy/index.js';
import { backtestingPyStats } from './backtestingPyStats.js';
import { BACKTESTING_PY_LABELS } from './backtestingPyTable.js';
import { esBars, readFixture } from './crossCheckFixture.js';
import { eventBacktest } from './eventBacktest.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

// backtesting.py's SmaCross with size=1 (one whole unit), a fixed 2.5 commission per order and
// finalize_trades: the semantics the event-driven path shares (point value 1, 2.5 per contract per
// fill, next-open fills, closing at the last bar's open).
describe('eventBacktest reproduces backtesting.py (es_daily_sma5_10)', () => {
  it('same trades, equity curve and every statistic through OMS + paper broker', async () => {
    const fixture = readFixture('es_daily_sma5_10');
    const bars = esBars('es_daily_trade_lean.csv', 'ES201312').map((b) => ({ ...b, volume: 1000 }));
    const es = {
      instrumentId: instrumentId('ESZ13.CME'),
      pointValue: 1,
      tickSize: 0.25,
      currency: 'USD',
      marginPerContract: 0,
    };
    const run = await eventBacktest({
      series: [{ instrument: es, bars }],
      strategy: smaCrossoverStrategy({ fast: 5, slow: 10, quantity: 1 }),
      startingCapital: 10_000,
      commissionPerContract: 2.5,
      closeAtEnd: 'lastOpen',
    });
    expect(run.trades.length).toBe(fixture.trades.length);
    run.trades.forEach((t, k) => {
      const f = fixture.trades[k]!;
      expect([t.size, t.entryBar, t.exitBar], `trade ${k}`).toEqual([f.size, f.entryBar, f.exitBar]);
      expect(t.entryPrice).toBeCloseTo(f.entryPrice, 9);
      expect(t.exitPrice).toBeCloseTo(f.exitPrice, 9);
      expect(t.pnl).toBeCloseTo(f.pnl, 9);
      expect(t.commission).toBeCloseTo(f.commission, 9);
    });
    expect(run.equity.length).toBe(fixture.equity.length);
    fixture.equity.forEach((e, i) => {
      expect(rel(run.equity[i]!, e), `equity ${i}`).toBeLessThanOrEqual(1e-12);
    });
    const stats = backtestingPyStats({
      bars,
      equity: run.instruments[0]!.equity,
      trades: run.trades,
      warmupBars: fixture.warmupBars,
    });
    // Every statistic backtesting.py printed, to 1e-6 relative (NaN where it printed nan).
    const fields = Object.fromEntries(BACKTESTING_PY_LABELS.map(([label, field]) => [label, field]));
    const labels = Object.keys(fixture.stats);
    expect(labels.length).toBeGreaterThanOrEqual(31);
    for (const label of labels) {
      const field = fields[label] as keyof typeof stats | undefined;
      expect(field, `unmapped statistic ${label}`).toBeDefined();
      const expected = fixture.stats[label];
      const actual = stats[field as keyof typeof stats] as number;
      if (expected === null || expected === undefined) expect(Number.isNaN(actual), label).toBe(true);
      else expect(rel(actual, expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-6);
    }
    run.store.close();
    run.broker.close();
  });
});
