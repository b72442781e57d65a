/**
 * Backtest throughput and decision latency, each beside a baseline measured in this run:
 *
 * 1. SMA(10/30) crossover over N seeded random-walk 1-minute bars (default 1 M) through the
 *    event-driven path (`eventBacktest`: streaming SMAs, OMS with its SQLite store in memory, paper
 *    broker, simulated clock) vs a plain typed-array loop computing the same crossover and P&L.
 *    Prints bars/s of both and their ratio (target ≥ 1 M bars/s for the event-driven path), and
 *    checks both found the same number of crossings.
 * 2. The AI pipeline (traditional TA + a logistic-regression member on the model features, market
 *    state, fusion, Kelly, full_auto, risk gate, decision + quality records) over M bars: bars/s,
 *    and decision latency bar → order (strategy.onBar start → executor done) p50/p99.
 *
 *   pnpm tsx --tsconfig packages/engine/tsconfig.json packages/engine/bench/eventBacktest.bench.ts [--bars 1000000] [--aiBars 20000]
 */
import { loadavg } from 'node:os';
import { type Bar, instrumentId, SimulatedClock } from '@minhos/core';
import { FeaturePipeline, LogisticRegressionModel, matrix, sma } from '@minhos/models';
import {
  aiStrategy,
  DecisionPipeline,
  eventBacktest,
  type IntentExecutor,
  modelMember,
  openStore,
  type Strategy,
  smaCrossoverStrategy,
  TradingModes,
  traditionalTaMember,
} from '../src/index.js';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const N = arg('--bars', 1_000_000);
const AI_N = arg('--aiBars', 20_000);
const ES = {
  instrumentId: instrumentId('ES.CME'),
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 0,
};

function randomWalk(n: number, seed: number): Bar[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out: Bar[] = [];
  let p = 4000;
  const t0 = Date.UTC(2024, 0, 2, 14, 30) * 1000;
  for (let i = 0; i < n; i++) {
    const open = p;
    const close = Math.max(1, Math.round((p + (rnd() - 0.5) * 4 + (i % 600 < 300 ? 0.01 : -0.01)) * 4) / 4);
    const high = Math.max(open, close) + 0.25 * Math.floor(rnd() * 3);
    const low = Math.min(open, close) - 0.25 * Math.floor(rnd() * 3);
    out.push({ time: t0 + i * 60_000_000, open, high, low, close, volume: 100 + Math.floor(rnd() * 900) });
    p = close;
  }
  return out;
}

