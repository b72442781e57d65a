/**
 * Backtest throughput and decision latency, each beside a baseline measured in this run:
 *
 * 1. SMA(10/30) crossover over N seeded random-walk 1-minute bars (default 1 M) through the
 *    event-driven path (`eventBacktest`: streaming SMAs, the real OMS on a `MemoryStore` — plain
 *    maps, no SQL: crash safety is not needed in a backtest — the paper broker with its books in
 *    memory, simulated clock) vs a plain typed-array loop computing the same crossover and P&L.
 *    The bars go in twice, as `Bar` objects and as a `BarSeries` of columns (the same run, bar for
 *    bar). Prints bars/s of each (wall clock and per CPU-second of this process: the machine is
 *    shared), their ratio to the loop (target ≥ 1 M bars/s for the event-driven path), the GC pauses
 *    inside each run, and checks every run found the same number of position changes. Each measured
 *    section starts from a collected heap (`gc()` through `--expose-gc` set at run time), so garbage
 *    of the setup is not collected inside a measurement; the GC a run causes itself stays in it.
 * 2. The AI pipeline (traditional TA + a logistic-regression member on the model features, market
 *    state, fusion, Kelly, full_auto, risk gate, decision + quality records) over M bars: bars/s,
 *    and decision latency bar → order (strategy.onBar start → executor done) p50/p99. The model
 *    trains on its own seeded series before the run, so any `--aiBars` works; bars inside the
 *    features' warm-up make no decision (printed).
 * 3. The same pipeline with the default-size LSTM-attention model (20 steps, 200 units, 4 heads ×
 *    50, trained on TensorFlow.js's wasm backend) as the model member, over `--lstmBars` bars
 *    (default 1,000): decision latency p50/p99 (target p99 ≤ 20 ms). The member calls the model's
 *    `predictProba` with one row, which the model serves through its batch-1 forward pass. Trained
 *    for one epoch only: the latency depends on the network's size, not on its weights.
 *
 *   pnpm tsx --tsconfig packages/engine/tsconfig.json packages/engine/bench/eventBacktest.bench.ts [--bars 1000000] [--aiBars 20000] [--lstmBars 1000]
 */
import { loadavg } from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type Bar, BarSeries, instrumentId, SimulatedClock } from '@minhos/core';
import {
  FeaturePipeline,
  initTfBackend,
  LogisticRegressionModel,
  LSTM_SERVING_MAX_ROWS,
  LstmAttentionModel,
  type Model,
  matrix,
  sma,
} from '@minhos/models';
import {
  aiStrategy,
  DecisionPipeline,
  eventBacktest,
  type IntentExecutor,
  MemoryStore,
  modelMember,
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
const LSTM_N = arg('--lstmBars', 1_000);
for (const [name, v] of [
  ['--bars', N],
  ['--aiBars', AI_N],
  ['--lstmBars', LSTM_N],
] as const) {
  if (!(Number.isInteger(v) && v >= 1)) throw new Error(`${name} must be a whole number ≥ 1, got ${v}`);
}
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

// Every measured section starts from a collected heap, as benchmark harnesses do, so garbage the
// setup left (a million input bars, the warm-up run) is not collected inside the measurement; the
// GC the measured run causes itself stays in it and is printed beside it.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const gcEntries: { start: number; duration: number; kind: number }[] = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcEntries.push({
      start: e.startTime,
      duration: e.duration,
      kind: (e.detail as { kind?: number } | null)?.kind ?? 0,
    });
  }
});
gcObserver.observe({ entryTypes: ['gc'] });
/** GC pauses (ms) between two `performance.now()` readings, once the observer has delivered them. */
async function gcPausesIn(from: number, to: number): Promise<{ total: number; major: number }> {
  await new Promise((r) => setTimeout(r, 0));
  let total = 0;
  let major = 0;
  for (const e of gcEntries) {
    if (e.start < from || e.start > to) continue;
    total += e.duration;
    // perf_hooks.constants.NODE_PERFORMANCE_GC_MAJOR = 4 (mark-compact).
    if (e.kind === 4) major += e.duration;
  }
  return { total, major };
}
console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// 1. SMA crossover throughput, with the bars given as objects (`Bar[]`) and as columns (`BarSeries`).
let bars: Bar[] | undefined = randomWalk(N, 42);
const columns = BarSeries.fromBars(bars);
const { open, close } = columns;
collect();
const t = performance.now();
let base = typedArrayCrossover(open, close, 10, 30);
for (let k = 0; k < 4; k++) base = typedArrayCrossover(open, close, 10, 30);
const baseSec = (performance.now() - t) / 5 / 1000;
const sma1030 = () => smaCrossoverStrategy({ fast: 10, slow: 30, quantity: 1 });
// Warm-up (JIT) on a tenth of the bars, both inputs, then the measured runs.
const warmN = Math.max(1000, Math.floor(N / 10));
for (const input of [bars.slice(0, warmN), columns.slice(0, warmN)]) {
  const warm = await eventBacktest({
    series: [{ instrument: ES, bars: input }],
    strategy: sma1030(),
    startingCapital: 1_000_000,
  });
  warm.store.close();
  warm.broker.close();
}
console.log(
  `SMA(10/30) crossover, ${fmt(N)} bars (store: MemoryStore, paper venue books in memory); every measured section starts from a collected heap:`,
);
console.log(
  `  plain typed-array loop          ${fmt(N / baseSec).padStart(14)} bars/s  (${base.crossings} position changes)`,
);
/** One measured run; prints its line and returns bars/s. */
async function throughput(label: string, input: readonly Bar[] | BarSeries): Promise<number> {
  collect();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = await eventBacktest({
    series: [{ instrument: ES, bars: input }],
    strategy: sma1030(),
    startingCapital: 1_000_000,
  });
  const t1 = performance.now();
  const sec = (t1 - t0) / 1000;
  const gcIn = await gcPausesIn(t0, t1);
  const cpu = process.cpuUsage(cpu0);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  const entries = run.oms.orders().length;
  const finalEquity = run.equity[run.equity.length - 1] as number;
  console.log(
    `  ${label.padEnd(31)} ${fmt(N / sec).padStart(14)} bars/s  (${fmt(N / cpuSec)} bars per CPU-second; ${entries} orders, ${run.trades.length} trades, final equity ${fmt(finalEquity)})`,
  );
  console.log(
    `    GC pauses inside the run: ${gcIn.total.toFixed(1)} ms (${((gcIn.total / 1000 / sec) * 100).toFixed(1)} % of it; mark-compact ${gcIn.major.toFixed(1)} ms); ratio to the typed-array loop ${(baseSec / sec).toFixed(4)}; target ≥ 1,000,000 bars/s: ${N / sec >= 1e6 ? 'met' : 'NOT met'}`,
  );
  if (entries !== base.crossings)
    console.log(`    WARNING: ${entries} orders vs ${base.crossings} position changes`);
  run.store.close();
  run.broker.close();
  return N / sec;
}
await throughput('event-driven, Bar[] input', bars);
// Without the million bar objects on the heap (a run over columns does not need them).
bars = undefined;
await throughput('event-driven, BarSeries input', columns);

