import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  brierScore,
  directionalAccuracy,
  FeaturePipeline,
  initTfBackend,
  logLoss,
  ModelRegistry,
  prepareEvaluationData,
  StandardScaler,
  takeRows,
} from '@minhos/models';
import type { CliCommand } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { BARS_FILE_ARGS, barsFileOptions, loadBarsFile } from './loadBarsFile.js';
import { isModelKind, MODEL_KINDS, modelFactory, sessionOf } from './modelFactories.js';
import { progressReporter } from './progressReporter.js';

/** The registry name `minhos serve`'s model member loads (`ModelTrainer`'s default). */
const SERVE_MODEL_NAME = 'es-direction';

const USAGE = `minhos train --bars FILE [--contract ES201312] [--tz ZONE] [--interval 1m] [--symbol ID] [--session cme|utc]
       [--model ${MODEL_KINDS.join('|')}] [--name NAME] [--registry DIR | --data ./.minhos]
       [--window 10] [--horizon 1] [--holdout 0.2] [--epochs 8] [--no-promote] [--serve] [--json]

Trains a model on the bars of FILE (OHLCV CSV, .scid file aggregated into --interval bars, or the
engine store .sqlite with --symbol: the bars minhos serve stored)
with @minhos/models' feature pipeline: the scaler and the model see only the first 1 − holdout of
the bars; the held-out tail scores it (accuracy, log loss, Brier). The model is registered as the
next version of NAME (default: the model kind) in the registry (default <data>/models) and
promoted when it beats the current version on the same held-out rows (the first version is
promoted), unless --no-promote.

--serve trains the model minhos serve loads (its "model" fusion member): name es-direction, the
server's feature pipeline (defaults, one bar per sample, unscaled features), in <data>/models;
the server checks the feature specification when it loads it.`;

function positiveInt(text: string | undefined, fallback: number, name: string, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw usage(`--${name} must be a whole number 1..${max}, got "${text}"`);
  return n;
}

class UsageError extends Error {}
function usage(message: string): UsageError {
  return new UsageError(message);
}

