import { Writable } from 'node:stream';
import { defaultConfig } from '@minhos/config';
import { type InstrumentId, SimulatedClock } from '@minhos/core';
import { ModuleFlags, OrderManager, openStore, PaperBroker } from '@minhos/engine';
import { createServer, type MinhosServer } from '../api/createServer.js';
import type { ServerOptions } from '../api/ServerOptions.js';
import { ConfigSettings } from '../runtime/ConfigSettings.js';
import { liveRiskGate } from '../runtime/liveRiskGate.js';
import { MarketBook } from '../runtime/MarketBook.js';
import { RiskSettings } from '../runtime/RiskSettings.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { TradingControl } from '../runtime/TradingControl.js';

/** Test token (never a real one). */
export const TEST_TOKEN = 'test-token-0123456789abcdefghijklmnopqrstuvwxyz';
export const ES = 'ES' as InstrumentId;
const T0 = Date.UTC(2025, 10, 3, 15, 0, 0) * 1000;

/** A server on a real OMS + paper broker + in-memory store, a simulated clock and captured logs. */
export async function testServer(options: ServerOptions & { configPath?: string } = {}): Promise<{
  server: MinhosServer;
  deps: ServerDeps;
  clock: SimulatedClock;
  paper: PaperBroker;
  logs: string[];
  trade: (price: number, volume?: number) => void;
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
  const risk = new RiskSettings(defaultConfig.risk, store);
  const modules = new ModuleFlags();
  const oms = OrderManager.open({
    modules,
    store,
    broker: paper,
    clock,
    instruments: [spec],
    gate: liveRiskGate(risk),
    bracket: { stopLossPoints: 10, takeProfitPoints: 20 },
    startingCapital: 100_000,
  });
  await oms.reconcile();
  const market = new MarketBook(['ES']);
  const deps: ServerDeps = {
    oms,
    store,
    clock,
    market,
    control: new TradingControl('manual'),
    risk,
    modules,
    token: TEST_TOKEN,
    banner: 'simulated feed / paper',
    config: new ConfigSettings(defaultConfig, options.configPath),
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
    logStream,
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
  return { server, deps, clock, paper, logs, trade, auth: { authorization: `Bearer ${TEST_TOKEN}` } };
}
