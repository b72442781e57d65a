import { describe, expect, it } from 'vitest';
import { type BacktestingPyStats, backtestingPyStats } from './backtestingPyStats.js';
import { tradeReturn } from './ClosedTrade.js';
import {
  esBars,
  type FixtureBar,
  inlineBars,
  readFixture,
  spyCalendarDays,
  spyDaily,
  spyWeekly,
} from './crossCheckFixture.js';
import { leanSharpeRatio } from './leanSharpeRatio.js';

// Every statistic backtesting.py 0.6.6 printed for the fixture runs, keyed by its label.
const FIELDS: Record<string, keyof BacktestingPyStats> = {
  Start: 'start',
  End: 'end',
  Duration: 'durationUs',
  'Exposure Time [%]': 'exposureTimePct',
  'Equity Final [$]': 'equityFinal',
  'Equity Peak [$]': 'equityPeak',
  'Commissions [$]': 'commissions',
  'Return [%]': 'returnPct',
  'Buy & Hold Return [%]': 'buyAndHoldReturnPct',
  'Return (Ann.) [%]': 'returnAnnPct',
  'Volatility (Ann.) [%]': 'volatilityAnnPct',
  'CAGR [%]': 'cagrPct',
  'Sharpe Ratio': 'sharpeRatio',
  'Sortino Ratio': 'sortinoRatio',
  'Calmar Ratio': 'calmarRatio',
  'Alpha [%]': 'alphaPct',
  Beta: 'beta',
  'Max. Drawdown [%]': 'maxDrawdownPct',
  'Avg. Drawdown [%]': 'avgDrawdownPct',
  'Max. Drawdown Duration': 'maxDrawdownDurationUs',
  'Avg. Drawdown Duration': 'avgDrawdownDurationUs',
  '# Trades': 'tradeCount',
  'Win Rate [%]': 'winRatePct',
  'Best Trade [%]': 'bestTradePct',
  'Worst Trade [%]': 'worstTradePct',
  'Avg. Trade [%]': 'avgTradePct',
  'Max. Trade Duration': 'maxTradeDurationUs',
  'Avg. Trade Duration': 'avgTradeDurationUs',
  'Profit Factor': 'profitFactor',
  'Expectancy [%]': 'expectancyPct',
  SQN: 'sqn',
  'Kelly Criterion': 'kellyCriterion',
};

function expectClose(actual: number, expected: number | null, label: string): void {
  if (expected === null) {
    expect(Number.isNaN(actual), `${label}: expected NaN, got ${actual}`).toBe(true);
    return;
  }
  const scale = Math.max(Math.abs(expected), 1e-300);
  expect(
    Math.abs(actual - expected) / scale,
    `${label}: ${actual} vs backtesting.py ${expected}`,
  ).toBeLessThanOrEqual(1e-6);
}

function expectAll(stats: BacktestingPyStats, expected: Readonly<Record<string, number | null>>): void {
  const labels = Object.keys(expected);
  expect(labels.length).toBeGreaterThanOrEqual(31);
  for (const label of labels) {
    const field = FIELDS[label];
    expect(field, `unmapped backtesting.py statistic "${label}"`).toBeDefined();
    expectClose(stats[field as keyof BacktestingPyStats] as number, expected[label] ?? null, label);
  }
}

const CASES: [string, () => FixtureBar[]][] = [
  ['spy_daily_sma10_20', spyDaily],
  ['spy_weekly_sma10_20', spyWeekly],
  ['spy_calendar_days_sma10_20', () => spyCalendarDays(1500)],
  ['spy_daily_sma5_15_costs', () => spyDaily().slice(-1500)],
  ['es_daily_sma5_10', () => esBars('es_daily_trade_lean.csv', 'ES201312')],
  ['es_1min_sma10_30', () => esBars('es_1min_trade_lean.csv', 'ES201312', 6000)],
  ['synthetic_squeeze_10x', () => inlineBars('synthetic_squeeze_10x')],
];

