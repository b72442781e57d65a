/**
 * Trains a small LSTM-attention model and two tree models on ES 1-minute bars (ESZ13), measures
 * them on a held-out chronological tail, and stores them in a model registry, promoting each only
 * if it beats the version already current.
 *
 *   pnpm --filter @minhos/examples exec tsx src/trainModel.ts [registryDir]
 *
 * Default registry: `.minhos/models`. Then run `predict.ts` to load and predict.
 */
import {
  brierScore,
  directionalAccuracy,
  FeaturePipeline,
  initTfBackend,
  LstmAttentionModel,
  logLoss,
  type Model,
  ModelRegistry,
  prepareEvaluationData,
  RandomForestModel,
  StandardScaler,
  takeRows,
  XgboostModel,
} from '@minhos/models';
import { CME_SESSION, loadEsMinuteBars } from './esBars.js';

const root = process.argv[2] ?? '.minhos/models';
const WINDOW = 10;
const HORIZON = 1;

const backend = await initTfBackend();
console.log(`tfjs backend: ${backend.backend} (${backend.reason})`);
const bars = loadEsMinuteBars('ES201312');
const pipeline = new FeaturePipeline({ session: CME_SESSION });
const raw = pipeline.compute(bars);
// Chronological split by bar: the scaler and the models see only bars before `cut`.
const cut = Math.floor(bars.length * 0.8);
const scaler = new StandardScaler().fit(raw, { start: 0, end: cut });
const data = prepareEvaluationData({
  close: bars.close,
  features: scaler.transform(raw),
  horizon: HORIZON,
  sequenceLength: WINDOW,
  time: raw.time,
});
const trainIdx: number[] = [];
const validIdx: number[] = [];
data.barIndex.forEach((bar, i) => {
  // Flat samples (unchanged close, label NaN) carry no direction to learn or score.
  if (Number.isNaN(data.y[i]!)) return;
  if (bar + HORIZON < cut) trainIdx.push(i);
  else if (bar >= cut) validIdx.push(i);
});
const Xtr = takeRows(data.X, trainIdx);
const ytr = trainIdx.map((i) => data.y[i]!);
const Xva = takeRows(data.X, validIdx);
const yva = validIdx.map((i) => data.y[i]!);
console.log(`train ${Xtr.rows} samples, validation ${Xva.rows} samples (window ${WINDOW} × ${raw.cols})`);

const candidates: Record<string, () => Model> = {
  'es-lstm-attention': () =>
    new LstmAttentionModel({
      steps: WINDOW,
      features: raw.cols,
      units: 16,
      heads: 2,
      keyDim: 8,
      epochs: 8,
      patience: 3,
      batchSize: 64,
      learningRate: 3e-3,
      validationGap: HORIZON,
      onEpoch: (e) =>
        console.log(`  epoch ${e.epoch}: loss ${e.trainLoss.toFixed(4)} val ${e.validationLoss.toFixed(4)}`),
    }),
  'es-xgboost': () => new XgboostModel({ rounds: 100, maxDepth: 3, eta: 0.05 }),
  'es-random-forest': () => new RandomForestModel({ trees: 100, maxDepth: 5 }),
};

const registry = new ModelRegistry(root);
for (const [name, make] of Object.entries(candidates)) {
  const model = make();
  const fit = await model.fit(Xtr, ytr);
  const p = await model.predictProba(Xva);
  const acc = directionalAccuracy(p, yva);
  const metrics = { logLoss: logLoss(p, yva), brier: brierScore(p, yva), accuracy: acc.value };
  console.log(
    `${name}: trained in ${(fit.durationMs / 1000).toFixed(1)} s; validation accuracy ${(100 * acc.value).toFixed(2)}% [${(100 * acc.lower).toFixed(1)}, ${(100 * acc.upper).toFixed(1)}], log loss ${metrics.logLoss.toFixed(4)}`,
  );
  const manifest = await registry.register(name, model, {
    featureSpec: { pipeline: pipeline.toJSON() as never, window: WINDOW, horizon: HORIZON },
    dataRange: {
      from: raw.time[0]!,
      to: raw.time[cut - 1]!,
      rows: Xtr.rows,
      description: 'ES201312 1-minute',
    },
    metrics,
    // The validation rows the metrics come from: promote compares stored metrics only on equal terms.
    evaluatedOn: { data: 'ES201312 1-minute', validationFromBar: cut, validationRows: Xva.rows },
    preprocessing: scaler.toJSON() as never,
  });
  // Re-score the candidate and the live version on the same validation rows (never trust metrics
  // measured elsewhere); the very first version of a name is promoted explicitly.
  const decision = await registry.promote(name, manifest.version, {
    metric: 'logLoss',
    first: (await registry.current(name)) === undefined,
    reevaluate: async (m) => ({ logLoss: logLoss(await m.predictProba(Xva), yva) }),
  });
  console.log(
    `  registered ${name}@${manifest.version}: ${decision.promoted ? 'promoted' : 'kept current'} (${decision.reason})`,
  );
  model.dispose();
}
