/**
 * Monte Carlo validation of the Kelly formulas and a Kelly-vs-fixed sizing comparison, printing
 * the figures quoted in packages/kelly/README.md.
 *
 * Run: pnpm --filter @minhos/examples exec tsx src/kellyValidation.ts
 */
import { compareSizing, monteCarloKelly, type SizingOutcome, seededRandom } from '@minhos/kelly';
import { ES_POINT_VALUE, loadEsHourlyMomentumTrades } from './kellyEsTrades.js';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

for (const [p, b] of [
  [0.55, 1],
  [0.4, 2],
] as const) {
  const mc = monteCarloKelly({ p, b, trades: 1000, paths: 2000, seed: 20251122 });
  console.log(
    `\nMonte Carlo p=${p} b=${b}: f*=${mc.kellyFraction.toFixed(4)} g*=${mc.optimalGrowth.toExponential(4)} per bet, ` +
      `${mc.paths} paths × ${mc.trades} bets, seed ${mc.seed}`,
  );
  console.log(
    'multiple  f        analytic g   median g     mean g ± se            c(2−c)·g*    P(loss)  median maxDD',
  );
  for (const r of mc.rows) {
    console.log(
      `${r.multiple.toString().padEnd(9)} ${r.fraction.toFixed(4)}   ${r.analyticGrowth.toExponential(4).padEnd(12)} ` +
        `${r.medianGrowth.toExponential(4).padEnd(12)} ${r.meanGrowth.toExponential(4)} ± ${r.standardError.toExponential(1)}  ` +
        `${(r.multiple * (2 - r.multiple) * mc.optimalGrowth).toExponential(4).padEnd(12)} ${r.probabilityOfLoss.toFixed(4)}   ${pct(r.medianMaxDrawdown)}`,
    );
  }
}

function table(title: string, outcomes: readonly SizingOutcome[]): void {
  console.log(`\n${title}`);
  console.log(
    'strategy                 terminal wealth   return     max DD    log-growth/trade  trades  avg units',
  );
  for (const o of outcomes) {
    console.log(
      `${o.name.padEnd(24)} ${o.terminalWealth.toFixed(0).padStart(15)}   ${pct(o.totalReturn).padStart(8)}  ${pct(o.maxDrawdown).padStart(8)}  ` +
        `${o.logGrowthPerTrade.toExponential(3).padStart(16)}  ${String(o.tradesTaken).padStart(6)}  ${o.averageUnits.toFixed(2)}`,
    );
  }
}

// Simulated: p = 0.55, even money, $400 risked per contract, 2000 trades.
const rnd = seededRandom(7);
const simulated = Array.from({ length: 2000 }, () => (rnd() < 0.55 ? 400 : -400));
table(
  'Simulated sequence (seed 7): 2000 trades, p = 0.55, ±$400 per contract, $100k start, whole contracts',
  compareSizing({
    pnlPerUnit: simulated,
    initialCapital: 100_000,
    strategies: [
      { kind: 'fixedUnits', name: 'fixed 1 contract', units: 1 },
      { kind: 'fixedFraction', name: 'fixed 2% risk', fraction: 0.02, riskPerUnit: 400 },
      ...[0.25, 0.5, 1, 2].map((m) => ({
        kind: 'kelly' as const,
        name: `${m} × Kelly (known p, b)`,
        p: 0.55,
        b: 1,
        riskPerUnit: 400,
        multiplier: m,
        maxFraction: 1,
      })),
    ],
  }),
);

// Real: the ES hourly momentum trades, net of $17 round-trip costs.
const es = loadEsHourlyMomentumTrades().map((t) => t.pnl - (2 * 2.25 + 0.25 * ES_POINT_VALUE));
const losses = es.filter((x) => x < 0);
console.log(
  `\nES trades: mean loss $${(-losses.reduce((a, x) => a + x, 0) / losses.length).toFixed(2)}, ` +
    `worst loss $${(-Math.min(...losses)).toFixed(2)} per contract`,
);
table(
  `ES hourly momentum (ESZ13, ${es.length} trades, net of $17/contract), $100k start, walk-forward stats`,
  compareSizing({
    pnlPerUnit: es,
    initialCapital: 100_000,
    strategies: [
      { kind: 'fixedUnits', name: 'fixed 1 contract', units: 1 },
      { kind: 'fixedFraction', name: 'fixed 2% risk ($400/ct)', fraction: 0.02, riskPerUnit: 400 },
      { kind: 'kelly', name: '¼ Kelly, unit=avg loss', window: 100, minTrades: 30 },
      { kind: 'kelly', name: '½ Kelly, unit=avg loss', multiplier: 0.5, window: 100, minTrades: 30 },
      { kind: 'kelly', name: '¼ Kelly, unit=$400', window: 100, minTrades: 30, riskPerUnit: 400 },
    ],
  }),
);