/** The baseline: the same crossover over typed arrays (@minhos/models' batch `sma`, bit-identical to the streams), next-open fills, P&L. */
function typedArrayCrossover(
  open: Float64Array,
  close: Float64Array,
  fast: number,
  slow: number,
): { crossings: number; pnl: number } {
  const smaF = sma(close, fast);
  const smaS = sma(close, slow);
  let pf = Number.NaN;
  let ps = Number.NaN;
  let pos = 0;
  let pending = 0;
  let entry = 0;
  let pnl = 0;
  let crossings = 0;
  for (let i = 0; i < close.length; i++) {
    if (pending !== 0) {
      const px = open[i] as number;
      if (pos !== 0) pnl += pos * (px - entry) * 50;
      pos = pending;
      entry = px;
      pending = 0;
    }
    const f = smaF[i] as number;
    const s = smaS[i] as number;
    // A cross into the direction already held (after a touch) changes nothing, as in the strategy.
    const target = pf < ps && f > s ? 1 : ps < pf && s > f ? -1 : 0;
    if (target !== 0 && target !== pos) {
      pending = target;
      crossings += 1;
    }
    pf = f;
    ps = s;
  }
  return { crossings, pnl };
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// 1. SMA crossover throughput.
const bars = randomWalk(N, 42);
const open = Float64Array.from(bars, (b) => b.open);
const close = Float64Array.from(bars, (b) => b.close);
let t = performance.now();
let base = typedArrayCrossover(open, close, 10, 30);
for (let k = 0; k < 4; k++) base = typedArrayCrossover(open, close, 10, 30);
const baseSec = (performance.now() - t) / 5 / 1000;
t = performance.now();
const run = await eventBacktest({
  series: [{ instrument: ES, bars }],
  strategy: smaCrossoverStrategy({ fast: 10, slow: 30, quantity: 1 }),
  startingCapital: 1_000_000,
});
const evSec = (performance.now() - t) / 1000;
const entries = run.oms.orders().length;
console.log(`SMA(10/30) crossover, ${fmt(N)} bars:`);
console.log(
  `  plain typed-array loop   ${fmt(N / baseSec).padStart(14)} bars/s  (${base.crossings} position changes)`,
);
console.log(
  `  event-driven path        ${fmt(N / evSec).padStart(14)} bars/s  (${entries} orders, ${run.trades.length} trades)`,
);
console.log(
  `  ratio event-driven / typed-array loop: ${(baseSec / evSec).toFixed(4)} (target: ≥ 1,000,000 bars/s event-driven: ${N / evSec >= 1e6 ? 'met' : 'NOT met'})`,
);
if (entries !== base.crossings)
  console.log(`  WARNING: ${entries} orders vs ${base.crossings} position changes`);
run.store.close();
run.broker.close();

// 2. AI pipeline.
const aiBars = randomWalk(AI_N, 7).map((b, i) => ({ ...b, time: b.time + i * 14 * 60_000_000 })); // 15-minute spacing
const features = new FeaturePipeline();
const train = aiBars.slice(0, Math.floor(AI_N / 4));
const col = (k: keyof Bar) => Float64Array.from(train, (b) => b[k]);
const fm = features.compute({
  time: col('time'),
  open: col('open'),
  high: col('high'),
  low: col('low'),
  close: col('close'),
  volume: col('volume'),
});
const rows: number[] = [];
const y: number[] = [];
for (let r = 0; r < fm.rows - 1; r++) {
  const row = Array.from(fm.data.subarray(r * fm.cols, (r + 1) * fm.cols));
  if (row.some((v) => !Number.isFinite(v))) continue;
  rows.push(...row);
  y.push((train[r + 1] as Bar).close > (train[r] as Bar).close ? 1 : 0);
}
const logit = new LogisticRegressionModel({ name: 'bench-logit' });
await logit.fit(matrix(Float64Array.from(rows), y.length, fm.cols), Uint8Array.from(y));
const clock = new SimulatedClock((aiBars[0] as Bar).time);
const opened = openStore(':memory:');
if (!opened.ok) throw opened.error;
const store = opened.value;
const modes = new TradingModes({
  clock,
  store,
  mode: 'full_auto',
  autonomousThreshold: 0.05,
  approvalTimeoutSeconds: 60,
});
const bracket = { stopLossPoints: 4, takeProfitPoints: 8 };
const pipeline = new DecisionPipeline({
  modes,
  store,
  instruments: [ES],
  bracket,
  commissionPerContract: 2.5,
});
const inner = aiStrategy({
  members: [traditionalTaMember(), modelMember({ name: 'ensemble', features }, logit)],
  fusion: { weights: { 'traditional-ta': 1, ensemble: 1 } },
  regime: { window: 30 },
  bracket,
});
let started = 0;
const latencies: number[] = [];
const timed: Strategy = {
  ...inner,
  onBar(ctx) {
    started = performance.now();
    return inner.onBar(ctx);
  },
};
const executor: IntentExecutor = async (intent, ctx) => {
  await pipeline.executor(intent, ctx);
  latencies.push(performance.now() - started);
};
t = performance.now();
const ai = await eventBacktest({
  series: [{ instrument: ES, bars: aiBars }],
  strategy: timed,
  executor,
  gate: pipeline.gate(),
  clock,
  store,
  startingCapital: 1_000_000,
  commissionPerContract: 2.5,
  scheduled: [{ at: (aiBars[0] as Bar).time, run: (h) => pipeline.attach(h.oms) }],
});
const aiSec = (performance.now() - t) / 1000;
latencies.sort((a, b) => a - b);
const q = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
console.log(
  `AI pipeline (traditional TA + logistic member, regime, fusion, Kelly, gate, records), ${fmt(AI_N)} bars:`,
);
const outcomes: Record<string, number> = {};
for (const d of pipeline.decisions()) outcomes[d.outcome.status] = (outcomes[d.outcome.status] ?? 0) + 1;
console.log(
  `  ${fmt(AI_N / aiSec)} bars/s; ${latencies.length} decisions ${JSON.stringify(outcomes)}, ${ai.oms.orders().length} orders`,
);
const zero = pipeline.decisions().find((d) => d.outcome.status !== 'submitted');
if (zero !== undefined) console.log('  e.g.', JSON.stringify(zero.outcome), zero.sizing?.zeroReason ?? '');
console.log(`  decision latency bar → order: p50 ${q(0.5).toFixed(3)} ms, p99 ${q(0.99).toFixed(3)} ms`);
console.log(
  `  baseline in this run: plain typed-array crossover ${fmt(N / baseSec)} bars/s (ratio ${(AI_N / aiSec / (N / baseSec)).toFixed(5)})`,
);
store.close();
ai.broker.close();