/** `minhos train`: a model from a bars file or `.scid` into the model registry. */
export const trainCommand: CliCommand = {
  name: 'train',
  summary:
    'train a model on a bars file or .scid and register it (promoted only if it beats the current one)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...BARS_FILE_ARGS,
        session: { type: 'string', default: 'cme' },
        model: { type: 'string', default: 'logistic' },
        name: { type: 'string' },
        registry: { type: 'string' },
        data: { type: 'string' },
        window: { type: 'string' },
        horizon: { type: 'string' },
        holdout: { type: 'string' },
        epochs: { type: 'string' },
        'no-promote': { type: 'boolean', default: false },
        serve: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    let window: number;
    let horizon: number;
    let epochs: number;
    try {
      if (values.bars === undefined)
        throw usage(
          '--bars FILE is required (an OHLCV CSV, a .scid file, or the engine store .sqlite with --symbol)',
        );
      if (!isModelKind(values.model))
        throw usage(`--model must be one of ${MODEL_KINDS.join(', ')}, got "${values.model}"`);
      window = positiveInt(values.window, values.serve ? 1 : 10, 'window', 200);
      if (values.serve && window !== 1)
        throw usage(
          `--serve trains on one bar per sample (the server's model member): drop --window ${window}`,
        );
      if (values.serve && values.session !== 'cme')
        throw usage("--serve uses the server's feature pipeline: drop --session");
      horizon = positiveInt(values.horizon, 1, 'horizon', 500);
      epochs = positiveInt(values.epochs, 8, 'epochs', 1000);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      io.err(`minhos train: ${e.message}\n\nUsage: ${USAGE}`);
      return EXIT_CODES.usage;
    }
    const holdout = values.holdout === undefined ? 0.2 : Number(values.holdout);
    if (!(holdout >= 0.05 && holdout <= 0.5)) {
      io.err(`minhos train: --holdout must be a fraction 0.05..0.5 of the bars, got "${values.holdout}"`);
      return EXIT_CODES.usage;
    }
    const session = sessionOf(values.session);
    if (session === undefined) {
      io.err(`minhos train: --session must be cme or utc, got "${values.session}"`);
      return EXIT_CODES.usage;
    }
    const kind = values.model;
    const name = values.name ?? (values.serve ? SERVE_MODEL_NAME : kind);
    const registryDir = resolve(
      io.cwd,
      values.registry ?? `${values.data === undefined ? '.minhos' : values.data}/models`,
    );

    const steps = progressReporter(io, 'train', 5);
    steps.update(0, 'loading bars');
    const loaded = await loadBarsFile(resolve(io.cwd, values.bars), barsFileOptions(values));
    const bars = loaded.bars;
    steps.update(1, `features of ${bars.length} bars`);
    // --serve: exactly the pipeline the server's model member streams (defaults, unscaled).
    const pipeline = values.serve ? new FeaturePipeline() : new FeaturePipeline({ session });
    const raw = pipeline.compute(bars);
    // Chronological split by bar: the scaler and the model see only bars before `cut`.
    const cut = Math.floor(bars.length * (1 - holdout));
    const scaler = values.serve ? undefined : new StandardScaler().fit(raw, { start: 0, end: cut });
    const data = prepareEvaluationData({
      close: bars.close,
      features: scaler === undefined ? raw : scaler.transform(raw),
      horizon,
      sequenceLength: window,
      time: raw.time,
    });
    const trainIdx: number[] = [];
    const validIdx: number[] = [];
    data.barIndex.forEach((bar, i) => {
      // Flat samples (unchanged close, label NaN) carry no direction to learn or score.
      if (Number.isNaN(data.y[i] as number)) return;
      if (bar + horizon < cut) trainIdx.push(i);
      else if (bar >= cut) validIdx.push(i);
    });
    if (trainIdx.length < 50 || validIdx.length < 20) {
      io.err(
        `minhos train: too little data in ${loaded.description}: ${bars.length} bars gave ${trainIdx.length} training and ${validIdx.length} held-out samples (need ≥ 50 and ≥ 20); pass a longer file or a smaller --window`,
      );
      return EXIT_CODES.failed;
    }
    const Xtr = takeRows(data.X, trainIdx);
    const ytr = trainIdx.map((i) => data.y[i] as number);
    const Xva = takeRows(data.X, validIdx);
    const yva = validIdx.map((i) => data.y[i] as number);

    const backend = kind === 'lstm' ? await initTfBackend() : undefined;
    const epochBar = kind === 'lstm' ? progressReporter(io, 'epochs', epochs) : undefined;
    const regime = raw.names.indexOf('atr_ratio');
    const model = modelFactory(kind, {
      window,
      features: raw.cols,
      horizon,
      regimeColumn: regime < 0 ? -1 : (window - 1) * raw.cols + regime,
      epochs,
      onEpoch: (epoch, loss, val) =>
        epochBar?.update(epoch + 1, `loss ${loss.toFixed(4)} val ${val.toFixed(4)}`),
    })();
    try {
      steps.update(2, `fitting ${kind} on ${Xtr.rows} samples`);
      const fit = await model.fit(Xtr, ytr);
      epochBar?.finish();
      steps.update(3, `scoring ${Xva.rows} held-out samples`);
      const p = await model.predictProba(Xva);
      const acc = directionalAccuracy(p, yva);
      const metrics = { logLoss: logLoss(p, yva), brier: brierScore(p, yva), accuracy: acc.value };
      steps.update(4, `registering ${name}`);
      const registry = new ModelRegistry(registryDir);
      const evaluatedOn = { data: loaded.description, validationFromBar: cut, validationRows: Xva.rows };
      const manifest = await registry.register(name, model, {
        featureSpec: values.serve
          ? (pipeline.spec as never)
          : { pipeline: pipeline.toJSON() as never, window, horizon },
        dataRange: {
          from: raw.time[0] as number,
          to: raw.time[cut - 1] as number,
          rows: Xtr.rows,
          description: loaded.description,
        },
        metrics,
        evaluatedOn,
        ...(scaler === undefined ? {} : { preprocessing: scaler.toJSON() as never }),
        notes: `minhos train --model ${kind}`,
      });
      const first = (await registry.current(name)) === undefined;
      const decision = values['no-promote']
        ? undefined
        : await registry.promote(name, manifest.version, {
            metric: 'logLoss',
            first,
            // Re-score candidate and incumbent on the same held-out rows: never trust metrics measured elsewhere.
            reevaluate: async (m) => ({ logLoss: logLoss(await m.predictProba(Xva), yva) }),
          });
      steps.finish(`${name}@${manifest.version}`);
      const result = {
        name,
        version: manifest.version,
        kind: model.kind,
        registry: registryDir,
        promoted: decision?.promoted ?? false,
        promotion: decision?.reason ?? 'not attempted (--no-promote)',
        metrics,
        accuracy_interval: [acc.lower, acc.upper],
        train_samples: Xtr.rows,
        validation_samples: Xva.rows,
        bars: bars.length,
        data: loaded.description,
        fit_ms: fit.durationMs,
        backend: backend?.backend ?? null,
      };
      if (values.json) io.out(JSON.stringify(result, null, 2));
      else
        io.out(
          [
            `trained ${kind} on ${Xtr.rows} samples of ${loaded.description} (window ${window} × ${raw.cols} features, horizon ${horizon}) in ${(fit.durationMs / 1000).toFixed(1)} s`,
            `  held-out    ${Xva.rows} samples: accuracy ${(100 * acc.value).toFixed(2)}% [${(100 * acc.lower).toFixed(1)}, ${(100 * acc.upper).toFixed(1)}], log loss ${metrics.logLoss.toFixed(4)}, Brier ${metrics.brier.toFixed(4)}`,
            `  registered  ${name}@${manifest.version} in ${registryDir}`,
            `  promotion   ${decision === undefined ? 'not attempted (--no-promote)' : `${decision.promoted ? 'promoted' : 'kept the current version'} (${decision.reason})`}`,
          ].join('\n'),
        );
      return EXIT_CODES.ok;
    } finally {
      model.dispose();
    }
  },
};