describe('backtestingPyStats against backtesting.py 0.6.6 itself', () => {
  for (const [name, load] of CASES) {
    it(`${name}: every statistic to 1e-6 relative`, () => {
      const fixture = readFixture(name);
      const bars = load();
      expect(bars.length).toBe(fixture.bars);
      expect(bars[0]?.time).toBe(fixture.firstTime);
      const stats = backtestingPyStats({
        bars,
        equity: fixture.equity,
        trades: fixture.trades,
        warmupBars: fixture.warmupBars,
      });
      expectAll(stats, fixture.stats);
      for (const t of fixture.trades) expectClose(tradeReturn(t), t.returnPct, 'trade ReturnPct');
    });

    it(`${name}: with a 3 % risk-free rate, as backtesting.py's compute_stats gives`, () => {
      const fixture = readFixture(name);
      const stats = backtestingPyStats({
        bars: load(),
        equity: fixture.equity,
        trades: fixture.trades,
        warmupBars: fixture.warmupBars,
        riskFreeRate: 0.03,
      });
      expectAll(stats, fixture.statsRiskFree3pct);
      expect(fixture.statsRiskFree3pct['Sharpe Ratio']).not.toBe(fixture.stats['Sharpe Ratio']);
    });
  }

  it('benchmarkClose replaces the traded closes in Buy & Hold, Alpha and Beta only', () => {
    const fixture = readFixture('es_daily_sma5_10');
    const bars = esBars('es_daily_trade_lean.csv', 'ES201312');
    const input = { bars, equity: fixture.equity, trades: fixture.trades, warmupBars: fixture.warmupBars };
    const own = backtestingPyStats(input);
    expect(backtestingPyStats({ ...input, benchmarkClose: bars.map((b) => b.close) })).toEqual(own);
    const spy = spyDaily();
    const byDay = new Map(spy.map((b) => [b.time, b.close]));
    // ES dates without a SPY session (the Sunday bar) carry the previous SPY close.
    let last = Number.NaN;
    const benchmark = bars.map((b) => {
      last = byDay.get(b.time) ?? last;
      return Number.isNaN(last) ? (spy.find((s) => s.time > b.time)?.close as number) : last;
    });
    const vsSpy = backtestingPyStats({ ...input, benchmarkClose: benchmark });
    const c0 = benchmark[fixture.warmupBars] as number;
    expect(vsSpy.buyAndHoldReturnPct).toBeCloseTo(((benchmark.at(-1) as number) / c0 - 1) * 100, 10);
    expect(vsSpy.beta).not.toBeCloseTo(own.beta, 6);
    expect(vsSpy.alphaPct).toBeCloseTo(vsSpy.returnPct - vsSpy.beta * vsSpy.buyAndHoldReturnPct, 10);
    expect({ ...vsSpy, buyAndHoldReturnPct: 0, beta: 0, alphaPct: 0 }).toEqual({
      ...own,
      buyAndHoldReturnPct: 0,
      beta: 0,
      alphaPct: 0,
    });
  });
});

describe('the LEAN-style Sharpe of the same runs differs from backtesting.py by convention', () => {
  for (const [name, load] of CASES) {
    if (name.includes('weekly')) continue; // weekly returns: no daily Sharpe to compare
    it(`${name}: arithmetic/√252 (pandas reference) vs backtesting.py's compounded figure`, () => {
      const fixture = readFixture(name);
      const stats = backtestingPyStats({
        bars: load(),
        equity: fixture.equity,
        trades: fixture.trades,
        warmupBars: fixture.warmupBars,
      });
      const lean = leanSharpeRatio(stats.periodReturns) as number;
      expectClose(lean, fixture.leanSharpe252, 'LEAN-style Sharpe');
      expect(Math.abs(lean - stats.sharpeRatio) / Math.abs(stats.sharpeRatio)).toBeGreaterThan(0.01);
    });
  }
});
