import { describe, expect, it } from 'vitest';
import { backtestingPyStats } from './backtestingPyStats.js';
import { BACKTESTING_PY_LABELS, formatBacktestingPyStats } from './backtestingPyTable.js';
import { readFixture, spyDaily } from './crossCheckFixture.js';

describe('formatBacktestingPyStats', () => {
  const fixture = readFixture('spy_daily_sma10_20');
  const stats = backtestingPyStats({
    bars: spyDaily(),
    equity: fixture.equity,
    trades: fixture.trades,
    warmupBars: fixture.warmupBars,
  });
  const lines = formatBacktestingPyStats(stats).split('\n');

  it("lists backtesting.py's labels in its order, right-aligned", () => {
    expect(BACKTESTING_PY_LABELS.map(([label]) => label)).toEqual(Object.keys(fixture.stats));
    expect(lines.map((l) => l.replace(/\s{2,}.*$/, ''))).toEqual(Object.keys(fixture.stats));
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('prints times, durations and numbers as backtesting.py does', () => {
    expect(lines[0]).toMatch(/^Start\s+1998-01-02T00:00:00\.000Z$/);
    expect(lines[2]).toMatch(/^Duration\s+8489 days 00:00:00$/);
    expect(lines.find((l) => l.startsWith('Max. Trade Duration'))).toMatch(/156 days 00:00:00$/);
    expect(lines.find((l) => l.startsWith('# Trades'))).toMatch(/\s302$/);
    expect(lines.find((l) => l.startsWith('Sharpe Ratio'))).toMatch(/\s-0\.428642$/);
  });

  it('omits zero commissions and shows NaN as --', () => {
    const flat = backtestingPyStats({
      bars: [1, 2, 3].map((close, i) => ({ time: Date.UTC(2024, 0, 1 + i) * 1000, close })),
      equity: [100, 100, 100],
      trades: [],
    });
    const text = formatBacktestingPyStats(flat);
    expect(text).not.toContain('Commissions');
    expect(text).toMatch(/Win Rate \[%\]\s+--/);
  });
});
