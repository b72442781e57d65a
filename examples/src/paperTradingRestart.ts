/**
 * Paper trading against the DTC simulator that survives a restart: the simulator replays real ES
 * 1-minute bars over DTC, the engine's order manager trades them through the paper broker (whose
 * books live in their own SQLite file), everything is written ahead to the engine's SQLite store.
 * Halfway the engine is torn down completely and opened again from the files: it restores the
 * position and the bracket's working orders, reconciles with the paper venue, and trades on.
 *
 *   pnpm --filter @minhos/examples exec tsx src/paperTradingRestart.ts [data-dir]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@minhos/config';
import { formatTimestampUs, instrumentId, LiveClock } from '@minhos/core';
import {
  bracketFromConfig,
  OrderManager,
  openStore,
  PaperBroker,
  riskGateFromLimits,
  riskLimitsFromConfig,
} from '@minhos/engine';
import { initialRiskControlState } from '@minhos/risk';
import { DtcClient, DtcSimulator, dtcCsvBarSource } from '@minhos/sierra';

const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'minhos-paper-'));
const ES = instrumentId('ESZ13.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const clock = new LiveClock();

const csv = new URL('../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const source = await dtcCsvBarSource(csv, { contract: 'ES201312' });
const sim = new DtcSimulator({
  instruments: [{ symbol: 'ESZ13', exchange: 'CME', source, pointValue: 50 }],
  port: 0,
  speed: 600,
  replayFrom: Date.UTC(2013, 9, 7, 13, 30) * 1000,
});
const { host, port } = await sim.start();
const client = new DtcClient({ host, port, heartbeatIntervalMs: 5000 });
const logon = await client.connect();
if (!logon.ok) throw logon.error;
const trades = client.trades();
const sub = await client.subscribe('ESZ13', 'CME');
if (!sub.ok) throw sub.error;

/** Opens the engine from the files in `dir`: first start and restart are the same code. */
async function openEngine() {
  const opened = openStore(join(dir, 'engine.sqlite'));
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const paper = new PaperBroker({
    clock,
    instruments: [SPEC],
    path: join(dir, 'paper-venue.sqlite'),
    commissionPerContract: defaultConfig.trading.commissionPerContract,
    slippageTicks: defaultConfig.trading.slippageTicks,
  });
  const control = initialRiskControlState();
  // Trades are stamped when they arrive (clock.now()), as a live feed's are.
  const limits = riskLimitsFromConfig(defaultConfig);
  const oms = OrderManager.open({
    store,
    broker: paper,
    clock,
    instruments: [SPEC],
    startingCapital: defaultConfig.risk.capital,
    bracket: { ...bracketFromConfig(defaultConfig), stopLossPoints: 2, takeProfitPoints: 3 },
    gate: riskGateFromLimits({ limits, control: () => control }),
  });
  const rec = await oms.reconcile();
  if (!rec.ok) throw rec.error;
  return { store, paper, oms, reconcile: rec.value };
}

/** Feeds `n` simulator trades to the engine (paper fills + marks). */
async function feed(engine: Awaited<ReturnType<typeof openEngine>>, n: number): Promise<number> {
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const t = (await trades.next()).value;
    last = t.price;
    engine.oms.onMark(ES, t.price, clock.now());
    engine.paper.onTrade(ES, t.price, t.size, clock.now());
  }
  return last;
}

function show(label: string, engine: Awaited<ReturnType<typeof openEngine>>): void {
  const p = engine.oms.position(ES);
  const a = engine.oms.account();
  console.log(
    `${label}: position ${p.quantity} @ ${Number.isNaN(p.avgPrice) ? '-' : p.avgPrice}, equity ${a.equity.toFixed(2)}, daily P&L ${a.dailyPnl.toFixed(2)}`,
  );
  for (const o of engine.oms.workingOrders())
    console.log(
      `  working ${o.clientOrderId} ${o.side} ${o.type} ${o.quantity} @ ${o.limitPrice ?? o.stopPrice}`,
    );
}

let engine = await openEngine();
console.log(`engine store ${dir}; restored ${engine.oms.orders().length} orders`);
const price = await feed(engine, 5);
const entry = await engine.oms.submit({
  clientOrderId: `entry-${Date.now()}`,
  instrumentId: ES,
  side: 'BUY',
  type: 'MARKET',
  quantity: 1,
  bracket: true,
  tag: 'example',
});
console.log(
  `submit BUY 1 ESZ13 at market with bracket (last ${price}): ${entry.status}${entry.status === 'denied' ? ` — ${entry.reasons.map((r) => r.message).join('; ')}` : ''}`,
);
await feed(engine, 3);
show('before restart', engine);

// Restart: drop every object, keep only the files.
engine.store.close();
engine.paper.close();
engine = await openEngine();
console.log(
  `after restart: reconciled (${engine.reconcile.fillsApplied} fills applied, permission ${engine.reconcile.permission})`,
);
show('after restart', engine);

for (let i = 0; i < 400 && engine.oms.workingOrders().length > 0; i++) await feed(engine, 1);
show(`done at ${formatTimestampUs(clock.now())}`, engine);
console.log(
  `realized P&L ${(engine.oms.position(ES).realizedPnl - engine.oms.position(ES).commissions).toFixed(2)} USD net of commissions`,
);

engine.store.close();
engine.paper.close();
await client.close();
await sim.stop();
