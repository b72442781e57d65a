import { describe, expect, it } from 'vitest';
import { backtestingPyStats } from './backtestingPyStats.js';
import { drawdownPeriods, drawdownSeries } from './drawdownPeriods.js';

const DAY = 86_400_000_000;
// Mon 2024-01-01 onward, weekdays only.
const weekdays = (n: number): number[] => {
  const out: number[] = [];
  for (let d = 0; out.length < n; d++) {
    const t = Date.UTC(2024, 0, 1 + d) * 1000;
    const dow = new Date(t / 1000).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(t);
  }
  return out;
};

describe('backtestingPyStats, hand-computed', () => {
  const times = weekdays(5);
  const bars = [100, 102, 101, 104, 103].map((close, i) => ({ time: times[i] as number, close }));
  const equity = [1000, 1000, 990, 1020, 1010];
  const trades = [
    { size: 10, entryBar: 1, exitBar: 2, entryPrice: 102, exitPrice: 101, pnl: -10, commission: 0 },
    { size: 10, entryBar: 2, exitBar: 4, entryPrice: 101, exitPrice: 103, pnl: 20, commission: 0 },
  ];
  const s = backtestingPyStats({ bars, equity, trades, warmupBars: 1 });

  it('computes the bar-count and trade figures by their definitions', () => {
    expect(s.exposureTimePct).toBe(80); // bars 1..4 of 5
    expect(s.returnPct).toBeCloseTo(1, 12);
    expect(s.buyAndHoldReturnPct).toBeCloseTo((103 / 102 - 1) * 100, 12); // from bar 1 (warm-up)
    expect(s.winRatePct).toBe(50);
    expect(s.bestTradePct).toBeCloseTo((103 / 101 - 1) * 100, 12);
    expect(s.profitFactor).toBeCloseTo((103 / 101 - 1) / (1 - 101 / 102), 12); // on returns
    expect(s.sqn).toBeCloseTo((Math.sqrt(2) * 5) / Math.sqrt(((-15) ** 2 + 15 ** 2) / 1), 12);
    expect(s.kellyCriterion).toBeCloseTo(0.5 - 0.5 / (20 / 10), 12);
    expect(s.maxTradeDurationUs).toBe(2 * DAY);
  });

  it('annualises daily returns with 252 periods and the compounded-volatility formula', () => {
    const r = [0, 990 / 1000 - 1, 1020 / 990 - 1, 1010 / 1020 - 1];
    expect(s.periodReturns).toHaveLength(4);
    const g = Math.exp(r.reduce((a, x) => a + Math.log(1 + x), 0) / 4) - 1;
    expect(s.annualPeriods).toBe(252);
    expect(s.returnAnnPct).toBeCloseTo(((1 + g) ** 252 - 1) * 100, 9);
    const m = r.reduce((a, x) => a + x, 0) / 4;
    const v = r.reduce((a, x) => a + (x - m) ** 2, 0) / 3;
    expect(s.volatilityAnnPct).toBeCloseTo(Math.sqrt((v + (1 + g) ** 2) ** 252 - (1 + g) ** 504) * 100, 9);
  });

  it('measures drawdowns from peak bar to recovery bar, with ceil’d durations', () => {
    // 1000 → 990 (1 %) recovered at 1020 is a period; 1020 → 1010 on the last bar alone is not.
    expect(s.maxDrawdownPct).toBeCloseTo(-1, 12);
    expect(s.avgDrawdownPct).toBeCloseTo(-1, 12);
    expect(s.maxDrawdownDurationUs).toBe(2 * DAY);
  });
});

describe('backtestingPyStats, undefined figures stay NaN like backtesting.py', () => {
  it('without trades the trade statistics are NaN and the Sharpe of flat equity is NaN', () => {
    const times = weekdays(3);
    const s = backtestingPyStats({
      bars: times.map((time) => ({ time, close: 10 })),
      equity: [5, 5, 5],
      trades: [],
    });
    expect(s.tradeCount).toBe(0);
    for (const v of [s.winRatePct, s.avgTradePct, s.sqn, s.kellyCriterion, s.sharpeRatio, s.calmarRatio]) {
      expect(v).toBeNaN();
    }
    expect(s.profitFactor).toBe(0 / Number.NaN);
    expect(s.maxDrawdownDurationUs).toBeNaN();
  });

  it('a drawdown on the last bar alone forms no period (kept quirk): average from the bar itself', () => {
    const dd = drawdownSeries([100, 110, 99]);
    expect(drawdownPeriods(dd, [0, 1, 2])).toEqual([]);
    const times = weekdays(3);
    const s = backtestingPyStats({
      bars: times.map((time) => ({ time, close: 10 })),
      equity: [100, 110, 99],
      trades: [],
    });
    expect(s.avgDrawdownPct).toBeCloseTo(-10, 12);
    expect(s.maxDrawdownDurationUs).toBeNaN();
  });
});

describe('backtestingPyStats rejects malformed input by name', () => {
  const bars = weekdays(3).map((time) => ({ time, close: 10 }));
  it.each([
    [{ bars: [], equity: [], trades: [] }, /at least one bar/],
    [{ bars, equity: [1, 2], trades: [] }, /one value per bar \(3\), got 2/],
    [{ bars, equity: [1, 1, 1], trades: [], riskFreeRate: 2 }, /riskFreeRate/],
    [{ bars, equity: [1, 1, 1], trades: [], warmupBars: 3 }, /warmupBars/],
    [{ bars: [bars[1], bars[0], bars[2]], equity: [1, 1, 1], trades: [] }, /bar times must increase, bar 1/],
    [
      {
        bars,
        equity: [1, 1, 1],
        trades: [{ size: 1, entryBar: 2, exitBar: 1, entryPrice: 1, exitPrice: 1, pnl: 0, commission: 0 }],
      },
      /trade 0: exitBar 1 is before entryBar 2/,
    ],
  ])('%#', (input, message) => {
    expect(() => backtestingPyStats(input as Parameters<typeof backtestingPyStats>[0])).toThrow(message);
  });
});
