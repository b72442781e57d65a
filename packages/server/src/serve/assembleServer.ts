import { join } from 'node:path';
import type { MinhosConfig } from '@minhos/config';
import type { Bar, TimerClock } from '@minhos/core';
import {
  AI_MODULES,
  type AiModuleName,
  type AiModuleParamsInput,
  AiModules,
  type Broker,
  type EngineStore,
  type InstrumentSpec,
  type ModuleLevel,
  moduleFlagsFromConfig,
  moduleParamsFromConfig,
  OrderManager,
  type ReconcileReport,
} from '@minhos/engine';
import { ModelRegistry } from '@minhos/models';
import { type ContractSpec, parseSymbol } from '@minhos/symbols';
import { createServer, type MinhosServer } from '../api/createServer.js';
import { BacktestJobs } from '../runtime/BacktestJobs.js';
import { ConfigSettings } from '../runtime/ConfigSettings.js';
import { DecisionLoop } from '../runtime/DecisionLoop.js';
import { liveRiskGate } from '../runtime/liveRiskGate.js';
import { MarketBook } from '../runtime/MarketBook.js';
import { ModelTrainer } from '../runtime/ModelTrainer.js';
import { RiskSettings } from '../runtime/RiskSettings.js';
import type { ServerDeps, ServiceHealth } from '../runtime/ServerDeps.js';
import { TradingControl } from '../runtime/TradingControl.js';

/** What {@link assembleServer} builds on. */
export interface AssembleInput {
  readonly config: MinhosConfig;
  /** Data folder: token, model registry, config overrides. */
  readonly dataDir: string;
  readonly store: EngineStore;
  readonly clock: TimerClock;
  readonly broker: Broker;
  readonly instrument: InstrumentSpec;
  readonly token: string;
  readonly banner?: string;
  /** Services of the deployment (feed, broker, store); the loop and the model are added. */
  readonly services: () => Record<string, ServiceHealth>;
  /** More symbols the market book shows (data only, e.g. non-CME feeds over DTC). */
  readonly dataSymbols?: readonly string[];
  /** Fusion weights (default the loop's). */
  readonly weights?: Readonly<Record<string, number>>;
}

/** The assembled engine and server. */
export interface AssembledServer {
  readonly server: MinhosServer;
  readonly deps: ServerDeps;
  readonly oms: OrderManager;
  readonly loop: DecisionLoop;
  readonly trainer: ModelTrainer;
  /** The AI modules from config `modules`, running in the loop. */
  readonly aiModules: AiModules;
  readonly reconciled: ReconcileReport;
  /** One closed 1-minute bar (after the broker has seen it): marks the OMS, the market book, the store, then the loop. */
  onBar(bar: Bar, live: boolean): Promise<void>;
}

/**
 * The parts every `minhos serve` runs, embedded default and real deployment alike: live risk
 * settings, module flags, the decision loop (DecisionPipeline + TradingModes, following the API's
 * mode and emergency level), the background model trainer in the data folder's registry, the OMS
 * on the given broker with the live risk gate (reconciled with the broker before anything is sent),
 * backtest jobs on the store, and the API server on all of it.
 */
