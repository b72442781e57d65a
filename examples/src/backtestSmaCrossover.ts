/**
 * Backtests the SMA(10/30) crossover on the bundled ES 1-minute bars (ESZ13, 16,673 bars) through
 * the event-driven path — streaming SMAs, the order manager, the paper broker on a simulated
 * clock — with 1 contract, $2.50 per contract per fill and 1 tick of slippage, market orders at the
 * next bar's open, the last position closed at the last close. Prints both statistics tables and
 * writes the equity curve and the trades as CSV.
 *
 *   pnpm --filter @minhos/examples exec tsx src/backtestSmaCrossover.ts [outDir]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId } from '@minhos/core';
import { eventBacktest, smaCrossoverStrategy } from '@minhos/engine';
import { report } from './backtestReport.js';
import { loadEsMinuteBars } from './esBars.js';

const outDir = process.argv[2] ?? join(tmpdir(), 'minhos-backtest-sma');
const bars = loadEsMinuteBars().toBars();
const es = {
  instrumentId: instrumentId('ESZ13.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
};
const commission = 2.5;
const run = await eventBacktest({
  series: [{ instrument: es, bars }],
  strategy: smaCrossoverStrategy({ fast: 10, slow: 30, quantity: 1 }),
  startingCapital: 100_000,
  commissionPerContract: commission,
  slippageTicks: 1,
  closeAtEnd: 'lastClose',
});
console.log(
  `SMA(10/30) crossover on ${bars.length} ES 1-minute bars: ${run.orderCount} orders, ${run.trades.length} trades`,
);
report(run, bars, outDir, commission);
run.store.close();
run.broker.close();
