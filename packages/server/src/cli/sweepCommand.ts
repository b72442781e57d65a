import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { TimestampUs } from '@minhos/core';
import { BACKTESTING_PY_LABELS, frontMonthInstrument } from '@minhos/engine';
import {
  dataRef,
  InProcessRunner,
  type JobRunner,
  type ParamValues,
  planSweep,
  RedisRunner,
  runSweep,
  type SweepReport,
  type SweepSpec,
  SweepStore,
  sweepReportCsv,
} from '@minhos/jobs';
import { contractRegistry, isFutureSpec } from '@minhos/symbols';
import type { CliCommand, CliIo } from '../cli.js';
import { EXIT_CODES } from './exitCodes.js';
import { loadBarsFile } from './loadBarsFile.js';
import { progressReporter } from './progressReporter.js';
import { stopSignal } from './stopSignal.js';
import { storePath } from './storePath.js';

const USAGE = `minhos sweep --bars FILE.csv [--contract ES201312] [--tz ZONE] [--root ES]
       [--strategy sma|ta] --param NAME=V1,V2,… | NAME=MIN:MAX:STEP  (repeat per parameter)
       [--random N --seed S] [--walk-forward TRAIN:TEST[:WARMUP]] [--anchored]
       [--rank sharpeRatio] [--asc] [--capital 100000] [--commission 2.5] [--slippage 1]
       [--redis redis://HOST:6379] [--queue minhos-jobs] [--threads N] [--attempts 3]
       [--data DIR | --store FILE] [--out DIR] [--top 10] [--json]

Splits a parameter sweep of a strategy into jobs — one backtest per parameter set, or with
--walk-forward one job per fold (the best set on the fold's training bars, then its test bars) —
and runs them: in-process on worker threads (default, a pool sized to the cores) or, with --redis,
on BullMQ workers started anywhere with \`minhos worker --redis URL\`. Jobs read FILE by path and
sha256, so on several machines it must be at the same path (shared or copied). Results are ranked
by --rank (a backtesting.py statistic; higher first unless --asc), stored in the engine database
(--store, default .minhos/engine.sqlite) and written to --out as sweep.csv and sweep.json.
Resumable: run the same command again and finished jobs are reused. Ctrl-C stops (exit 130).`;

function usageError(io: CliIo, message: string): number {
  io.err(`minhos sweep: ${message}\n\nUsage: ${USAGE}`);
  return EXIT_CODES.usage;
}

/** `fast=5,10,20` → [5, 10, 20]; `slow=20:100:10` → a range with a step (or bounds for --random). */
export function parseParam(text: string): { name: string; values: ParamValues } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `--param must be NAME=V1,V2 or NAME=MIN:MAX:STEP, got "${text}"`;
  const name = text.slice(0, eq);
  const body = text.slice(eq + 1);
  if (body.includes(':')) {
    const parts = body.split(':').map(Number);
    if (parts.length < 2 || parts.length > 3 || parts.some((x) => !Number.isFinite(x))) {
      return `--param ${name}: a range is MIN:MAX or MIN:MAX:STEP of numbers, got "${body}"`;
    }
    const [min, max, step] = parts as [number, number, number?];
    if (max < min) return `--param ${name}: MIN must not exceed MAX, got "${body}"`;
    const integer =
      Number.isInteger(min) && Number.isInteger(max) && (step === undefined || Number.isInteger(step));
    return { name, values: { min, max, integer, ...(step !== undefined ? { step } : {}) } };
  }
  const values = body.split(',').map((v) => Number(v.trim()));
  if (values.length === 0 || values.some((x) => !Number.isFinite(x)) || body.trim() === '') {
    return `--param ${name}: values must be numbers separated by commas, got "${body}"`;
  }
  return { name, values };
}

function positiveInt(text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : Number(text);
}

