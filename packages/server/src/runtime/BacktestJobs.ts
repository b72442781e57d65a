import { defaultConfig } from '@minhos/config';
import type { Bar, InstrumentId } from '@minhos/core';
import {
  BACKTESTING_PY_LABELS,
  backtestingPyStats,
  type DecisionRecord as EngineDecision,
  type EngineStore,
  type EventBacktestOptions,
  eventBacktest,
  type InstrumentSpec,
  type QualitySummary,
  smaCrossoverStrategy,
  traditionalTaStrategy,
} from '@minhos/engine';
import { type AiBacktestParts, type AiBacktestSetup, aiBacktestParts } from './aiBacktest.js';

/** Strategies a backtest job can run, with their parameters. */
export type BacktestStrategy =
  | { readonly name: 'sma'; readonly fast: number; readonly slow: number; readonly quantity: number }
  | { readonly name: 'ta'; readonly quantity: number }
  /**
   * The AI decision pipeline in full_auto at `threshold` (0..1, default config
   * `trading.autonomousThreshold`, else 0.75): Kelly sizes every entry, so no quantity. The AI
   * modules run at their configured levels (`modules: 'config'`, default), as in the live loop,
   * or not at all (`'off'`).
   */
  | { readonly name: 'ai'; readonly threshold?: number; readonly modules?: 'config' | 'off' };

/** What a client asks for. */
export interface BacktestRequest {
  readonly symbol: string;
  /** Stored timeframe of the bars (`1m`). */
  readonly timeframe: string;
  readonly strategy: BacktestStrategy;
  /** Time range of the stored bars, µs (default all). */
  readonly from?: number;
  readonly to?: number;
  readonly startingCapital: number;
  readonly commissionPerContract: number;
  readonly slippageTicks: number;
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
}

/** One job. */
export interface BacktestJob {
  readonly id: string;
  readonly request: BacktestRequest;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  /** 0..1 of the bars replayed. */
  progress: number;
  /** ms since the epoch (wall clock: a job is a server task, not a market event). */
  readonly createdAt: number;
  finishedAt?: number;
  error?: string;
  result?: BacktestJobResult;
}

/** The results: the stats table, the equity curve and the trades. */
export interface BacktestJobResult {
  readonly bars: number;
  readonly stats: Readonly<Record<string, number | string | null>>;
  /** `[label, value]` rows in backtesting.py's order. */
  readonly table: readonly (readonly [string, number | string | null])[];
  /** At most `maxEquityPoints` marks, evenly thinned. */
  readonly equity: readonly { readonly time: number; readonly equity: number }[];
  readonly trades: readonly {
    readonly entryTime: number;
    readonly exitTime: number;
    readonly quantity: number;
    readonly entryPrice: number;
    readonly exitPrice: number;
    readonly pnl: number;
  }[];
  /** The AI pipeline's decisions (strategy `ai` only). */
  readonly decisions?: BacktestDecisions;
}

/** What an AI backtest decided: the most recent records, their quality, the outcome counts. */
export interface BacktestDecisions {
  /** Decisions made in the run. */
  readonly total: number;
  /** The most recent `maxDecisions` records, oldest first (each with its quality score). */
  readonly records: readonly EngineDecision[];
  /** Older records not kept (`total - records.length`). */
  readonly dropped: number;
  /** Decisions per outcome status (`submitted`, `denied`, `signal_only`, ...), over all of them. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** The pipeline's decision-quality summary (last 20 decisions), undefined without decisions. */
  readonly quality: QualitySummary | undefined;
  /** The model members as loaded (a missing or untrained one weighs 0). */
  readonly members: readonly { readonly name: string; readonly state: string; readonly reason: string }[];
  /** full_auto threshold the run used. */
  readonly threshold: number;
  /**
   * The AI modules of the run: each module's level (`off` / `observe` / `enforce`), the actions
   * they took per `module:kind`, and how many of them changed something. Absent when none ran.
   */
  readonly modules?: {
    readonly levels: Readonly<Record<string, string>>;
    readonly actions: Readonly<Record<string, number>>;
    readonly applied: number;
  };
}

/** The outcome of {@link BacktestJobs.start}. */
export type BacktestStart =
  | { readonly ok: true; readonly job: BacktestJob }
  | { readonly ok: false; readonly code: 'BUSY' | 'NO_DATA' | 'UNKNOWN_SYMBOL'; readonly message: string };

/** Options of {@link BacktestJobs}. */
export interface BacktestJobsOptions {
  readonly store: EngineStore;
  readonly instruments: readonly InstrumentSpec[];
  /** Jobs running at once (default 2); more are refused with BUSY, never queued without bound. */
  readonly concurrency?: number;
  /** Finished jobs kept (default 20). */
  readonly keep?: number;
  readonly maxEquityPoints?: number;
  /** Settings and model members of AI backtests (default: the default config, no model members). */
  readonly ai?: AiBacktestSetup;
  /** Decision records an AI backtest keeps, the most recent (default 2,000). */
  readonly maxDecisions?: number;
}

