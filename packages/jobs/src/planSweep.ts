import { createHash } from 'node:crypto';
import { BACKTESTING_PY_LABELS } from '@minhos/engine';
import { loadSeries } from './internal/loadBars.js';
import { JOB_FORMAT_VERSION } from './JOB_FORMAT_VERSION.js';
import { JobError } from './JobError.js';
import type { BacktestCosts, DataRef, InstrumentJson, JobPayload, StrategyParams } from './JobPayload.js';
import type { PlannedJob } from './JobRunner.js';
import { jobId } from './jobId.js';

/** Values of one parameter: an explicit list, or a range (`step` for a grid, sampled for random search). */
export type ParamValues =
  | readonly number[]
  | { readonly min: number; readonly max: number; readonly step?: number; readonly integer?: boolean };

/** What a sweep explores and how its runs are judged. */
export interface SweepSpec {
  /** A name from {@link STRATEGY_CATALOG}. */
  readonly strategy: string;
  /** Parameter name → values. */
  readonly space: Readonly<Record<string, ParamValues>>;
  /** Grid: every combination (ranges need `step`). Random: `samples` draws, seeded, duplicates dropped. */
  readonly search:
    | { readonly kind: 'grid' }
    | { readonly kind: 'random'; readonly samples: number; readonly seed: number };
  readonly data: DataRef;
  readonly instrument: InstrumentJson;
  readonly costs: BacktestCosts;
  /** Ranking statistic, a `BacktestingPyStats` field (`sharpeRatio`, `returnPct`, `sqn`…). */
  readonly statistic: string;
  /** `'desc'` (default): higher ranks first. */
  readonly order?: 'asc' | 'desc';
  /**
   * Walk-forward instead of one backtest per parameter set: the bars are cut into folds as the
   * engine's `walkForwardBacktest` cuts them, and each fold is one job that picks the best of the
   * parameter sets on its training bars and trades its test bars with them.
   */
  readonly walkForward?: {
    readonly trainBars: number;
    readonly testBars: number;
    readonly anchored?: boolean;
    readonly warmupBars?: number;
  };
}

/** A sweep split into jobs. */
export interface SweepPlan {
  /** Deterministic id of the sweep (sha256 of its spec): the same spec resumes the same sweep. */
  readonly id: string;
  readonly spec: SweepSpec;
  /** Parameter sets explored. */
  readonly paramSets: readonly StrategyParams[];
  readonly jobs: readonly PlannedJob[];
}

function bad(message: string): never {
  throw new JobError('SWEEP_BAD_INPUT', `sweep: ${message}`);
}

function gridValues(name: string, v: ParamValues): number[] {
  if (Array.isArray(v)) {
    if (v.length === 0) bad(`space.${name} has no values`);
    return [...new Set(v as number[])];
  }
  const r = v as Exclude<ParamValues, readonly number[]>;
  if (!(Number.isFinite(r.min) && Number.isFinite(r.max) && r.max >= r.min))
    bad(`space.${name}: need min ≤ max, got ${r.min}..${r.max}`);
  if (r.step === undefined || !(r.step > 0)) bad(`space.${name}: a grid over a range needs step > 0`);
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const x = Number((r.min + i * r.step).toFixed(10));
    if (x > r.max + 1e-12) break;
    out.push(x);
    if (out.length > 100_000) bad(`space.${name}: more than 100000 values`);
  }
  return out;
}

// mulberry32: small, seeded, the same sequence everywhere (the paper broker uses it too).
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paramSets(spec: SweepSpec): StrategyParams[] {
  const names = Object.keys(spec.space).sort();
  if (names.length === 0) bad('space has no parameters');
  if (spec.search.kind === 'grid') {
    let sets: Record<string, number>[] = [{}];
    for (const name of names) {
      const values = gridValues(name, spec.space[name] as ParamValues);
      sets = sets.flatMap((s) => values.map((v) => ({ ...s, [name]: v })));
      if (sets.length > 100_000) bad('the grid has more than 100000 parameter sets');
    }
    return sets;
  }
  const { samples, seed } = spec.search;
  if (!(Number.isInteger(samples) && samples >= 1)) bad(`random search needs samples ≥ 1, got ${samples}`);
  const rand = mulberry32(seed);
  const seen = new Set<string>();
  const sets: Record<string, number>[] = [];
  for (let i = 0; i < samples; i++) {
    const s: Record<string, number> = {};
    for (const name of names) {
      const v = spec.space[name] as ParamValues;
      if (Array.isArray(v)) {
        if (v.length === 0) bad(`space.${name} has no values`);
        s[name] = v[Math.floor(rand() * v.length)] as number;
      } else {
        const r = v as Exclude<ParamValues, readonly number[]>;
        const x = r.min + rand() * (r.max - r.min);
        s[name] = r.integer === true ? Math.min(r.max, Math.floor(x + 0.5)) : x;
      }
    }
    const key = JSON.stringify(s);
    if (!seen.has(key)) {
      seen.add(key);
      sets.push(s);
    }
  }
  return sets;
}

