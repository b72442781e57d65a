import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { defaultConfig } from '@minhos/config';
import { type Bar, type InstrumentId, SimulatedClock, type TimestampUs } from '@minhos/core';
import { ModuleFlags, OrderManager, openStore, PaperBroker } from '@minhos/engine';
import { ModelRegistry } from '@minhos/models';
import { createServer, type MinhosServer } from '../api/createServer.js';
import type { ServerOptions } from '../api/ServerOptions.js';
import { BacktestJobs } from '../runtime/BacktestJobs.js';
import { ConfigSettings } from '../runtime/ConfigSettings.js';
import { DecisionLoop } from '../runtime/DecisionLoop.js';
import { liveRiskGate } from '../runtime/liveRiskGate.js';
import { MarketBook } from '../runtime/MarketBook.js';
import { ModelTrainer } from '../runtime/ModelTrainer.js';
import { RiskSettings } from '../runtime/RiskSettings.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { TradingControl } from '../runtime/TradingControl.js';

/** Test token (never a real one). */
export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
export const ES = 'ES' as InstrumentId;
const T0 = Date.UTC(2025, 10, 3, 15, 0, 0) * 1000;

/**
 * A server on a real OMS + paper broker + in-memory store, the decision loop (manual mode unless
 * `mode` says otherwise), a model trainer on an empty registry, backtest jobs, a simulated clock
 * and captured logs. `bar(b)` feeds one closed 1-minute bar through broker, OMS, store and loop.
 */
export async function testServer(
  options: ServerOptions & {
    configPath?: string;
    mode?: 'manual' | 'semi_auto' | 'full_auto';
    minTrainingBars?: number;
    /** Capture the JSON log lines in `logs` (default true; benchmarks turn it off, as `minhos serve` runs). */
    captureLogs?: boolean;
  } = {},
): Promise<{
  server: MinhosServer;
  deps: ServerDeps;
  clock: SimulatedClock;
  paper: PaperBroker;
  logs: string[];
  trade: (price: number, volume?: number) => void;
  bar: (bar: Bar) => Promise<void>;
  loop: DecisionLoop;
  trainer: ModelTrainer;
  auth: { authorization: string };
}> {
  const clock = new SimulatedClock(T0);
  const opened = openStore(':memory:');
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const spec = {
    instrumentId: ES,
    pointValue: 50,
    tickSize: 0.25,
    currency: 'USD' as const,
    marginPerContract: 12_000,
  };
  const paper = new PaperBroker({ clock, instruments: [spec], commissionPerContract: 2.5, slippageTicks: 0 });
  const config = {
    ...defaultConfig,
    risk: { ...defaultConfig.risk, stopLossPoints: 8, takeProfitPoints: 16 },
    kelly: { ...defaultConfig.kelly, maxRiskFraction: 0.005 },
  };
  const risk = new RiskSettings(config.risk, store);
  const modules = new ModuleFlags({}, { clock, journal: store });
  const control = new TradingControl(options.mode ?? 'manual');
  const trainer = new ModelTrainer({
    registry: new ModelRegistry(mkdtempSync(join(tmpdir(), 'minhos-test-registry-'))),
    clock,
    store,
    minTrainingBars: options.minTrainingBars ?? 100_000,
    deployMinAccuracy: defaultConfig.models.deployMinAccuracy,
  });
  await trainer.load();
  const loop = new DecisionLoop({
    store,
    clock,
    control,
    instrument: spec,
    config,
    risk,
    members: [trainer],
  });
  const oms = OrderManager.open({
    modules,
    store,
    broker: paper,
    clock,
    instruments: [spec],
    gate: loop.gate(liveRiskGate(risk)),
    bracket: { stopLossPoints: 10, takeProfitPoints: 20 },
    startingCapital: 100_000,
  });
  await oms.reconcile();
  loop.attach(oms);
  const market = new MarketBook(['ES']);
  const deps: ServerDeps = {
    oms,
    store,
    clock,
    market,
    control,
    risk,
    modules,
    token: TEST_TOKEN,
    banner: 'simulated feed / paper',
    config: new ConfigSettings(defaultConfig, options.configPath),
    loop,
    ml: trainer,
    backtests: new BacktestJobs({
      store,
      instruments: [spec],
      ai: { config: () => config, members: async () => [await trainer.backtestMember()] },
    }),
    services: () => ({
      market_data: { status: 'running', health: 1 },
      broker: { status: 'running', health: 1 },
    }),
  };
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const server = await createServer(deps, {
    ...(options.captureLogs === false ? {} : { logStream }),
    ws: { statusIntervalMs: 0, heartbeatMs: 0 },
    ...options,
  });
  const trade = (price: number, volume = 10) => {
    clock.advanceBy(1_000_000);
    const now = clock.now();
    oms.onMark(ES, price, now);
    market.update('ES', { last: price, bid: price - 0.25, ask: price, volume, time: now });
    paper.onTrade(ES, price, volume, now);
  };
  const bar = async (b: Bar) => {
    const close = (b.time + 60_000_000) as TimestampUs;
    if (close > clock.now()) clock.advanceTo(close);
    paper.onBar(ES, b);
    oms.onMark(ES, b.close, clock.now());
    market.update('ES', { last: b.close, volume: b.volume, time: clock.now() });
    store.putBars(ES, '1m', [b]);
    await loop.onBar(b, true);
  };
  return {
    server,
    deps,
    clock,
    paper,
    logs,
    trade,
    bar,
    loop,
    trainer,
    auth: { authorization: `Bearer ${TEST_TOKEN}` },
  };
}
