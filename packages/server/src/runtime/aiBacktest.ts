import type { MinhosConfig } from '@minhos/config';
import { type Bar, SimulatedClock } from '@minhos/core';
import {
  AI_MODULES,
  AiModules,
  aiStrategy,
  DecisionPipeline,
  type EngineStore,
  type EventBacktestOptions,
  type InstrumentSpec,
  kellySettingsFromConfig,
  type ModuleAction,
  moduleFlagsFromConfig,
  moduleIntentOf,
  moduleParamsFromConfig,
  openStore,
  type SignalMember,
  type Strategy,
  TradingModes,
  traditionalTaMember,
} from '@minhos/engine';
import type { ContractSpec } from '@minhos/symbols';
import { bucketedMember } from './bucketedMember.js';
import { DEFAULT_FUSION_WEIGHTS } from './DecisionLoop.js';
import { SMA_FAST, SMA_SLOW, smaCrossoverMember } from './smaCrossoverMember.js';

/** What the server gives AI backtests: its settings and the members it has beyond the rules. */
export interface AiBacktestSetup {
  /**
   * The settings in force (`trading` threshold and commission, `risk` bracket, `kelly`, and
   * `modules`: the AI modules run in the backtest at the levels and parameters configured, as in
   * the live loop; without `modules` none run).
   */
  readonly config: () => Pick<MinhosConfig, 'trading' | 'risk' | 'kelly'> &
    Partial<Pick<MinhosConfig, 'modules'>>;
  /** Trading hours per instrument id, for the modules' flatten-before-close (the live loop's). */
  readonly sessions?: Readonly<Record<string, ContractSpec>>;
  /**
   * Fresh model members for one run (e.g. the registry's current `model`); a missing or
   * untrained model is a member in that state, weighs 0, and every decision says so. Each run
   * gets its own, since a member keeps a feature stream per series.
   */
  readonly members?: () => Promise<readonly SignalMember[]>;
  /** Fusion weights (default the decision loop's {@link DEFAULT_FUSION_WEIGHTS}). */
  readonly weights?: Readonly<Record<string, number>>;
}

/** Options of {@link aiBacktestParts}. */
export interface AiBacktestPartsOptions {
  readonly setup: AiBacktestSetup;
  readonly instrument: InstrumentSpec;
  /** The bars of the run, 1-minute, oldest first (at least one). */
  readonly bars: readonly Bar[];
  /** full_auto's autonomous threshold, 0..1. */
  readonly threshold: number;
  /** Bracket of the entries, points (default config `risk`). */
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  readonly commissionPerContract: number;
  /** `'config'` (default): the AI modules as configured; `'off'`: none (the pipeline alone). */
  readonly modules?: 'config' | 'off';
}

/** The pieces of one AI backtest: what `eventBacktest` takes, the pipeline that records, the members' load states. */
export interface AiBacktestParts {
  readonly pipeline: DecisionPipeline;
  /** Spread into `eventBacktest`'s options: strategy, executor, gate, clock, store, scheduled attach. */
  readonly run: Pick<
    EventBacktestOptions,
    'strategy' | 'executor' | 'gate' | 'clock' | 'store' | 'scheduled'
  >;
  /** The run's own in-memory store (never the live one): close it when the results are read. */
  readonly store: EngineStore;
  /** The model members as loaded (name, state, why). */
  readonly members: readonly { readonly name: string; readonly state: string; readonly reason: string }[];
  /** The AI modules of the run (absent when none run): their levels and every action they took. */
  readonly modules?: {
    readonly levels: Readonly<Record<string, string>>;
    readonly actions: () => readonly ModuleAction[];
  };
}

/**
 * The AI decision pipeline for a backtest, set up as `examples/src/backtestAiPipeline.ts` does and
 * with the live decision loop's members: `sma-crossover` on the 1-minute bars, `traditional-ta` on
 * 15-minute bars built from them, and the server's model members (their load state recorded),
 * market-state regime, fusion with the loop's weights, Kelly sizing from config `kelly` with the
 * bracket's stop, full_auto at `threshold`, all on a `SimulatedClock` and a store of its own
 * (`openStore(':memory:')`) so the live store never sees a backtest's decisions or orders. As in
 * the loop, a fused direction is decided once (not again at every bar it stays unexecuted). The
 * AI modules of `config.modules` run as in the loop, at their configured levels (observe records,
 * enforce acts), unless `modules: 'off'`.
 *
 * @example
 * ```ts
 * import { defaultConfig } from '@minhos/config';
 * import { eventBacktest } from '@minhos/engine';
 * import { aiBacktestParts } from '@minhos/server';
 * declare const es: import('@minhos/engine').InstrumentSpec;
 * declare const bars: import('@minhos/core').Bar[];
 * const ai = await aiBacktestParts({ setup: { config: () => defaultConfig }, instrument: es, bars, threshold: 0.75, commissionPerContract: 2.5 });
 * const run = await eventBacktest({ series: [{ instrument: es, bars }], startingCapital: 100_000, ...ai.run });
 * ai.pipeline.decisions().length;
 * ai.store.close();
 * ```
 */
