/**
 * Backtests the AI decision pipeline on the bundled ES bars (ESZ13 1-minute bars aggregated to 15
 * minutes): the original's traditional TA rules plus the LSTM and the ensemble from the model
 * registry (`./.minhos/models`; a missing or untrained model weighs 0 and every decision says so),
 * market-state regime, fusion, Kelly sizing on the risk basis with the bracket's stop, full_auto at
 * the threshold, the order manager's gate, the paper broker on a simulated clock. Prints the
 * members' status, the decision outcomes, the decision-quality summary, both statistics tables,
 * one decision record, and writes the equity curve and trades as CSV.
 *
 *   pnpm --filter @minhos/examples exec tsx src/backtestAiPipeline.ts [outDir] [threshold=0.6] [registryDir]
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bar, instrumentId, SimulatedClock } from '@minhos/core';
import {
  aiStrategy,
  DecisionPipeline,
  eventBacktest,
  openStore,
  registryMember,
  TradingModes,
  traditionalTaMember,
} from '@minhos/engine';
import { FeaturePipeline, ModelRegistry } from '@minhos/models';
import { report } from './backtestReport.js';
import { loadEsMinuteBars } from './esBars.js';

const outDir = process.argv[2] ?? join(tmpdir(), 'minhos-backtest-ai');
const threshold = Number(process.argv[3] ?? 0.6);
const registry = new ModelRegistry(process.argv[4] ?? './.minhos/models');

function aggregate(bars: readonly Bar[], minutes: number): Bar[] {
  const span = minutes * 60_000_000;
  const out: Bar[] = [];
  for (const b of bars) {
    const t = Math.floor(b.time / span) * span;
    const last = out[out.length - 1];
    if (last === undefined || last.time !== t) out.push({ ...b, time: t });
    else {
      out[out.length - 1] = {
        time: t,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
        volume: last.volume + b.volume,
      };
    }
  }
  return out;
}

const bars = aggregate(loadEsMinuteBars().toBars(), 15);
const es = {
  instrumentId: instrumentId('ESZ13.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
};
const commission = 2.5;
const bracket = { stopLossPoints: 4, takeProfitPoints: 8 };
const clock = new SimulatedClock((bars[0] as Bar).time);
const opened = openStore(':memory:');
if (!opened.ok) throw opened.error;
const store = opened.value;
const modes = new TradingModes({
  clock,
  store,
  mode: 'full_auto',
  autonomousThreshold: threshold,
  approvalTimeoutSeconds: 300,
});
const pipeline = new DecisionPipeline({
  modes,
  store,
  instruments: [es],
  bracket,
  commissionPerContract: commission,
  strategyName: 'ai-pipeline',
});
const features = new FeaturePipeline();
const lstm = await registryMember(registry, { name: 'lstm', model: 'lstm', features, steps: 20 });
const ensemble = await registryMember(registry, { name: 'ensemble', model: 'ensemble', features });
for (const m of [lstm, ensemble]) console.log(`member ${m.name}: ${m.loadState} (${m.loadReason})`);
const strategy = aiStrategy({
  members: [traditionalTaMember(), lstm, ensemble],
  fusion: { weights: { 'traditional-ta': 1, lstm: 1.5, ensemble: 1.5 } },
  regime: { window: 30 },
  bracket,
});
const run = await eventBacktest({
  series: [{ instrument: es, bars }],
  strategy,
  executor: pipeline.executor,
  gate: pipeline.gate(),
  clock,
  store,
  startingCapital: 100_000,
  commissionPerContract: commission,
  slippageTicks: 1,
  closeAtEnd: 'lastClose',
  scheduled: [{ at: (bars[0] as Bar).time, run: (h) => pipeline.attach(h.oms) }],
});
const outcomes: Record<string, number> = {};
for (const d of pipeline.decisions()) outcomes[d.outcome.status] = (outcomes[d.outcome.status] ?? 0) + 1;
console.log(
  `AI pipeline on ${bars.length} ES 15-minute bars, threshold ${threshold}: ${pipeline.decisions().length} decisions ${JSON.stringify(outcomes)}, ${run.orderCount} orders`,
);
const q = pipeline.qualitySummary();
if (q !== undefined) {
  console.log(
    `decision quality (last ${q.count}): average ${q.averageOverall.toFixed(3)}, weakest ${q.weakestArea}, labels ${JSON.stringify(q.labels)}`,
  );
  for (const r of q.recommendations) console.log(`  ${r.priority}: ${r.message}`);
}
const sample = pipeline.decisions().find((d) => d.outcome.status === 'submitted');
if (sample !== undefined) {
  console.log('one decision record:');
  console.log(
    JSON.stringify(
      {
        ...sample,
        sizing: { ...sample.sizing, steps: sample.sizing?.steps.map((s) => `${s.name}: ${s.reason}`) },
      },
      null,
      1,
    ).slice(0, 4000),
  );
}
report(run, bars, outDir, commission);
store.close();
run.broker.close();
