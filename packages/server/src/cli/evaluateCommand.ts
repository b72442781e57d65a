import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  evaluate,
  evaluationToMarkdown,
  FeaturePipeline,
  initTfBackend,
  type Model,
  prepareEvaluationData,
  walkForwardSplits,
} from '@minhos/models';
import type { CliCommand, CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { BARS_FILE_ARGS, barsFileOptions, loadBarsFile } from './loadBarsFile.js';
import { isModelKind, MODEL_KINDS, type ModelKind, modelFactory, sessionOf } from './modelFactories.js';
import { progressReporter } from './progressReporter.js';

const USAGE = `minhos evaluate --bars FILE [--contract ES201312] [--tz ZONE] [--interval 1m] [--symbol ID] [--session cme|utc]
       [--models logistic,xgboost] [--train 2000] [--test 1000] [--folds N] [--mode expanding|rolling]
       [--window 10] [--horizon 1] [--cost FRACTION] [--out DIR] [--json]

Walk-forward, out-of-sample evaluation of the models (${MODEL_KINDS.join(', ')}) on the bars of FILE
(OHLCV CSV, .scid, or the engine store .sqlite with --symbol), beside the four baselines (always-long, contrarian, previous-direction, logistic on lagged
returns): a fresh model per fold trained on that fold's rows only, directional accuracy with its
95% interval, log loss, Brier, calibration and a one-unit P&L after costs (default one tick per
position change for futures CSVs). Prints the report (Markdown, or the whole report as JSON with
--json); --out also writes evaluation.md and evaluation.json there.`;

function fail(io: CliIo, message: string): number {
  io.err(`minhos evaluate: ${message}\n\nUsage: ${USAGE}`);
  return EXIT_CODES.usage;
}

function count(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined) return fallback;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** `minhos evaluate`: the walk-forward report of `@minhos/models` beside its baselines. */
export const evaluateCommand: CliCommand = {
  name: 'evaluate',
  summary: 'walk-forward out-of-sample evaluation of models against the baselines on a bars file',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        ...BARS_FILE_ARGS,
        session: { type: 'string', default: 'cme' },
        models: { type: 'string', default: 'logistic,xgboost' },
        train: { type: 'string' },
        test: { type: 'string' },
        folds: { type: 'string' },
        mode: { type: 'string', default: 'expanding' },
        window: { type: 'string' },
        horizon: { type: 'string' },
        cost: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.bars === undefined)
      return fail(
        io,
        '--bars FILE is required (an OHLCV CSV, a .scid file, or the engine store .sqlite with --symbol)',
      );
    const kinds = values.models.split(',').map((k) => k.trim());
    const unknown = kinds.filter((k) => !isModelKind(k));
    if (unknown.length > 0 || kinds.length === 0)
      return fail(
        io,
        `--models takes a comma list of ${MODEL_KINDS.join(', ')}; unknown: ${unknown.join(', ')}`,
      );
    const trainSize = count(values.train, 2000);
    const testSize = count(values.test, 1000);
    const window = count(values.window, 10);
    const horizon = count(values.horizon, 1);
    const folds = values.folds === undefined ? undefined : count(values.folds, 0);
    for (const [name, v] of [
      ['train', trainSize],
      ['test', testSize],
      ['window', window],
      ['horizon', horizon],
      ['folds', values.folds === undefined ? 1 : folds],
    ] as const) {
      if (v === undefined) return fail(io, `--${name} must be a whole number ≥ 1, got "${values[name]}"`);
    }
    if (values.mode !== 'expanding' && values.mode !== 'rolling')
      return fail(io, `--mode must be expanding or rolling, got "${values.mode}"`);
    const session = sessionOf(values.session);
    if (session === undefined) return fail(io, `--session must be cme or utc, got "${values.session}"`);
    const cost = values.cost === undefined ? undefined : Number(values.cost);
    if (cost !== undefined && !(cost >= 0 && cost < 0.1))
      return fail(
        io,
        `--cost is a fraction of the price per unit of position change (0..0.1), got "${values.cost}"`,
      );

    const loaded = await loadBarsFile(resolve(io.cwd, values.bars), barsFileOptions(values));
    const bars = loaded.bars;
    const pipeline = new FeaturePipeline({ session });
    const features = pipeline.compute(bars);
    const data = prepareEvaluationData({
      close: bars.close,
      features,
      horizon: horizon as number,
      sequenceLength: window as number,
      time: features.time,
    });
    const fits = data.X.rows >= (trainSize as number) + (horizon as number) + (testSize as number);
    const planned = !fits
      ? 0
      : walkForwardSplits({
          rows: data.X.rows,
          mode: values.mode,
          trainSize: trainSize as number,
          testSize: testSize as number,
          purge: horizon as number,
          ...(folds === undefined ? {} : { maxFolds: folds }),
        }).length;
    if (planned === 0) {
      io.err(
        `minhos evaluate: ${loaded.description} gave ${data.X.rows} samples, fewer than --train ${trainSize} + --test ${testSize} (+ purge ${horizon}); pass smaller --train/--test or a longer file`,
      );
      return EXIT_CODES.failed;
    }
    let meanPrice = 0;
    for (const c of bars.close) meanPrice += c / bars.length;
    // Default cost: one tick (0.25 pt) per unit of position change for futures CSVs, 1 bp otherwise.
    const costPerUnit =
      cost ?? (loaded.layout === 'lean-futures' || loaded.layout === 'scid' ? 0.25 / meanPrice : 1e-4);
    const regime = features.names.indexOf('atr_ratio');
    const backend = kinds.includes('lstm') ? await initTfBackend() : undefined;
    const models: Record<string, () => Model> = {};
    for (const kind of kinds as ModelKind[])
      models[kind] = modelFactory(kind, {
        window: window as number,
        features: features.cols,
        horizon: horizon as number,
        regimeColumn: regime < 0 ? -1 : ((window as number) - 1) * features.cols + regime,
      });
    const progress = progressReporter(io, 'evaluate', planned);
    let done = 0;
    const report = await evaluate(data, {
      dataset: `${loaded.description} (${pipeline.toJSON().features.join(', ')})`,
      models,
      horizon: horizon as number,
      mode: values.mode,
      trainSize: trainSize as number,
      testSize: testSize as number,
      ...(folds === undefined ? {} : { maxFolds: folds }),
      costPerUnit,
      onFold: (f) => {
        done += 1;
        progress.update(
          done,
          `fold ${f.fold.index}: ${Object.entries(f.metrics)
            .filter(([k]) => kinds.includes(k))
            .map(([k, m]) => `${k} ${(100 * m.accuracy.value).toFixed(1)}%`)
            .join(', ')}`,
        );
      },
    });
    progress.finish(`${report.folds.length} folds in ${(report.durationMs / 1000).toFixed(1)} s`);
    const markdown = evaluationToMarkdown(report);
    const command = `minhos evaluate ${args.join(' ')}`;
    if (values.out !== undefined) {
      const dir = resolve(io.cwd, values.out);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, 'evaluation.json'),
        `${JSON.stringify({ command, backend: backend ?? null, report }, null, 2)}\n`,
      );
      await writeFile(join(dir, 'evaluation.md'), `${markdown}\nCommand: \`${command}\`\n`);
    }
    if (values.json) io.out(JSON.stringify({ command, backend: backend ?? null, report }));
    else io.out(markdown);
    return EXIT_CODES.ok;
  },
};
