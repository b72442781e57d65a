import { describe, expect, it } from 'vitest';
import { type BacktestingPyStats, backtestingPyStats } from './backtestingPyStats.js';
import { tradeReturn } from './ClosedTrade.js';
import {
  esBars,
  type FixtureBar,
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

const CASES: [string, () => FixtureBar[]][] = [
  ['spy_daily_sma10_20', spyDaily],
  ['spy_weekly_sma10_20', spyWeekly],
  ['spy_calendar_days_sma10_20', () => spyCalendarDays(1500)],
  ['spy_daily_sma5_15_costs', () => spyDaily().slice(-1500)],
  ['es_daily_sma5_10', () => esBars('es_daily_trade_lean.csv', 'ES201312')],
  ['es_1min_sma10_30', () => esBars('es_1min_trade_lean.csv', 'ES201312', 6000)],
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
      const labels = Object.keys(fixture.stats);
      expect(labels.length).toBeGreaterThanOrEqual(31);
      for (const label of labels) {
        const field = FIELDS[label];
        expect(field, `unmapped backtesting.py statistic "${label}"`).toBeDefined();
        expectClose(stats[field as keyof BacktestingPyStats] as number, fixture.stats[label] ?? null, label);
      }
      for (const t of fixture.trades) expectClose(tradeReturn(t), t.returnPct, 'trade ReturnPct');
    });
  }
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