/**
 * Splits a sweep into jobs with deterministic ids: one backtest per parameter set, or one
 * walk-forward fold per test window. Reads the data once (hash verified) to know its length.
 *
 * @throws {@link JobError} `SWEEP_BAD_INPUT` for an empty space, a range without step in a grid, an
 * unknown statistic, or windows that do not fit the data.
 * @example
 * ```ts
 * import { dataRef, planSweep } from '@minhos/jobs';
 * const plan = await planSweep({
 *   strategy: 'sma-crossover', space: { fast: [5, 10], slow: [20, 40] }, search: { kind: 'grid' },
 *   data: await dataRef('data/ohlcv/es_1min_trade_lean.csv', { contract: 'ES201312' }),
 *   instrument: { id: 'ESZ13.CME', pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12000 },
 *   costs: { startingCapital: 100000, commissionPerContract: 2.5 }, statistic: 'sharpeRatio',
 * });
 * plan.jobs.length; // 4
 * ```
 */
export async function planSweep(spec: SweepSpec): Promise<SweepPlan> {
  if (!BACKTESTING_PY_LABELS.some(([, f]) => f === spec.statistic)) {
    bad(`statistic "${spec.statistic}" is not one of ${BACKTESTING_PY_LABELS.map(([, f]) => f).join(', ')}`);
  }
  const order = spec.order ?? 'desc';
  const sets = paramSets(spec);
  const base = {
    format: JOB_FORMAT_VERSION,
    data: spec.data,
    instrument: spec.instrument,
    costs: spec.costs,
  };
  const payloads: JobPayload[] = [];
  if (spec.walkForward === undefined) {
    for (const params of sets) payloads.push({ kind: 'backtest', strategy: spec.strategy, params, ...base });
  } else {
    const wf = spec.walkForward;
    const length = (await loadSeries(spec.data)).length;
    const warmupBars = wf.warmupBars ?? 0;
    for (const [name, v, min] of [
      ['trainBars', wf.trainBars, 1],
      ['testBars', wf.testBars, 1],
      ['warmupBars', warmupBars, 0],
    ] as const) {
      if (!(Number.isInteger(v) && v >= min))
        bad(`walkForward.${name} must be a whole number ≥ ${min}, got ${v}`);
    }
    if (warmupBars > wf.trainBars)
      bad(`walkForward.warmupBars (${warmupBars}) must not exceed trainBars (${wf.trainBars})`);
    if (length < wf.trainBars + wf.testBars) {
      bad(
        `walkForward needs at least trainBars + testBars = ${wf.trainBars + wf.testBars} bars, the data has ${length}`,
      );
    }
    // The same cut as the engine's walkForwardBacktest (tested against it): consecutive test
    // windows after the first trainBars, each trained on the trainBars before it (all when anchored).
    const folds: { train: { from: number; to: number }; test: { from: number; to: number } }[] = [];
    for (let from = wf.trainBars; from < length; from += wf.testBars) {
      folds.push({
        train: { from: wf.anchored === true ? 0 : from - wf.trainBars, to: from },
        test: { from, to: Math.min(length, from + wf.testBars) },
      });
    }
    for (const [i, f] of folds.entries()) {
      payloads.push({
        kind: 'walk-forward-fold',
        strategy: spec.strategy,
        grid: sets,
        statistic: spec.statistic,
        order,
        fold: i,
        train: f.train,
        test: f.test,
        warmupBars,
        ...base,
      });
    }
  }
  const id = `sw-${createHash('sha256')
    .update(JSON.stringify(payloads.map((p) => jobId(p))))
    .update(`${spec.statistic}|${order}`)
    .digest('hex')
    .slice(0, 16)}`;
  return { id, spec, paramSets: sets, jobs: payloads.map((payload) => ({ id: jobId(payload), payload })) };
}
