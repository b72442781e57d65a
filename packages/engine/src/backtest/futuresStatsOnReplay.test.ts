import { describe, expect, it } from 'vitest';
import { backtestingPyReplay } from './backtestingPyReplay.js';
import { backtestingPyStats } from './backtestingPyStats.js';
import { esBars } from './crossCheckFixture.js';
import { type EquityMark, type FuturesTrade, futuresStats } from './futuresStats.js';
import { smaCrossover } from './smaCrossover.js';

// The ES 1-minute SMA 10/30 crossover, one contract, replayed without costs (equity in points),
// then priced as futures: 50 $/pt, 2.5 $ per contract per fill.
describe('futuresStats on a real ES 1-minute replay', () => {
  const bars = esBars('es_1min_trade_lean.csv', 'ES201312', 6000);
  const strategy = smaCrossover(bars, { fast: 10, slow: 30, size: 1 });
  const run = backtestingPyReplay(bars, strategy, { cash: 1_000_000 });
  const POINT = 50;
  const FEE = 2.5;
  const START = 100_000;
  const trades: FuturesTrade[] = run.trades.map((t) => ({
    quantity: t.size,
    entryTime: bars[t.entryBar]!.time,
    exitTime: bars[t.exitBar]!.time,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
  }));
  // Fees paid by each bar's close: one per contract at every entry and exit fill up to that bar.
  const fills = new Float64Array(bars.length);
  for (const t of run.trades) {
    fills[t.entryBar]! += Math.abs(t.size);
    fills[t.exitBar]! += Math.abs(t.size);
  }
  let paid = 0;
  const equity: EquityMark[] = bars.map((b, i) => {
    paid += fills[i]! * FEE;
    return { time: b.time, equity: START + (run.equity[i]! - 1_000_000) * POINT - paid };
  });
  const s = futuresStats({
    trades,
    pointValue: POINT,
    commissionPerContract: FEE,
    startingEquity: START,
    equity,
  });

  it('trade P&L and the equity curve agree to the cent', () => {
    expect(s.tradeCount).toBe(run.trades.length);
    expect(s.commissions).toBe(2 * FEE * run.trades.length);
    expect(s.endingEquity - START).toBeCloseTo(s.netPnl, 6);
    const daySum = s.days.reduce((sum, d) => sum + d.pnl, 0);
    expect(daySum).toBeCloseTo(s.netPnl, 6);
  });

  it('cuts days by CME trade date: Sunday-evening bars belong to Monday', () => {
    // First bar 2013-10-06T22:00Z = Sunday 17:00 CDT → trade date Monday 2013-10-07.
    expect(s.days[0]?.tradeDate).toBe('2013-10-07');
    expect(s.days.map((d) => d.tradeDate)).toEqual([
      '2013-10-07',
      '2013-10-08',
      '2013-10-09',
      '2013-10-10',
      '2013-10-11',
    ]);
    // backtesting.py's UTC days split the same bars into six buckets (Sunday 6th … Friday 11th).
    const bt = backtestingPyStats({
      bars,
      equity: run.equity,
      trades: run.trades,
      warmupBars: strategy.warmupBars,
    });
    expect(bt.periodReturns.length + 1).toBe(6);
  });

  it('five trading days are too few for a Sharpe ratio: N/A, while the trade figures exist', () => {
    expect(s.sharpeRatio).toBeNull();
    expect(s.annualVolatilityPct).toBeNull();
    expect(s.tradeCount).toBeGreaterThanOrEqual(30);
    expect(s.sqn).not.toBeNull();
    expect(s.profitFactor).toBeCloseTo(s.grossProfit / s.grossLoss, 12);
  });
});