export async function assembleServer(input: AssembleInput): Promise<AssembledServer> {
  const { store, clock, instrument } = input;
  const settings = new ConfigSettings(input.config, join(input.dataDir, 'config.overrides.json'));
  // Persisted overrides (module modes and parameters included) are in force from the start.
  const config = settings.current;
  const risk = new RiskSettings(config.risk, store);
  const modules = moduleFlagsFromConfig(config, { clock, journal: store });
  const aiModules = new AiModules({
    flags: modules,
    params: moduleParamsFromConfig(config),
    instruments: [instrument],
    // Trading hours of the traded contract (@minhos/symbols), so position intelligence's
    // flatten-before-close and the day's shortfall cut work live; an unknown symbol has none.
    sessions: sessionsOf(instrument.instrumentId),
    journal: store,
    clock,
  });
  // A module's mode or parameter changed through the config API applies from the next bar on,
  // recorded with actor and reason (MODULE_SWITCH / MODULE_PARAMS events).
  settings.onChange((change) => {
    const [section, name, param] = change.path.split('.');
    if (section !== 'modules' || name === undefined || param === undefined) return;
    if (!(AI_MODULES as readonly string[]).includes(name)) return;
    const reason = `config update ${change.path}: ${JSON.stringify(change.previous)} → ${JSON.stringify(change.value)}`;
    if (param === 'mode') modules.setLevel(name, change.value as ModuleLevel, 'api', reason);
    else {
      const params = moduleParamsFromConfig(change.config)[name as AiModuleName];
      aiModules.setParams({ [name]: params } as AiModuleParamsInput, 'api', reason);
    }
  });
  const control = new TradingControl(config.trading.mode);
  const trainer = new ModelTrainer({
    registry: new ModelRegistry(join(input.dataDir, 'models')),
    clock,
    store,
    minTrainingBars: config.models.minTrainingBars,
    deployMinAccuracy: config.models.deployMinAccuracy,
    retrainIntervalHours: config.models.retrainIntervalHours,
  });
  await trainer.load();
  const loop = new DecisionLoop({
    store,
    clock,
    control,
    instrument,
    config,
    risk,
    members: [trainer],
    modules: aiModules,
    ...(input.weights === undefined ? {} : { weights: input.weights }),
  });
  const oms = OrderManager.open({
    modules,
    store,
    broker: input.broker,
    clock,
    instruments: [instrument],
    gate: loop.gate(liveRiskGate(risk)),
    bracket: { stopLossPoints: risk.current.stopLossPoints, takeProfitPoints: risk.current.takeProfitPoints },
    startingCapital: risk.current.capital,
  });
  const reconciled = await oms.reconcile();
  if (!reconciled.ok) throw reconciled.error;
  loop.attach(oms);
  const id = instrument.instrumentId;
  const market = new MarketBook([id, ...(input.dataSymbols ?? [])]);
  const deps: ServerDeps = {
    oms,
    store,
    clock,
    market,
    control,
    risk,
    modules,
    aiModules,
    token: input.token,
    ...(input.banner === undefined ? {} : { banner: input.banner }),
    loop,
    ml: trainer,
    // AI backtests decide as the loop would (its settings, risk bracket, weights, the trainer's
    // registered model), on stores of their own.
    backtests: new BacktestJobs({
      store,
      instruments: [instrument],
      ai: {
        config: () => ({ ...settings.current, risk: risk.current }),
        sessions: sessionsOf(instrument.instrumentId),
        members: async () => [await trainer.backtestMember()],
        ...(input.weights === undefined ? {} : { weights: input.weights }),
      },
    }),
    config: settings,
    services: () => {
      const ml = trainer.status();
      const stats = loop.stats();
      return {
        ...input.services(),
        decision_loop: {
          status: 'running',
          health: 1,
          detail: `${stats.bars} bars, ${stats.signalsProcessed} decisions, mode ${loop.modes.mode}`,
        },
        model: {
          status: ml.state === 'failed' ? 'degraded' : 'running',
          health: ml.state === 'failed' ? 0 : 1,
          detail: `${ml.state}: ${ml.message}`,
        },
      };
    },
  };
  const server = await createServer(deps, {
    corsOrigins: config.network.server.corsOrigins,
    ws: { statusIntervalMs: config.intervals.wsStateMs },
  });
  return {
    server,
    deps,
    oms,
    loop,
    trainer,
    aiModules,
    reconciled: reconciled.value,
    async onBar(bar, live) {
      const now = clock.now();
      oms.onMark(id, bar.close, now);
      market.update(id, { last: bar.close, volume: bar.volume, time: now });
      store.putBars(id, '1m', [bar]);
      await loop.onBar(bar, live);
    },
  };
}

/** The trading hours of `id` by its contract spec, keyed by the id; empty for a symbol @minhos/symbols does not know. */
function sessionsOf(id: string): Record<string, ContractSpec> {
  const parsed = parseSymbol(id);
  return parsed.ok ? { [id]: parsed.value.spec } : {};
}
