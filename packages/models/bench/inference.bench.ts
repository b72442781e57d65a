/**
 * Inference latency (batch 1, p50/p99) and training time of the models on the active tfjs backend,
 * with ratios against the logistic-regression baseline measured in the same run.
 *
 *   pnpm tsx packages/models/bench/inference.bench.ts [--units 200] [--iterations 200]
 */
import { parseArgs } from 'node:util';
import {
  initTfBackend,
  LogisticRegressionModel,
  LstmAttentionModel,
  type Matrix,
  type Model,
  RandomForestModel,
  StackingEnsemble,
  XgboostModel,
} from '../src/index.js';
import { mulberry32 } from '../src/internal/rng.js';

const { values } = parseArgs({
  options: {
    units: { type: 'string', default: '200' },
    iterations: { type: 'string', default: '200' },
    samples: { type: 'string', default: '256' },
  },
});
const UNITS = Number(values.units);
const ITER = Number(values.iterations);
const STEPS = 20;
const FEATURES = 8;
const WIDTH = STEPS * FEATURES;

function randomData(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const r = mulberry32(seed);
  const data = new Float32Array(n * WIDTH);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < WIDTH; j++) {
      const v = r() * 2 - 1;
      data[i * WIDTH + j] = v;
      if (j % FEATURES === 0) s += v;
    }
    y[i] = s + (r() - 0.5) > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: WIDTH, data }, y };
}

async function latency(model: Model, X: Matrix): Promise<{ p50: number; p99: number }> {
  const row = (i: number): Matrix => ({
    rows: 1,
    cols: WIDTH,
    data: X.data.subarray(i * WIDTH, (i + 1) * WIDTH),
  });
  for (let i = 0; i < 10; i++) await model.predictProba(row(i % X.rows));
  const times: number[] = [];
  for (let i = 0; i < ITER; i++) {
    const t = performance.now();
    await model.predictProba(row(i % X.rows));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { p50: q(0.5), p99: q(0.99) };
}

const backend = await initTfBackend();
console.log(
  `tfjs backend: ${backend.backend} (${backend.reason}); skipped: ${backend.skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}`,
);
console.log(
  `input ${STEPS} steps × ${FEATURES} features; LSTM ${UNITS} units, 4 heads × key dim 50; ${ITER} batch-1 predictions each\n`,
);

const nTrain = Number(values.samples);
const { X, y } = randomData(nTrain, 1);
const lstmOptions = {
  units: UNITS,
  heads: 4,
  keyDim: 50,
  steps: STEPS,
  features: FEATURES,
  epochs: 1,
  batchSize: 64,
  validationFraction: 0,
};

const logistic = new LogisticRegressionModel();
const logisticFit = (await logistic.fit(X, y)).durationMs;
const xgb = new XgboostModel({ rounds: 200, maxDepth: 4 });
const xgbFit = (await xgb.fit(X, y)).durationMs;
const rf = new RandomForestModel({ trees: 200, maxDepth: 6 });
const rfFit = (await rf.fit(X, y)).durationMs;
const lstm = new LstmAttentionModel(lstmOptions);
const lstmFit = (await lstm.fit(X, y)).durationMs;
const ensemble = new StackingEnsemble({
  members: [
    { name: 'logistic', create: () => new LogisticRegressionModel() },
    { name: 'xgboost', create: () => new XgboostModel({ rounds: 200, maxDepth: 4 }) },
    { name: 'random-forest', create: () => new RandomForestModel({ trees: 200, maxDepth: 6 }) },
    { name: 'lstm', create: () => new LstmAttentionModel(lstmOptions) },
  ],
  folds: 2,
  correlationThreshold: 1.01,
});
const ensFit = (await ensemble.fit(X, y)).durationMs;

const rows: [string, Model, number, string][] = [
  ['logistic (baseline)', logistic, logisticFit, 'fit'],
  ['xgboost (200 rounds)', xgb, xgbFit, 'fit'],
  ['random-forest (200 trees)', rf, rfFit, 'fit'],
  [`lstm-attention (${UNITS} units)`, lstm, lstmFit, '1 epoch'],
  ['stacking ensemble (4 members)', ensemble, ensFit, 'fit incl. OOF'],
];
const base = await latency(logistic, X);
console.log('| model | p50 ms | p99 ms | p50 × baseline | train ms | train | train × baseline |');
console.log('|---|---|---|---|---|---|---|');
for (const [name, model, fitMs, what] of rows) {
  const l = model === logistic ? base : await latency(model, X);
  console.log(
    `| ${name} | ${l.p50.toFixed(3)} | ${l.p99.toFixed(3)} | ${(l.p50 / base.p50).toFixed(0)}× | ${fitMs.toFixed(0)} | ${what} (${nTrain} samples) | ${(fitMs / logisticFit).toFixed(0)}× |`,
  );
}
for (const [, model] of rows) model.dispose();