// 2. AI pipeline.
const features = new FeaturePipeline();
/** Feature rows (defined ones) of a series, and next-bar-up labels. */
function trainingRows(series: readonly Bar[]): {
  data: Float64Array;
  rows: number;
  cols: number;
  y: Uint8Array;
} {
  const col = (k: keyof Bar) => Float64Array.from(series, (b) => b[k]);
  const fm = features.compute({
    time: col('time'),
    open: col('open'),
    high: col('high'),
    low: col('low'),
    close: col('close'),
    volume: col('volume'),
  });
  const out: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < fm.rows - 1; r++) {
    const row = fm.data.subarray(r * fm.cols, (r + 1) * fm.cols);
    if (row.some((v) => !Number.isFinite(v))) continue;
    out.push(...row);
    y.push((series[r + 1] as Bar).close > (series[r] as Bar).close ? 1 : 0);
  }
  return { data: Float64Array.from(out), rows: y.length, cols: fm.cols, y: Uint8Array.from(y) };
}
const spaced = (bars: Bar[]) => bars.map((b, i) => ({ ...b, time: b.time + i * 14 * 60_000_000 })); // 15-minute spacing
// The model trains on its own seeded series (before the run's first bar), so the run can be any length.
const trainBars = spaced(randomWalk(Math.max(3_000, Math.floor(AI_N / 4)), 11));
const train = trainingRows(trainBars);
if (train.rows < 2) throw new Error(`AI bench: only ${train.rows} training rows after the feature warm-up`);
const logit = new LogisticRegressionModel({ name: 'bench-logit' });
await logit.fit(matrix(train.data, train.rows, train.cols), train.y);