class Cancelled extends Error {}

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Backtests on the bars in the engine store, run by the engine's `eventBacktest` in the server
 * process, bounded (at most `concurrency` at a time), with progress, cancellable (checked after
 * every bar; the run yields to the event loop every 500 bars, 100 for the AI pipeline, so the API
 * keeps answering), and the results as backtesting.py's stats table, the equity curve and the
 * trades. Strategy `ai` runs the AI decision pipeline ({@link aiBacktestParts}) on a store of its
 * own and keeps its most recent decision records, their quality summary and outcome counts
 * ({@link BacktestJobs.decisions}).
 */
export class BacktestJobs {
  readonly #o: BacktestJobsOptions;
  readonly #jobs = new Map<string, BacktestJob>();
  readonly #cancel = new Set<string>();
  readonly #listeners = new Set<(job: BacktestJob) => void>();
  #seq = 0;

  constructor(options: BacktestJobsOptions) {
    this.#o = options;
  }

  /** Every job, newest first. */
  list(): BacktestJob[] {
    return [...this.#jobs.values()].reverse();
  }

  get(id: string): BacktestJob | undefined {
    return this.#jobs.get(id);
  }

  /** Calls `listener` on every progress step and state change. */
  onUpdate(listener: (job: BacktestJob) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts a job (refused when `concurrency` are running, the symbol is unknown or no bars are stored). */
  start(request: BacktestRequest): BacktestStart {
    const spec = this.#o.instruments.find((i) => i.instrumentId === request.symbol);
    if (spec === undefined) {
      return {
        ok: false,
        code: 'UNKNOWN_SYMBOL',
        message: `symbol ${request.symbol} is not traded here (${this.#o.instruments.map((i) => i.instrumentId).join(', ')})`,
      };
    }
    const running = [...this.#jobs.values()].filter((j) => j.status === 'running').length;
    const limit = this.#o.concurrency ?? 2;
    if (running >= limit) {
      return {
        ok: false,
        code: 'BUSY',
        message: `${running} backtests are running (at most ${limit}); wait or cancel one`,
      };
    }
    const bars = this.#o.store.bars(
      request.symbol as InstrumentId,
      request.timeframe,
      request.from ?? 0,
      request.to ?? Number.MAX_SAFE_INTEGER,
    );
    if (bars.length < 2) {
      return {
        ok: false,
        code: 'NO_DATA',
        message: `only ${bars.length} stored ${request.timeframe} bars of ${request.symbol} in that range`,
      };
    }
    this.#seq += 1;
    const job: BacktestJob = {
      id: `bt-${this.#seq}`,
      request,
      status: 'running',
      progress: 0,
      createdAt: Date.now(),
    };
    this.#jobs.set(job.id, job);
    this.#trim();
    void this.#run(job, spec, bars);
    this.#emit(job);
    return { ok: true, job };
  }

  /** Asks a running job to stop; false when it is not running. */
  cancel(id: string): boolean {
    const job = this.#jobs.get(id);
    if (job === undefined || job.status !== 'running') return false;
    this.#cancel.add(id);
    return true;
  }

  /** Resolves when no job is running. */
  async idle(): Promise<void> {
    while ([...this.#jobs.values()].some((j) => j.status === 'running')) await yieldToLoop();
  }

  /** The strategy (and for `ai` the pipeline that records its decisions) of a request. */
  async #setup(
    r: BacktestRequest,
    spec: InstrumentSpec,
    bars: Bar[],
  ): Promise<{
    run: Pick<EventBacktestOptions, 'strategy'> & Partial<EventBacktestOptions>;
    ai?: AiBacktestParts;
  }> {
    const s = r.strategy;
    if (s.name === 'sma') {
      return {
        run: {
          strategy: smaCrossoverStrategy({
            fast: s.fast,
            slow: s.slow,
            quantity: s.quantity,
            ...(r.bracket === undefined ? {} : { bracket: r.bracket }),
          }),
        },
      };
    }
    if (s.name === 'ta') return { run: { strategy: traditionalTaStrategy({ quantity: s.quantity }) } };
    const setup = this.#o.ai ?? { config: () => defaultConfig };
    const ai = await aiBacktestParts({
      setup,
      instrument: spec,
      bars,
      threshold: this.#threshold(s.threshold),
      commissionPerContract: r.commissionPerContract,
      ...(r.bracket === undefined ? {} : { bracket: r.bracket }),
      ...(s.modules === undefined ? {} : { modules: s.modules }),
    });
    return { run: ai.run, ai };
  }

  #threshold(asked: number | undefined): number {
    return asked ?? this.#o.ai?.config().trading.autonomousThreshold ?? 0.75;
  }

  async #run(job: BacktestJob, spec: InstrumentSpec, bars: Bar[]): Promise<void> {
    const r = job.request;
    let step = 0;
    let ai: AiBacktestParts | undefined;
    try {
      await yieldToLoop();
      const setup = await this.#setup(r, spec, bars);
      ai = setup.ai;
      const yieldEvery = ai === undefined ? 500 : 100;
      const result = await eventBacktest({
        series: [{ instrument: spec, bars }],
        ...setup.run,
        startingCapital: r.startingCapital,
        commissionPerContract: r.commissionPerContract,
        slippageTicks: r.slippageTicks,
        closeAtEnd: 'lastClose',
        afterStep: async () => {
          step += 1;
          if (this.#cancel.has(job.id)) throw new Cancelled();
          if (step % yieldEvery === 0) {
            job.progress = step / bars.length;
            this.#emit(job);
            await yieldToLoop();
          }
        },
      });
      const inst = result.instruments[0];
      const stats = backtestingPyStats({
        // The job's own bar objects (the result hands back what it was given).
        bars,
        equity: inst?.equity ?? result.equity,
        trades: result.trades,
      });
      const record = stats as unknown as Record<string, unknown>;
      const plain = (v: unknown): number | string | null =>
        typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' ? v : null;
      const table = BACKTESTING_PY_LABELS.map(([label, field]) => [label, plain(record[field])] as const);
      const statsOut: Record<string, number | string | null> = {};
      for (const [, field] of BACKTESTING_PY_LABELS) statsOut[field] = plain(record[field]);
      const max = this.#o.maxEquityPoints ?? 500;
      const every = Math.max(1, Math.ceil(result.equity.length / max));
      const equity: { time: number; equity: number }[] = [];
      for (let i = 0; i < result.equity.length; i += every) {
        equity.push({ time: result.times[i] as number, equity: result.equity[i] as number });
      }
      // The AI run's store is its own (closed in `finally`); the others' is the backtester's default.
      if (ai === undefined) result.store.close();
      result.broker.close();
      job.result = {
        bars: bars.length,
        stats: statsOut,
        table,
        equity,
        trades: result.trades.map((t) => ({
          entryTime: t.entryTime,
          exitTime: t.exitTime,
          quantity: t.quantity,
          entryPrice: t.entryPrice,
          exitPrice: t.exitPrice,
          pnl: t.pnl,
        })),
        ...(ai === undefined
          ? {}
          : { decisions: this.#decisions(ai, r.strategy.name === 'ai' ? r.strategy.threshold : undefined) }),
      };
      job.status = 'done';
      job.progress = 1;
    } catch (e) {
      if (e instanceof Cancelled) job.status = 'cancelled';
      else {
        job.status = 'failed';
        job.error = (e as Error).message;
      }
    } finally {
      ai?.store.close();
      this.#cancel.delete(job.id);
      job.finishedAt = Date.now();
      this.#emit(job);
    }
  }

  #decisions(ai: AiBacktestParts, threshold: number | undefined): BacktestDecisions {
    const all = ai.pipeline.decisions();
    const max = this.#o.maxDecisions ?? 2000;
    const outcomes: Record<string, number> = {};
    for (const d of all) outcomes[d.outcome.status] = (outcomes[d.outcome.status] ?? 0) + 1;
    const records = all.slice(-max);
    return {
      total: all.length,
      records,
      dropped: all.length - records.length,
      outcomes,
      quality: ai.pipeline.qualitySummary(),
      members: ai.members,
      threshold: this.#threshold(threshold),
      ...(ai.modules === undefined ? {} : { modules: moduleSummary(ai.modules) }),
    };
  }

  /** A finished AI backtest's decisions; an error value when the job is unknown, not done, or not `ai`. */
  decisions(id: string):
    | { readonly ok: true; readonly job: BacktestJob; readonly decisions: BacktestDecisions }
    | {
        readonly ok: false;
        readonly code: 'NOT_FOUND' | 'NOT_DONE' | 'NO_DECISIONS';
        readonly message: string;
      } {
    const job = this.#jobs.get(id);
    if (job === undefined) return { ok: false, code: 'NOT_FOUND', message: `backtest ${id} is unknown` };
    if (job.status !== 'done')
      return {
        ok: false,
        code: 'NOT_DONE',
        message: `backtest ${id} is ${job.status}: its decisions are readable once it is done`,
      };
    const decisions = job.result?.decisions;
    if (decisions === undefined)
      return {
        ok: false,
        code: 'NO_DECISIONS',
        message: `backtest ${id} ran strategy ${job.request.strategy.name}, which records no decisions (run strategy ai)`,
      };
    return { ok: true, job, decisions };
  }

  #trim(): void {
    const keep = this.#o.keep ?? 20;
    for (const [id, j] of this.#jobs) {
      if (this.#jobs.size <= keep) break;
      if (j.status !== 'running') this.#jobs.delete(id);
    }
  }

  #emit(job: BacktestJob): void {
    for (const l of this.#listeners) l(job);
  }
}

/** Per `module:kind` counts of an AI backtest's module actions. */
function moduleSummary(
  m: NonNullable<AiBacktestParts['modules']>,
): NonNullable<BacktestDecisions['modules']> {
  const actions: Record<string, number> = {};
  let applied = 0;
  for (const a of m.actions()) {
    const key = `${a.module}:${a.kind}`;
    actions[key] = (actions[key] ?? 0) + 1;
    if (a.applied) applied += 1;
  }
  return { levels: m.levels, actions, applied };
}
