import {
  brierScore,
  directionalAccuracy,
  FeaturePipeline,
  LogisticRegressionModel,
  logLoss,
  type Model,
  ModelRegistry,
  prepareEvaluationData,
  RandomForestModel,
  StandardScaler,
  takeRows,
  XgboostModel,
} from '@minhos/models';
import { JobError } from '../JobError.js';
import type { TrainModelJob } from '../JobPayload.js';
import type { TrainModelJobResult } from '../JobResult.js';
import { loadSeries } from './loadBars.js';

const WINDOW = 10;

function makeModel(job: TrainModelJob, id: string): Model {
  const h = job.hyper;
  const pick = (keys: readonly string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(h)) {
      if (!keys.includes(k)) {
        throw new JobError(
          'JOB_BAD_INPUT',
          `job ${id}: ${job.model} has no hyper-parameter "${k}" (${keys.join(', ')})`,
        );
      }
      out[k] = v;
    }
    return out;
  };
  switch (job.model) {
    case 'logistic':
      return new LogisticRegressionModel(pick(['l2', 'maxIterations']));
    case 'xgboost':
      return new XgboostModel(
        pick([
          'rounds',
          'eta',
          'maxDepth',
          'subsample',
          'colsampleByTree',
          'minChildWeight',
          'lambda',
          'seed',
        ]),
      );
    case 'random-forest':
      return new RandomForestModel(
        pick(['trees', 'maxDepth', 'sampleRate', 'featureRate', 'minChildWeight', 'seed']),
      );
  }
}

/**
 * One training run: leak-free features of the referenced bars, a chronological split (scaler and
 * model see only the first `trainShare` of the bars), validation metrics on the rest, the artifact
 * registered in the model registry. The manifest's `notes` carry the job id, so a job that is run
 * again (a worker died after registering) finds its version instead of registering a second one.
 */
export async function trainModel(job: TrainModelJob, id: string): Promise<TrainModelJobResult> {
  const registry = new ModelRegistry(job.registry);
  const note = `minhos-jobs ${id}`;
  const done = (await registry.list(job.name)).find((m) => m.notes === note);
  if (done !== undefined) {
    const m = done.metrics as Record<string, number>;
    return {
      kind: 'train',
      name: job.name,
      version: done.version,
      model: done.kind,
      trainRows: done.dataRange.rows,
      validRows: m.validRows ?? 0,
      metrics: {
        logLoss: m.logLoss ?? Number.NaN,
        brier: m.brier ?? Number.NaN,
        accuracy: m.accuracy ?? Number.NaN,
      },
    };
  }
  const bars = await loadSeries(job.data);
  const pipeline = new FeaturePipeline();
  const raw = pipeline.compute(bars);
  const cut = Math.floor(bars.length * job.trainShare);
  if (cut < 50 || bars.length - cut < 20) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `job ${id}: ${bars.length} bars with trainShare ${job.trainShare} leave ${cut} training and ${bars.length - cut} validation bars (need ≥ 50 and ≥ 20)`,
    );
  }
  const scaler = new StandardScaler().fit(raw, { start: 0, end: cut });
  const data = prepareEvaluationData({
    close: bars.close,
    features: scaler.transform(raw),
    horizon: job.horizon,
    sequenceLength: WINDOW,
    time: raw.time,
  });
  const trainIdx: number[] = [];
  const validIdx: number[] = [];
  data.barIndex.forEach((bar, i) => {
    if (Number.isNaN(data.y[i] as number)) return; // a flat close has no direction to learn
    if (bar + job.horizon < cut) trainIdx.push(i);
    else if (bar >= cut) validIdx.push(i);
  });
  const Xtr = takeRows(data.X, trainIdx);
  const ytr = trainIdx.map((i) => data.y[i] as number);
  const Xva = takeRows(data.X, validIdx);
  const yva = validIdx.map((i) => data.y[i] as number);
  const model = makeModel(job, id);
  try {
    await model.fit(Xtr, ytr);
    const p = await model.predictProba(Xva);
    const metrics = {
      logLoss: logLoss(p, yva),
      brier: brierScore(p, yva),
      accuracy: directionalAccuracy(p, yva).value,
    };
    const manifest = await registry.register(job.name, model, {
      featureSpec: { pipeline: pipeline.toJSON() as never, window: WINDOW, horizon: job.horizon },
      dataRange: {
        from: raw.time[0] as number,
        to: raw.time[cut - 1] as number,
        rows: Xtr.rows,
        description: `${job.data.path} sha256 ${job.data.sha256.slice(0, 12)}`,
      },
      metrics: { ...metrics, validRows: Xva.rows },
      evaluatedOn: { sha256: job.data.sha256, validationFromBar: cut, validationRows: Xva.rows },
      preprocessing: scaler.toJSON() as never,
      notes: note,
    });
    return {
      kind: 'train',
      name: job.name,
      version: manifest.version,
      model: model.kind,
      trainRows: Xtr.rows,
      validRows: Xva.rows,
      metrics,
    };
  } finally {
    model.dispose();
  }
}