function table(report: SweepReport, top: number): string {
  const shown = report.rows.slice(0, top);
  const names = [...new Set(shown.flatMap((r) => Object.keys(r.params)))].sort();
  const header = [
    'rank',
    ...(report.rows.some((r) => r.fold !== undefined) ? ['fold'] : []),
    ...names,
    report.statistic,
    'return %',
    'trades',
    'max dd %',
    'state',
  ];
  const cell = (v: number | null | undefined): string =>
    v === null || v === undefined ? '--' : Number.isInteger(v) ? String(v) : v.toFixed(4);
  const lines = shown.map((r) => [
    r.rank === null ? '-' : String(r.rank),
    ...(header[1] === 'fold' ? [String(r.fold ?? '')] : []),
    ...names.map((n) => cell(r.params[n])),
    cell(r.value),
    cell(r.stats?.returnPct),
    cell(r.stats?.tradeCount),
    cell(r.stats?.maxDrawdownPct),
    r.state === 'failed' ? `failed: ${r.error?.code ?? ''}` : r.reused ? 'reused' : 'ran',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cols: readonly string[]): string => cols.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

/** `minhos sweep`: a parameter sweep (grid, random, walk-forward) as jobs, in-process or on Redis. */
export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary:
    'parameter sweep (grid / random / walk-forward) as jobs, in-process or on Redis workers; ranked, resumable',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      options: {
        bars: { type: 'string' },
        contract: { type: 'string' },
        tz: { type: 'string' },
        root: { type: 'string', default: 'ES' },
        strategy: { type: 'string', default: 'sma' },
        param: { type: 'string', multiple: true },
        random: { type: 'string' },
        seed: { type: 'string' },
        'walk-forward': { type: 'string' },
        anchored: { type: 'boolean', default: false },
        rank: { type: 'string', default: 'sharpeRatio' },
        asc: { type: 'boolean', default: false },
        capital: { type: 'string' },
        commission: { type: 'string' },
        slippage: { type: 'string' },
        redis: { type: 'string' },
        queue: { type: 'string' },
        threads: { type: 'string' },
        attempts: { type: 'string' },
        data: { type: 'string' },
        store: { type: 'string' },
        out: { type: 'string' },
        top: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (values.bars === undefined) return usageError(io, '--bars FILE is required (an OHLCV CSV)');
    if (values.bars.toLowerCase().endsWith('.scid')) {
      return usageError(
        io,
        '--bars: sweep workers read CSV bars by reference; export the .scid to CSV first',
      );
    }
    const strategy =
      values.strategy === 'sma' ? 'sma-crossover' : values.strategy === 'ta' ? 'traditional-ta' : undefined;
    if (strategy === undefined)
      return usageError(io, `--strategy must be sma or ta, got "${values.strategy}"`);
    const space: Record<string, ParamValues> = {};
    for (const text of values.param ?? []) {
      const p = parseParam(text);
      if (typeof p === 'string') return usageError(io, p);
      space[p.name] = p.values;
    }
    if (Object.keys(space).length === 0)
      return usageError(io, 'give at least one --param (e.g. --param fast=5,10 --param slow=20,40)');
    if (!BACKTESTING_PY_LABELS.some(([, f]) => f === values.rank)) {
      return usageError(
        io,
        `--rank must be a statistic: ${BACKTESTING_PY_LABELS.map(([, f]) => f).join(', ')}; got "${values.rank}"`,
      );
    }
    let search: SweepSpec['search'] = { kind: 'grid' };
    if (values.random !== undefined) {
      const samples = Number(values.random);
      const seed = positiveInt(values.seed, 1);
      if (!(Number.isInteger(samples) && samples >= 1 && samples <= 100_000))
        return usageError(io, `--random must be 1..100000 samples, got "${values.random}"`);
      if (!Number.isInteger(seed))
        return usageError(io, `--seed must be a whole number, got "${values.seed}"`);
      search = { kind: 'random', samples, seed };
    }
    let walkForward: SweepSpec['walkForward'];
    if (values['walk-forward'] !== undefined) {
      const parts = values['walk-forward'].split(':').map(Number);
      if (parts.length < 2 || parts.length > 3 || parts.some((x) => !(Number.isInteger(x) && x >= 0))) {
        return usageError(
          io,
          `--walk-forward must be TRAIN:TEST[:WARMUP] bar counts, got "${values['walk-forward']}"`,
        );
      }
      const [trainBars, testBars, warmupBars] = parts as [number, number, number?];
      walkForward = {
        trainBars,
        testBars,
        anchored: values.anchored,
        ...(warmupBars !== undefined ? { warmupBars } : {}),
      };
    }
    const capital = values.capital === undefined ? 100_000 : Number(values.capital);
    const commission = values.commission === undefined ? 2.5 : Number(values.commission);
    const slippage = values.slippage === undefined ? 1 : Number(values.slippage);
    if (!(capital > 0)) return usageError(io, `--capital must be a positive amount, got "${values.capital}"`);
    if (!(commission >= 0))
      return usageError(io, `--commission must be ≥ 0 per contract per fill, got "${values.commission}"`);
    if (!(Number.isInteger(slippage) && slippage >= 0))
      return usageError(io, `--slippage must be a whole number of ticks ≥ 0, got "${values.slippage}"`);
    const threads = positiveInt(values.threads, availableParallelism());
    const attempts = positiveInt(values.attempts, 3);
    const top = positiveInt(values.top, 10);
    for (const [name, v] of [
      ['--threads', threads],
      ['--attempts', attempts],
      ['--top', top],
    ] as const) {
      if (!(Number.isInteger(v) && v >= 1 && v <= 1024))
        return usageError(io, `${name} must be a whole number 1..1024, got ${v}`);
    }
    if (values.redis !== undefined && values.threads !== undefined)
      return usageError(
        io,
        '--threads is for the in-process mode; with --redis, start workers with minhos worker --concurrency N',
      );
    const registry = contractRegistry();
    const root = registry.find(values.root.toUpperCase());
    if (root === undefined || !isFutureSpec(root)) {
      return usageError(
        io,
        `--root must be a futures product (${registry.roots().join(', ')}), got "${values.root}"`,
      );
    }

    const barsPath = resolve(io.cwd, values.bars);
    const loaded = await loadBarsFile(barsPath, {
      ...(values.contract === undefined ? {} : { contract: values.contract }),
      ...(values.tz === undefined ? {} : { timeZone: values.tz }),
    });
    if (loaded.bars.length === 0)
      throw new Error(
        `${barsPath}: no bars${values.contract === undefined ? '' : ` of contract ${values.contract}`}`,
      );
    const front = frontMonthInstrument(root, loaded.bars.time[0] as TimestampUs);
    const spec: SweepSpec = {
      strategy,
      space,
      search,
      data: await dataRef(barsPath, {
        ...(values.contract === undefined ? {} : { contract: values.contract }),
        ...(values.tz === undefined ? {} : { timeZone: values.tz }),
      }),
      instrument: {
        id: front.instrumentId,
        pointValue: root.pointValue,
        tickSize: root.tickSize,
        currency: front.spec.currency,
        marginPerContract: front.spec.marginPerContract,
      },
      costs: { startingCapital: capital, commissionPerContract: commission, slippageTicks: slippage },
      statistic: values.rank,
      order: values.asc ? 'asc' : 'desc',
      ...(walkForward !== undefined ? { walkForward } : {}),
    };
    const plan = await planSweep(spec);
    const store = SweepStore.open(storePath(io.cwd, values.store, values.data));
    let runner: JobRunner | undefined;
    const stop = stopSignal(io);
    try {
      runner =
        values.redis === undefined
          ? new InProcessRunner({ threads: Math.min(threads, plan.jobs.length || 1), attempts })
          : await RedisRunner.connect({
              redis: values.redis,
              attempts,
              ...(values.queue !== undefined ? { queue: values.queue } : {}),
            });
      const where =
        runner.mode === 'redis'
          ? `Redis ${values.redis}`
          : `${runner.slots} worker thread${runner.slots === 1 ? '' : 's'}`;
      io.err(
        `sweep ${plan.id}: ${plan.jobs.length} jobs (${plan.paramSets.length} parameter sets${walkForward ? `, ${plan.jobs.length} walk-forward folds` : ''}) on ${where}`,
      );
      const progress = progressReporter(io, 'sweep', plan.jobs.length);
      const report = await runSweep(plan, {
        runner,
        store,
        signal: stop.signal,
        onProgress: (p) =>
          progress.update(
            p.done,
            p.failed > 0 ? `(${p.failed} failed)` : p.reused > 0 ? `(${p.reused} reused)` : undefined,
          ),
      });
      progress.finish(`${report.completed} completed, ${report.failed} failed, ${report.reused} reused`);
      const interrupted = stop.signal.aborted && report.completed + report.failed < report.total;
      if (values.out !== undefined) {
        const dir = resolve(io.cwd, values.out);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, 'sweep.csv'), sweepReportCsv(report));
        await writeFile(join(dir, 'sweep.json'), `${JSON.stringify(report, null, 2)}\n`);
      }
      if (values.json) io.out(JSON.stringify(report));
      else {
        io.out(table(report, top));
        if (values.out !== undefined)
          io.out(
            `wrote sweep.csv and sweep.json (${report.rows.length} runs) to ${resolve(io.cwd, values.out)}`,
          );
      }
      if (interrupted) {
        io.err('sweep: interrupted — run the same command again to resume (finished jobs are kept)');
        return EXIT_CODES.interrupted;
      }
      return report.failed > 0 && report.completed === 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
    } finally {
      stop.dispose();
      await runner?.close();
      store.close();
    }
  },
};
