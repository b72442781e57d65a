/**
 * Size an E-mini S&P 500 trade with @minhos/kelly and print every step of the pipeline.
 *
 * Inputs are real where the repository has them: the trade history is an hourly momentum rule
 * replayed on bundled ESZ13 1-minute bars (see kellyEsTrades.ts), the win probability comes from a
 * small estimator fitted on the first two thirds of that history, realised volatility and drawdown
 * are measured on the same data. The correlation with an open NQ position is an assumption (0.9,
 * typical for ES/NQ), labelled as such.
 *
 * Run: pnpm --filter @minhos/examples exec tsx src/kellySizing.ts
 */
import { US_PER_HOUR } from '@minhos/core';
import {
  annualizeVolatility,
  type SizingDecision,
  type SizingInput,
  sizePosition,
  tradeStats,
} from '@minhos/kelly';
import { ES_POINT_VALUE, type EsTrade, loadEsHourlyMomentumTrades } from './kellyEsTrades.js';

const COST_PER_TRADE = 2 * 2.25 + 0.25 * ES_POINT_VALUE; // commissions both ways + 1 tick slippage, $/contract

/** Win rate of the momentum rule by signal strength, fitted on past trades only: a `predictProba` estimator. */
function fitSignalStrengthModel(train: readonly EsTrade[]) {
  const buckets = [0.5, 1.5, 3, Number.POSITIVE_INFINITY];
  const wins = buckets.map(() => 0);
  const counts = buckets.map(() => 0);
  const bucketOf = (points: number) => buckets.findIndex((edge) => Math.abs(points) <= edge);
  for (const t of train) {
    if (t.pnl === 0) continue;
    const b = bucketOf(t.signalPoints);
    counts[b]! += 1;
    if (t.pnl > 0) wins[b]! += 1;
  }
  const base =
    wins.reduce((a, x) => a + x, 0) /
    Math.max(
      1,
      counts.reduce((a, x) => a + x, 0),
    );
  return {
    // P(win | bucket) shrunk toward the overall win rate with 20 pseudo-trades, so a sparse bucket
    // cannot claim a confident edge; returned as a [P(loss), P(win)] row like scikit-learn.
    predictProba(features: { signalPoints: number }): [number, number] {
      const b = bucketOf(features.signalPoints);
      const p = (wins[b]! + 20 * base) / (counts[b]! + 20);
      return [1 - p, p];
    },
  };
}

/** Per-bar (hourly) volatility of the traded hours, annualised from the bar interval. */
function annualisedVolatilityOfHourlyReturns(trades: readonly EsTrade[]): number {
  const r = trades.map((t) => (t.direction * t.pnl) / ES_POINT_VALUE / t.entry);
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const perBar = Math.sqrt(r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1));
  const annual = annualizeVolatility(perBar, US_PER_HOUR); // 252 days × 23 Globex hours
  if (!annual.ok) throw annual.error;
  return annual.value;
}

function drawdownOf(pnl: readonly number[], capital: number): number {
  let equity = capital;
  let peak = capital;
  for (const x of pnl) {
    equity += x;
    peak = Math.max(peak, equity);
  }
  return (peak - equity) / peak;
}

function print(title: string, d: SizingDecision): void {
  console.log(`\n== ${title}`);
  for (const s of d.steps) {
    console.log(
      `${s.name.padEnd(15)} ${s.inputFraction.toFixed(6).padStart(10)} → ${s.outputFraction.toFixed(6).padEnd(10)} ${s.reason}`,
    );
  }
  console.log(`contracts: ${d.contracts}${d.zeroReason ? `  (zero because ${d.zeroReason})` : ''}`);
}

const trades = loadEsHourlyMomentumTrades();
const split = Math.floor((trades.length * 2) / 3);
const model = fitSignalStrengthModel(trades.slice(0, split));
const history = trades.slice(0, -1).map((t) => t.pnl);
const next = trades[trades.length - 1]!;
const stats = tradeStats(history, { window: 100, minTrades: 30 });
console.log(
  `ES hourly momentum history: ${history.length} trades; last 100: win rate ${stats.winRate.toFixed(3)}, ` +
    `avg win $${stats.averageWin.toFixed(2)}, avg loss $${stats.averageLoss.toFixed(2)}, ` +
    `payoff ${stats.payoffRatio.toFixed(3)}, expectancy $${stats.expectancy.toFixed(2)}/trade (gross)`,
);

// Default basis 'risk': the fraction is of equity lost at the stop. An 8-point protective stop
// ($400 a contract plus costs) on a $100k account, 5 % margin in use by other positions.
const common: SizingInput<{ signalPoints: number }> = {
  capital: 100_000,
  price: next.entry,
  pointValue: ES_POINT_VALUE,
  winProbability: model,
  features: { signalPoints: next.signalPoints },
  payoff: stats,
  costPerTrade: COST_PER_TRADE,
  realizedAnnualizedVolatility: annualisedVolatilityOfHourlyReturns(trades.slice(0, -1)),
  drawdown: drawdownOf(history, 100_000),
  stopDistance: 8,
  roundTripCostUsd: COST_PER_TRADE,
  marginPerContract: 12_000,
  marginInUse: 5_000,
  // The gate's budget: min(maxTradeRiskUsd 500, daily-loss limit 1,000 − 0 lost today).
  riskBudgetUsd: 500,
};

print(
  `model probability for the next trade (signal ${next.signalPoints} pts), risk basis, $100k`,
  sizePosition(common),
);

print(
  'a confident model (p = 0.58) with an open NQ position (assumed correlation 0.9), risk basis, $100k',
  sizePosition({
    ...common,
    winProbability: 0.58,
    openPositionCorrelation: [
      [1, 0.9],
      [0.9, 1],
    ],
  }),
);

// The original system's notional basis (5 % of equity as notional): one ES needs $1.8M here.
print(
  'p = 0.58, notional basis: $100k account',
  sizePosition({ ...common, winProbability: 0.58, settings: { basis: 'notional' } }),
);
