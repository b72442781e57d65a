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
import { type SizingDecision, type SizingInput, sizePosition, tradeStats } from '@minhos/kelly';
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

function annualisedVolatilityOfHourlyReturns(trades: readonly EsTrade[]): number {
  const r = trades.map((t) => (t.direction * t.pnl) / ES_POINT_VALUE / t.entry);
  const mean = r.reduce((s, x) => s + x, 0) / r.length;
  const variance = r.reduce((s, x) => s + (x - mean) ** 2, 0) / (r.length - 1);
  return Math.sqrt(variance * 23 * 252); // ~23 trading hours a day
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

const common: SizingInput<{ signalPoints: number }> = {
  capital: 2_000_000,
  price: next.entry,
  pointValue: ES_POINT_VALUE,
  winProbability: model,
  features: { signalPoints: next.signalPoints },
  payoff: stats,
  costPerTrade: COST_PER_TRADE,
  realizedVolatility: annualisedVolatilityOfHourlyReturns(trades.slice(0, -1)),
  drawdown: drawdownOf(history, 2_000_000),
  marginPerContract: 12_000,
};

print(
  `model probability for the next trade (signal ${next.signalPoints} pts), notional basis, $2M`,
  sizePosition(common),
);

print(
  'a confident model (p = 0.58) with an open NQ position (assumed correlation 0.9), notional basis, $2M',
  sizePosition({
    ...common,
    winProbability: 0.58,
    openPositionCorrelation: [
      [1, 0.9],
      [0.9, 1],
    ],
  }),
);

// With basis 'risk', riskPerContract must be the real loss at the stop: the history's average loss
// ($61) understates it and would over-size (see the ES comparison in packages/kelly/README.md).
print(
  'p = 0.58, risk basis: $100k account, 8-point stop = $400 at risk per contract',
  sizePosition({
    ...common,
    capital: 100_000,
    winProbability: 0.58,
    drawdown: 0,
    riskPerContract: 8 * ES_POINT_VALUE,
    settings: { basis: 'risk' },
  }),
);