export async function aiBacktestParts(options: AiBacktestPartsOptions): Promise<AiBacktestParts> {
  const config = options.setup.config();
  const first = options.bars[0];
  if (first === undefined) throw new Error('aiBacktestParts: bars must not be empty');
  const kelly = kellySettingsFromConfig(config as MinhosConfig);
  if (!kelly.ok) throw kelly.error;
  const models = (await options.setup.members?.()) ?? [];
  const opened = openStore(':memory:');
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const clock = new SimulatedClock(first.time);
  const modes = new TradingModes({
    clock,
    store,
    mode: 'full_auto',
    autonomousThreshold: options.threshold,
    approvalTimeoutSeconds: config.trading.approvalTimeoutSeconds,
  });
  // The AI modules as the live loop runs them (supervised members, policy, balancer, position
  // intelligence, amplification, smart execution), switched by the configured levels.
  const aiModules =
    options.modules === 'off' || config.modules === undefined
      ? undefined
      : new AiModules({
          flags: moduleFlagsFromConfig({ modules: config.modules }, { clock, journal: store }),
          params: moduleParamsFromConfig({ modules: config.modules }),
          instruments: [options.instrument],
          ...(options.setup.sessions === undefined ? {} : { sessions: options.setup.sessions }),
          journal: store,
          clock,
        });
  const supervised = (m: SignalMember): SignalMember => (aiModules === undefined ? m : aiModules.member(m));
  const bracket = options.bracket ?? {
    stopLossPoints: config.risk.stopLossPoints,
    takeProfitPoints: config.risk.takeProfitPoints,
  };
  const pipeline = new DecisionPipeline({
    modes,
    store,
    instruments: [options.instrument],
    bracket,
    kelly: kelly.value,
    commissionPerContract: options.commissionPerContract,
    strategyName: 'ai-pipeline',
    ...(aiModules === undefined ? {} : { hooks: aiModules.hooks }),
  });
  // As the live loop: a direction is decided once, not again at every bar while Kelly sizes it
  // to zero or the mode holds it as a signal; it is decided anew after the view went flat or held.
  let lastDirection = 0;
  const inner = aiStrategy({
    members: [smaCrossoverMember(10, 30), bucketedMember(traditionalTaMember(20), 15), ...models].map(
      supervised,
    ),
    fusion: { weights: options.setup.weights ?? DEFAULT_FUSION_WEIGHTS },
    regime: {},
    bracket,
    onAnalysis: (ctx, a) => {
      const held = Math.sign(ctx.position + ctx.pending);
      if (a.fused.direction === 0 || a.fused.direction === held) lastDirection = a.fused.direction;
      aiModules?.onAnalysis(ctx, a);
    },
  });
  const withModules = aiModules === undefined ? inner : aiModules.strategy(inner);
  const strategy: Strategy = {
    ...inner,
    // The crossover member reads its SMAs from the strategy's indicators, as in the live loop.
    indicators: { [SMA_FAST]: { kind: 'sma', period: 10 }, [SMA_SLOW]: { kind: 'sma', period: 30 } },
    async onBar(ctx) {
      const intents = await withModules.onBar(ctx);
      // The decide-once rule is the fused signal's; the modules' own intents (exits, reductions,
      // adds: no `fused` analysis of their own) always go on.
      const fresh = intents.filter(
        (i) => moduleIntentOf(i) !== undefined || Math.sign(i.target) !== lastDirection,
      );
      for (const i of fresh) if (moduleIntentOf(i) === undefined) lastDirection = Math.sign(i.target);
      return fresh;
    },
  };
  return {
    pipeline,
    store,
    members: models.map((m) => {
      const loaded = m as SignalMember & { loadState?: string; loadReason?: string };
      return { name: m.name, state: loaded.loadState ?? 'active', reason: loaded.loadReason ?? '' };
    }),
    run: {
      strategy,
      executor: pipeline.executor,
      gate: pipeline.gate(),
      clock,
      store,
      scheduled: [
        {
          at: first.time,
          run: (h) => {
            pipeline.attach(h.oms);
            aiModules?.attach(h.oms, pipeline);
          },
        },
      ],
    },
    ...(aiModules === undefined
      ? {}
      : {
          modules: {
            levels: Object.fromEntries(AI_MODULES.map((m) => [m, aiModules.flags.level(m)])),
            actions: () => aiModules.actions(),
          },
        }),
  };
}
