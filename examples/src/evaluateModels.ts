/**
 * Walk-forward evaluation of the MinhOS models on real data — ES 1-minute (ESZ13) and SPY daily —
 * against the always-long, contrarian, previous-direction and logistic-on-lagged-returns baselines.
 *
 *   pnpm --filter @minhos/examples exec tsx src/evaluateModels.ts [outDir]
 *
 * Writes `<outDir>/{es,spy}-evaluation.{json,md}` (default `.minhos/reports`) and prints the
 * Markdown tables. A small LSTM (16 units) keeps the ES run to minutes on 2 CPU cores.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BarSeries } from '@minhos/core';
import {
  type EvaluationReport,
  evaluate,
  evaluationToMarkdown,
  FeaturePipeline,
  initTfBackend,
  LogisticRegressionModel,
  LstmAttentionModel,
  type Model,
  prepareEvaluationData,
  RandomForestModel,
  type SessionSpec,
  StackingEnsemble,
  UTC_DAY_SESSION,
  XgboostModel,
} from '@minhos/models';
import { CME_SESSION, loadEsMinuteBars, loadSpyDailyBars } from './esBars.js';

const outDir = process.argv[2] ?? '.minhos/reports';
const WINDOW = 10;
const HORIZON = 1;

function modelsFor(features: number, regimeColumn: number, withLstm: boolean): Record<string, () => Model> {
  const logistic = () => new LogisticRegressionModel({ l2: 10 });
  const xgboost = () => new XgboostModel({ rounds: 100, maxDepth: 3, eta: 0.05, seed: 1 });
  const forest = () => new RandomForestModel({ trees: 100, maxDepth: 5, seed: 1 });
  const models: Record<string, () => Model> = {
    logistic,
    xgboost,
    'random-forest': forest,
    ensemble: () =>
      new StackingEnsemble({
        members: [
          { name: 'logistic', create: logistic },
          { name: 'xgboost', create: xgboost },
          { name: 'random-forest', create: forest },
        ],
        folds: 3,
        purge: HORIZON,
        regimeColumn,
      }),
  };
  if (withLstm) {
    models['lstm-attention'] = () =>
      new LstmAttentionModel({
        steps: WINDOW,
        features,
        units: 16,
        heads: 2,
        keyDim: 8,
        epochs: 8,
        patience: 3,
        batchSize: 64,
        learningRate: 3e-3,
        validationGap: HORIZON,
        seed: 1,
      });
  }
  return models;
}

async function run(
  name: string,
  bars: BarSeries,
  session: SessionSpec,
  split: { trainSize: number; testSize: number },
  costPerUnit: number,
  withLstm: boolean,
): Promise<EvaluationReport> {
  const pipeline = new FeaturePipeline({ session });
  const features = pipeline.compute(bars);
  const data = prepareEvaluationData({
    close: bars.close,
    features,
    horizon: HORIZON,
    sequenceLength: WINDOW,
    time: features.time,
  });
  const report = await evaluate(data, {
    dataset: name,
    // Volatility regime of the ensemble: the latest bar's ATR/close feature in each window.
    models: modelsFor(
      features.cols,
      (WINDOW - 1) * features.cols + features.names.indexOf('atr_ratio'),
      withLstm,
    ),
    horizon: HORIZON,
    mode: 'expanding',
    ...split,
    costPerUnit,
    onFold: (f) => console.error(`${name} fold ${f.fold.index} done`),
  });
  await writeFile(join(outDir, `${name}-evaluation.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(outDir, `${name}-evaluation.md`), evaluationToMarkdown(report));
  return report;
}

await mkdir(outDir, { recursive: true });
const backend = await initTfBackend();
console.error(`tfjs backend: ${backend.backend} (${backend.reason})`);
const es = loadEsMinuteBars('ES201312');
// One ES tick (0.25 pt) per unit of position change, as a fraction of the average price.
const esCost = 0.25 / (es.close.reduce((a, b) => a + b, 0) / es.length);
const esReport = await run('es', es, CME_SESSION, { trainSize: 5000, testSize: 1500 }, esCost, true);
console.log(evaluationToMarkdown(esReport));
const spyReport = await run(
  'spy',
  loadSpyDailyBars(),
  UTC_DAY_SESSION,
  { trainSize: 2000, testSize: 750 },
  1e-4,
  false,
);
console.log(evaluationToMarkdown(spyReport));
