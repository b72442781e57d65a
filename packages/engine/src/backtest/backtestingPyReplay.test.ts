import { describe, expect, it } from 'vitest';
import { backtestingPyReplay, type ReplayOptions } from './backtestingPyReplay.js';
import { backtestingPyStats } from './backtestingPyStats.js';
import {
  esBars,
  type FixtureBar,
  inlineBars,
  readFixture,
  spyCalendarDays,
  spyDaily,
  spyWeekly,
} from './crossCheckFixture.js';
import { smaCrossover } from './smaCrossover.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

// The settings of each fixture run (see fixtures/README.md).
const CASES: [string, () => FixtureBar[], number, number, number, ReplayOptions][] = [
  ['spy_daily_sma10_20', spyDaily, 10, 20, 0.9999, { cash: 10_000, commissionRelative: 0.002 }],
  ['spy_weekly_sma10_20', spyWeekly, 10, 20, 0.9999, { cash: 10_000, commissionRelative: 0.002 }],
  [
    'spy_calendar_days_sma10_20',
    () => spyCalendarDays(1500),
    10,
    20,
    0.5,
    { cash: 10_000, commissionRelative: 0.001 },
  ],
  [
    'spy_daily_sma5_15_costs',
    () => spyDaily().slice(-1500),
    5,
    15,
    0.3,
    { cash: 10_000, commissionFixed: 1, commissionRelative: 0.0005, spread: 0.0002, margin: 0.5 },
  ],
  [
    'es_daily_sma5_10',
    () => esBars('es_daily_trade_lean.csv', 'ES201312'),
    5,
    10,
    1,
    { cash: 10_000, commissionFixed: 2.5 },
  ],
  [
    'es_1min_sma10_30',
    () => esBars('es_1min_trade_lean.csv', 'ES201312', 6000),
    10,
    30,
    0.5,
    { cash: 100_000, commissionRelative: 0.0001 },
  ],
  [
    'synthetic_squeeze_10x',
    () => inlineBars('synthetic_squeeze_10x'),
    2,
    4,
    0.9999,
    { cash: 10_000, margin: 0.1 },
  ],
];

describe('backtestingPyReplay reproduces backtesting.py 0.6.6 runs: bars → trades → stats', () => {
  for (const [name, load, fast, slow, size, options] of CASES) {
    it(`${name}: same trades, same equity curve, same statistics`, () => {
      const fixture = readFixture(name);
      const bars = load();
      const strategy = smaCrossover(bars, { fast, slow, size });
      expect(strategy.warmupBars).toBe(fixture.warmupBars);
      const run = backtestingPyReplay(bars, strategy, options);
      expect(run.outOfMoney).toBe(name.includes('squeeze'));
      expect(run.trades.length).toBe(fixture.trades.length);
      run.trades.forEach((t, k) => {
        const f = fixture.trades[k]!;
        expect([t.size, t.entryBar, t.exitBar], `trade ${k}`).toEqual([f.size, f.entryBar, f.exitBar]);
        for (const key of ['entryPrice', 'exitPrice', 'pnl', 'commission'] as const) {
          expect(rel(t[key], f[key]) < 1e-9 || Math.abs(t[key] - f[key]) < 1e-9, `trade ${k} ${key}`).toBe(
            true,
          );
        }
      });
      for (let i = 0; i < bars.length; i++) {
        if (rel(run.equity[i]!, fixture.equity[i]!) > 1e-9) {
          expect.fail(`equity[${i}] ${run.equity[i]} vs backtesting.py ${fixture.equity[i]}`);
        }
      }
      const stats = backtestingPyStats({
        bars,
        equity: run.equity,
        trades: run.trades,
        warmupBars: strategy.warmupBars,
      });
      expect(rel(stats.sharpeRatio, fixture.stats['Sharpe Ratio']!)).toBeLessThan(1e-6);
      expect(rel(stats.sqn, fixture.stats.SQN!)).toBeLessThan(1e-6);
      expect(rel(stats.equityFinal, fixture.stats['Equity Final [$]']!)).toBeLessThan(1e-9);
    });
  }
});

describe('backtestingPyReplay rejects bad settings by name', () => {
  const bars = [1, 2, 3, 2, 1, 2, 3].map((close, i) => ({ time: i, open: close, close }));
  const strategy = smaCrossover(bars, { fast: 2, slow: 3, size: 1 });
  it.each([
    [{ cash: 0 }, /cash must be > 0, got 0/],
    [{ cash: 10, margin: 0 }, /margin must be in \(0, 1\], got 0/],
    [{ cash: 10, commissionRelative: 0.5 }, /commissionRelative must be in/],
  ])('%o', (options, message) => {
    expect(() => backtestingPyReplay(bars, strategy, options)).toThrow(message);
  });
  it('rejects an order size that is neither a fraction nor whole units', () => {
    const bad = { warmupBars: 0, onBar: (_: number, ctx: { buy(size: number): void }) => ctx.buy(1.5) };
    expect(() => backtestingPyReplay(bars, bad, { cash: 10 })).toThrow(
      /size must be a fraction in \(0, 1\) or a whole/,
    );
  });
  it('rejects SMA lengths out of order', () => {
    expect(() => smaCrossover(bars, { fast: 3, slow: 3, size: 1 })).toThrow(
      /1 ≤ fast < slow, got fast 3, slow 3/,
    );
  });
  it('without finalizing, the last trade stays open and out of the closed list', () => {
    const run = backtestingPyReplay(bars, strategy, { cash: 10, finalizeTrades: false });
    const finalized = backtestingPyReplay(bars, strategy, { cash: 10 });
    expect(run.openTrades).toBe(1);
    expect(finalized.trades.length).toBe(run.trades.length + 1);
    expect(finalized.trades.at(-1)?.exitBar).toBe(bars.length - 1);
    expect(finalized.trades.at(-1)?.exitPrice).toBe(bars.at(-1)?.open);
  });
});
