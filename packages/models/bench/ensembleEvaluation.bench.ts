/**
 * Ensemble evaluation speed: `evaluate()` of the logistic, XGBoost, random-forest and stacking
 * models on the bundled ES 1-minute bars (the same model settings as `scripts/evaluate.ts`),
 * sequential (every fit on the main thread, one after another: the baseline) against the parallel
 * path (tree fits on a `TreeWorkerPool`, the fold's models and the ensemble's member fits in
 * flight at once), with and without the pool's booster cache, and the cache alone (one worker, one
 * fit at a time), in the same run, alternating. The reports must be identical apart from timings.
 * Ends with the issue's target (≥ 2×) beside the measured ratios, PASS or MISS.
 *
 *   pnpm tsx packages/models/bench/ensembleEvaluation.bench.ts [--train 4000] [--test 1000] [--folds 2] [--rounds 2] [--workers 2]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  type EvaluationReport,
  evaluate,
  FeaturePipeline,
  LogisticRegressionModel,
  loadBarsCsv,
  type Model,
  prepareEvaluationData,
  RandomForestModel,
  StackingEnsemble,
  TreeWorkerPool,
  XgboostModel,
} from '../src/index.js';
import { printVerdicts } from './verdict.js';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '4000' },
    test: { type: 'string', default: '1000' },
    folds: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
  },
});
const csv = new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url).pathname;
const { bars } = await loadBarsCsv(csv, { contract: 'ES201312' });
const pipeline = new FeaturePipeline({
  session: { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 },
});
const features = pipeline.compute(bars);
const window = 10;
const data = prepareEvaluationData({
  close: bars.close,
  features,
  horizon: 1,
  sequenceLength: window,
  time: features.time,
});
const regimeColumn = (window - 1) * features.cols + features.names.indexOf('atr_ratio');

function models(workers: TreeWorkerPool | undefined, concurrency: number): Record<string, () => Model> {
  const w = workers ? { workers } : {};
  const m: Record<string, () => Model> = {
    logistic: () => new LogisticRegressionModel({ l2: 10 }),
    xgboost: () => new XgboostModel({ rounds: 100, maxDepth: 3, eta: 0.05, seed: 1, ...w }),
    'random-forest': () => new RandomForestModel({ trees: 100, maxDepth: 5, seed: 1, ...w }),
  };
  m.ensemble = () =>
    new StackingEnsemble({
      members: [
        { name: 'logistic', create: m.logistic! },
        { name: 'xgboost', create: m.xgboost! },
        { name: 'random-forest', create: m['random-forest']! },
      ],
      folds: 3,
      purge: 1,
      regimeColumn,
      concurrency,
    });
  return m;
}

/**
 * One timed evaluation. `size` 0: the sequential baseline (no pool, no cache). `size` 1 with
 * `concurrency` 1: one fit at a time on one worker while the main thread waits — the booster
 * cache's effect without any parallelism.
 */
async function run(
  size: number,
  cacheSize: number,
  concurrency: number,
): Promise<{ ms: number; report: EvaluationReport; hits: number; busy: number }> {
  const parallel = size > 0;
  const workers = parallel ? new TreeWorkerPool({ size, cacheSize }) : undefined;
  if (workers) {
    // Start every worker before the clock starts (distinct tiny fits, so none is a cache hit).
    const tiny = Float32Array.of(0, 1, 1, 0, 0, 0, 1, 1);
    const labels = Float32Array.of(0, 1, 0, 1);
    await Promise.all(
      Array.from({ length: size }, (_, i) =>
        workers.train(tiny, labels, 4, 2, { seed: String(i), silent: '1' }, 1),
      ),
    );
  }
  const elu0 = performance.eventLoopUtilization();
  const t = performance.now();
  const report = await evaluate(data, {
    dataset: 'ES201312 1m',
    models: models(workers, concurrency),
    horizon: 1,
    mode: 'expanding',
    trainSize: Number(values.train),
    testSize: Number(values.test),
    maxFolds: Number(values.folds),
    costPerUnit: 0.25 / 1780,
    concurrency,
  });
  const ms = performance.now() - t;
  // Main-thread busy share: what the workers cannot take (logistic fits, predictions, restores).
  const busy = performance.eventLoopUtilization(elu0).utilization;
  const hits = workers?.stats().cacheHits ?? 0; // the warm-up fits are never hits
  await workers?.close();
  return { ms, report, hits, busy };
}

/** The report without wall-clock fields. */
function results(r: EvaluationReport): string {
  return JSON.stringify(r, (k, v) => (k === 'timings' || k === 'durationMs' || k === 'fit' ? undefined : v));
}

console.log(
  `ES201312 1-minute: ${data.X.rows} samples × ${data.X.cols} columns; train ${values.train}, test ${values.test}, ${values.folds} folds; ${values.workers} workers; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
// Warm-up (wasm compile, worker start-up code paths), not timed.
await run(0, 0, 1);
const seq: number[] = [];
const cacheOnly: number[] = [];
const par: number[] = [];
const parNoCache: number[] = [];
const W = Number(values.workers);
let reference: string | undefined;
for (let r = 0; r < Number(values.rounds); r++) {
  for (const [label, size, cache, concurrency, into] of [
    ['sequential', 0, 0, 1, seq],
    ['1 worker, one fit at a time, booster cache', 1, 16, 1, cacheOnly],
    ['parallel', W, 16, 4, par],
    ['parallel, no cache', W, 0, 4, parNoCache],
  ] as const) {
    const { ms, report, hits, busy } = await run(size, cache, concurrency);
    const got = results(report);
    reference ??= got;
    if (got !== reference) throw new Error(`${label}: the report differs from the sequential one`);
    into.push(ms);
    console.log(
      `round ${r + 1} ${label}: ${(ms / 1000).toFixed(1)} s${size > 0 ? `, ${hits} cache hits` : ''}, main thread busy ${(100 * busy).toFixed(0)}% (load ${loadavg()[0]!.toFixed(2)})`,
    );
  }
}
const best = (xs: number[]) => Math.min(...xs);
console.log('\n| path | best s | speed-up vs sequential |');
console.log('|---|---:|---:|');
console.log(`| sequential (baseline) | ${(best(seq) / 1000).toFixed(1)} | 1.0× |`);
console.log(
  `| 1 worker, one fit at a time, booster cache | ${(best(cacheOnly) / 1000).toFixed(1)} | ${(best(seq) / best(cacheOnly)).toFixed(2)}× |`,
);
console.log(
  `| parallel, ${values.workers} workers | ${(best(par) / 1000).toFixed(1)} | ${(best(seq) / best(par)).toFixed(2)}× |`,
);
console.log(
  `| parallel, ${values.workers} workers, no booster cache | ${(best(parNoCache) / 1000).toFixed(1)} | ${(best(seq) / best(parNoCache)).toFixed(2)}× |`,
);
console.log('\nreports identical to the sequential one');
// The issue: "make the ensemble evaluation at least 2× faster on the same data without changing
// its results". The baseline is the sequential path (every fit on the main thread, no cache).
printVerdicts([
  {
    what: `ensemble evaluation, ${values.workers} workers + booster cache, vs sequential`,
    target: '≥ 2×',
    measured: `${(best(seq) / best(par)).toFixed(2)}×`,
    pass: best(seq) / best(par) >= 2,
  },
  {
    what: `ensemble evaluation, ${values.workers} workers, no booster cache, vs sequential`,
    target: '≥ 2×',
    measured: `${(best(seq) / best(parNoCache)).toFixed(2)}×`,
    pass: best(seq) / best(parNoCache) >= 2,
  },
]);
