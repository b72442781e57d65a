/**
 * Walk-forward evaluation of the package's models on an OHLCV CSV, against the baselines.
 * Writes `<out>/<name>.json` and `<out>/<name>.md`.
 *
 *   pnpm tsx packages/models/scripts/evaluate.ts --csv data/ohlcv/es_1min_trade_lean.csv \
 *     --contract ES201312 --session cme --train 5000 --test 1500 --lstm --out packages/models/reports
 *
 * CSV layouts: whatever `loadBarsCsv` recognises — Lean futures / daily, Sierra Chart bar export
 * (`--tz` required), vendor `YYYY-MM-DD HH:MM:SS` (US/Eastern unless `--tz`), or a generic header.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  evaluate,
  evaluationToMarkdown,
  FeaturePipeline,
  initTfBackend,
  LogisticRegressionModel,
  LstmAttentionModel,
  loadBarsCsv,
  type Model,
  prepareEvaluationData,
  RandomForestModel,
  StackingEnsemble,
  TreeWorkerPool,
  UTC_DAY_SESSION,
  XgboostModel,
} from '../src/index.js';

const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    contract: { type: 'string' },
    session: { type: 'string', default: 'utc' },
    tz: { type: 'string' },
    name: { type: 'string' },
    horizon: { type: 'string', default: '1' },
    window: { type: 'string', default: '10' },
    train: { type: 'string', default: '2000' },
    test: { type: 'string', default: '1000' },
    mode: { type: 'string', default: 'expanding' },
    folds: { type: 'string' },
    cost: { type: 'string' },
    lstm: { type: 'boolean', default: false },
    'lstm-units': { type: 'string', default: '16' },
    'lstm-epochs': { type: 'string', default: '8' },
    'lstm-lr': { type: 'string', default: '0.003' },
    only: { type: 'string' },
    ensemble: { type: 'boolean', default: true },
    out: { type: 'string', default: 'packages/models/reports' },
    // Tree fits on this many worker threads, several fits in flight (0: all on the main thread,
    // one after another). The report is the same either way, timings aside.
    workers: { type: 'string', default: String(availableParallelism()) },
  },
});
if (!values.csv) {
  console.error(
    'usage: evaluate.ts --csv <file> [--contract ES201312] [--session cme|utc] [--lstm] [--out dir]',
  );
  process.exit(2);
}

const loaded = await loadBarsCsv(values.csv, {
  ...(values.contract !== undefined ? { contract: values.contract } : {}),
  ...(values.tz !== undefined ? { timeZone: values.tz } : {}),
});
const bars = loaded.bars;
const lean = loaded.layout === 'lean-futures';
const session =
  values.session === 'cme'
    ? { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 }
    : UTC_DAY_SESSION;
const pipeline = new FeaturePipeline({ session });
const features = pipeline.compute(bars);
const horizon = Number(values.horizon);
const window = Number(values.window);
const data = prepareEvaluationData({
  close: bars.close,
  features,
  horizon,
  sequenceLength: window,
  time: features.time,
});
const F = features.cols;
let meanPrice = 0;
for (const c of bars.close) meanPrice += c / bars.length;
// Default cost: one tick (ES 0.25 pt) per unit of position change for futures, 1 bp for daily equities.
const cost = values.cost !== undefined ? Number(values.cost) : lean ? 0.25 / meanPrice : 1e-4;

const regimeFeature = features.names.indexOf('atr_ratio');
const backend = values.lstm ? await initTfBackend() : undefined;
const workerCount = Number(values.workers);
const workers = workerCount > 0 ? new TreeWorkerPool({ size: workerCount }) : undefined;
const w = workers ? { workers } : {};
const concurrency = workers ? 4 : 1;
const models: Record<string, () => Model> = {
  logistic: () => new LogisticRegressionModel({ l2: 10 }),
  xgboost: () => new XgboostModel({ rounds: 100, maxDepth: 3, eta: 0.05, seed: 1, ...w }),
  'random-forest': () => new RandomForestModel({ trees: 100, maxDepth: 5, seed: 1, ...w }),
};
if (values.ensemble) {
  models.ensemble = () =>
    new StackingEnsemble({
      members: [
        { name: 'logistic', create: models.logistic! },
        { name: 'xgboost', create: models.xgboost! },
        { name: 'random-forest', create: models['random-forest']! },
      ],
      folds: 3,
      purge: horizon,
      concurrency,
      // Volatility regimes from the latest bar's ATR/close feature (when the pipeline has it).
      ...(regimeFeature >= 0 ? { regimeColumn: (window - 1) * F + regimeFeature } : {}),
    });
}
if (values.lstm) {
  models['lstm-attention'] = () =>
    new LstmAttentionModel({
      steps: window,
      features: F,
      units: Number(values['lstm-units']),
      heads: 2,
      keyDim: 8,
      epochs: Number(values['lstm-epochs']),
      patience: 3,
      batchSize: 64,
      learningRate: Number(values['lstm-lr']),
      validationGap: horizon,
      seed: 1,
    });
}

if (values.only !== undefined) {
  const keep = new Set(values.only.split(','));
  for (const k of Object.keys(models)) if (!keep.has(k)) delete models[k];
}
const name =
  values.name ??
  `${basename(values.csv).replace(/\.csv$/, '')}${values.contract ? `-${values.contract}` : ''}`;
console.error(
  `${name}: ${loaded.layout} layout (${loaded.timeZone}), ${bars.length} bars → ${data.X.rows} samples (window ${window} × ${F} features, horizon ${horizon}); models ${Object.keys(models).join(', ')}${backend ? `; tfjs backend ${backend.backend}` : ''}`,
);
const report = await evaluate(data, {
  dataset: `${name} (${pipeline.toJSON().features.join(', ')})`,
  models,
  horizon,
  mode: values.mode === 'rolling' ? 'rolling' : 'expanding',
  trainSize: Number(values.train),
  testSize: Number(values.test),
  ...(values.folds !== undefined ? { maxFolds: Number(values.folds) } : {}),
  costPerUnit: cost,
  concurrency,
  onFold: (f) =>
    console.error(
      `fold ${f.fold.index}: ${Object.entries(f.metrics)
        .map(([k, m]) => {
          const t = f.timings[k];
          return `${k} ${(100 * m.accuracy.value).toFixed(1)}%${t ? ` (${(t.fitMs / 1000).toFixed(0)} s)` : ''}`;
        })
        .join(', ')}`,
    ),
});
await workers?.close();
await mkdir(values.out, { recursive: true });
const meta = {
  command: `pnpm tsx packages/models/scripts/evaluate.ts ${process.argv.slice(2).join(' ')}`,
  backend,
};
await writeFile(join(values.out, `${name}.json`), `${JSON.stringify({ ...meta, report }, null, 2)}\n`);
const md = `${evaluationToMarkdown(report)}\nCommand: \`${meta.command}\` (${(report.durationMs / 1000).toFixed(0)} s${backend ? `, tfjs ${backend.backend}` : ''}).\n`;
await writeFile(join(values.out, `${name}.md`), md);
console.log(md);