const bracket = { stopLossPoints: 4, takeProfitPoints: 8 };
/** Runs the AI pipeline with one model member over `bars`: bars/s, latencies, outcomes. */
async function aiRun(
  bars: readonly Bar[],
  member: { name: string; model: Model; steps: number },
): Promise<{
  seconds: number;
  latencies: number[];
  outcomes: Record<string, number>;
  orders: number;
  note: string;
}> {
  const clock = new SimulatedClock((bars[0] as Bar).time);
  const store = new MemoryStore();
  const modes = new TradingModes({
    clock,
    store,
    mode: 'full_auto',
    autonomousThreshold: 0.05,
    approvalTimeoutSeconds: 60,
  });
  const pipeline = new DecisionPipeline({
    modes,
    store,
    instruments: [ES],
    bracket,
    commissionPerContract: 2.5,
  });
  const inner = aiStrategy({
    members: [
      traditionalTaMember(),
      modelMember({ name: member.name, features, steps: member.steps }, member.model, 'active', member.name),
    ],
    fusion: { weights: { 'traditional-ta': 1, [member.name]: 1 } },
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
  const t0 = performance.now();
  const ai = await eventBacktest({
    series: [{ instrument: ES, bars }],
    strategy: timed,
    executor,
    gate: pipeline.gate(),
    clock,
    store,
    startingCapital: 1_000_000,
    commissionPerContract: 2.5,
    scheduled: [{ at: (bars[0] as Bar).time, run: (h) => pipeline.attach(h.oms) }],
  });
  const seconds = (performance.now() - t0) / 1000;
  const outcomes: Record<string, number> = {};
  for (const d of pipeline.decisions()) outcomes[d.outcome.status] = (outcomes[d.outcome.status] ?? 0) + 1;
  const zero = pipeline.decisions().find((d) => d.outcome.status !== 'submitted');
  const note = zero === undefined ? '' : `${JSON.stringify(zero.outcome)} ${zero.sizing?.zeroReason ?? ''}`;
  const orders = ai.oms.orders().length;
  store.close();
  ai.broker.close();
  latencies.sort((a, b) => a - b);
  return { seconds, latencies, outcomes, orders, note };
}
const q = (xs: readonly number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN;
const latencyLine = (xs: readonly number[], bars: number) =>
  xs.length === 0
    ? `  no decision: all ${bars} bars are inside the warm-up of the features/indicators (use more bars)`
    : `  decision latency bar → order: p50 ${q(xs, 0.5).toFixed(3)} ms, p99 ${q(xs, 0.99).toFixed(3)} ms (${xs.length} decisions)`;

const aiBars = spaced(randomWalk(AI_N, 7)).map((b) => ({ ...b, time: b.time + 400 * 86_400_000_000 }));
const small = await aiRun(aiBars, { name: 'ensemble', model: logit, steps: 1 });
console.log(
  `AI pipeline (traditional TA + logistic member, regime, fusion, Kelly, gate, records; MemoryStore), ${fmt(AI_N)} bars:`,
);
console.log(
  `  ${fmt(AI_N / small.seconds)} bars/s; ${small.latencies.length} decisions ${JSON.stringify(small.outcomes)}, ${small.orders} orders`,
);
if (small.note !== '') console.log('  e.g.', small.note);
console.log(latencyLine(small.latencies, AI_N));
console.log(
  `  baseline in this run: plain typed-array crossover ${fmt(N / baseSec)} bars/s (ratio ${(AI_N / small.seconds / (N / baseSec)).toFixed(5)})`,
);

// 3. Default-size LSTM on wasm.
const backend = await initTfBackend({ candidates: ['wasm', 'cpu'] });
const lstm = new LstmAttentionModel({
  name: 'bench-lstm',
  features: train.cols,
  epochs: 1,
  batchSize: 64,
  seed: 3,
});
const steps = lstm.options.steps;
const windows = Math.min(256, train.rows - steps);
const X = new Float64Array(windows * steps * train.cols);
const yl = new Uint8Array(windows);
for (let w = 0; w < windows; w++) {
  X.set(train.data.subarray(w * train.cols, (w + steps) * train.cols), w * steps * train.cols);
  yl[w] = train.y[w + steps - 1] as number;
}
const tFit = performance.now();
await lstm.fit(matrix(X, windows, steps * train.cols), yl);
const fitSec = (performance.now() - tFit) / 1000;
const lstmBars = aiBars.slice(0, LSTM_N);
const big = await aiRun(lstmBars, { name: 'lstm', model: lstm, steps });
const o = lstm.options;
console.log(
  `AI pipeline with the default-size LSTM-attention (${steps} steps × ${train.cols} features, ${o.units} units, ${o.heads} heads × ${o.keyDim}) on tfjs ${backend.backend} (${backend.reason}), ${fmt(lstmBars.length)} bars (1-epoch fit on ${windows} windows: ${fitSec.toFixed(1)} s):`,
);
console.log(
  `  ${fmt(lstmBars.length / big.seconds)} bars/s; ${big.latencies.length} decisions ${JSON.stringify(big.outcomes)}`,
);
console.log(latencyLine(big.latencies, lstmBars.length));
const p99 = q(big.latencies, 0.99);
const verdict = (p: number) => (Number.isFinite(p) ? (p <= 20 ? 'met' : 'NOT met') : 'not measured');
console.log(
  `  target p99 ≤ 20 ms with the default-size LSTM on wasm: ${verdict(p99)} (${p99.toFixed(2)} ms; a decision's one row goes through the model's batch-1 forward pass, LSTM_SERVING_MAX_ROWS = ${LSTM_SERVING_MAX_ROWS}); load average ${loadavg()[0]?.toFixed(1)}`,
);
lstm.dispose();
gcObserver.disconnect();
