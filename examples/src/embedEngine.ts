/**
 * Embedding the MinhOS engine in another Node application: the host owns its own event emitter
 * (standing in for a web server, a bot or a desktop app), feeds market data in, listens to the
 * engine's decisions, orders and fills, and places an order of its own through the same risk gate.
 *
 * Data: the bundled ESZ13 1-minute bars (QuantConnect Lean / AlgoSeek), replayed as fast as possible
 * on a simulated clock, with session-aware 30-minute bars built live by `sessionBars`. The host's
 * rule: on each 30-minute close, be long when the close is above the average of the last 8
 * thirty-minute closes, short below. Each intent goes through the decision pipeline (Kelly sizing,
 * mode, risk gate, bracket) and the host prints what came out.
 *
 *   pnpm --filter @minhos/examples exec tsx src/embedEngine.ts
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { defaultConfig } from '@minhos/config';
import { type Bar, type Fill, instrumentId, type Order, SimulatedClock, TOPICS } from '@minhos/core';
import {
  barReplaySource,
  DecisionPipeline,
  type DecisionRecord,
  type ExecutionContext,
  OrderManager,
  openStore,
  PaperBroker,
  riskGateFromLimits,
  riskLimitsFromConfig,
  sessionBars,
  TradingModes,
} from '@minhos/engine';
import { initialRiskControlState } from '@minhos/risk';
import { parseDtcBarCsv, tradingSessionOf } from '@minhos/sierra';
import { cmeHolidayCalendar, ES as ES_SPEC } from '@minhos/symbols';

const ES = instrumentId('ESZ13.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const csv = readFileSync(new URL('../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8');
// Two weeks of the front month are enough to see the engine at work.
const minutes = parseDtcBarCsv(csv, { contract: 'ES201312' }).filter(
  (b) => b.time < Date.UTC(2013, 9, 12) * 1000,
);

// ---- the host application ------------------------------------------------------------------
interface HostEvents {
  decision: [DecisionRecord];
  order: [Order];
  fill: [Fill];
}
const host = new EventEmitter<HostEvents>();
const counts: Record<string, number> = {};
host.on('decision', (d) => {
  counts[d.outcome.status] = (counts[d.outcome.status] ?? 0) + 1;
  if ((counts[d.outcome.status] ?? 0) <= 2)
    console.log(
      `decision ${d.id}: target ${d.intent.target > 0 ? 'long' : 'short'} → ${d.targetPosition} contracts, ${d.outcome.status}${d.outcome.status === 'denied' ? ` (${d.outcome.reasons.map((r) => r.message).join('; ')})` : ''}`,
    );
});
let fills = 0;
host.on('fill', () => {
  fills += 1;
});

// ---- the engine, embedded --------------------------------------------------------------------
const clock = new SimulatedClock((minutes[0] as Bar).time);
const opened = openStore(':memory:'); // a file path in production: state survives restarts
if (!opened.ok) throw opened.error;
const store = opened.value;
const paper = new PaperBroker({
  clock,
  instruments: [SPEC],
  commissionPerContract: defaultConfig.trading.commissionPerContract,
  slippageTicks: defaultConfig.trading.slippageTicks,
});
const control = initialRiskControlState();
const modes = new TradingModes({
  clock,
  store,
  mode: 'full_auto',
  autonomousThreshold: 0.6,
  approvalTimeoutSeconds: 300,
});
const bracket = { stopLossPoints: 2, takeProfitPoints: 4 };
const pipeline = new DecisionPipeline({
  modes,
  store,
  instruments: [SPEC],
  bracket,
  commissionPerContract: defaultConfig.trading.commissionPerContract,
  strategyName: 'host-mean-reversion',
});
const oms = OrderManager.open({
  store,
  broker: paper,
  clock,
  instruments: [SPEC],
  startingCapital: defaultConfig.risk.capital,
  bracket,
  // The config's risk limits, wrapped so each decision keeps every check's verdict.
  gate: pipeline.gate(
    riskGateFromLimits({ limits: riskLimitsFromConfig(defaultConfig), control: () => control }),
  ),
});
pipeline.attach(oms);
const rec = await oms.reconcile();
if (!rec.ok) throw rec.error;
oms.bus.subscribe(TOPICS.order, ({ order }: { order: Order }) => host.emit('order', order));
oms.bus.subscribe(TOPICS.fill, ({ fill }: { fill: Fill }) => host.emit('fill', fill));

// ---- market data in, decisions out -------------------------------------------------------------
const closes30: number[] = [];
let seq = 0;
const thirtyMinuteClose = async (bar: Bar): Promise<void> => {
  closes30.push(bar.close);
  if (closes30.length < 8) return;
  const recent = closes30.slice(-8);
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  const target = bar.close > mean ? 1 : -1;
  const position = oms.position(ES).quantity;
  if (Math.sign(position) === target) return;
  const ctx: ExecutionContext = {
    oms,
    clock,
    nextClientOrderId: (prefix) => `${prefix}-${++seq}`,
    strategy: {
      instrumentId: ES,
      bar,
      index: closes30.length - 1,
      now: clock.now(),
      position,
      pending: 0,
      indicators: { value: () => Number.NaN, previous: () => Number.NaN },
      history: {
        length: 0,
        at: () => bar,
        closes: () => recent,
        volumes: () => [],
      },
    },
  };
  const decision = await pipeline.decide(
    {
      instrumentId: ES,
      target,
      confidence: 0.62,
      reason: `close ${bar.close} vs 8-bar mean ${mean.toFixed(2)}`,
    },
    ctx,
  );
  host.emit('decision', decision);
};

const work: Promise<void>[] = [];
const sink = sessionBars(
  {
    onBar: (id, timeframe, bar) => {
      if (timeframe === '1m') {
        // The bar closes one minute after its start: the engine's clock moves there first.
        clock.advanceTo(Math.max(clock.now(), bar.time + 60_000_000));
        oms.onMark(id, bar.close, clock.now());
        paper.onBar(id, bar);
      } else if (timeframe === '30m') work.push(thirtyMinuteClose(bar));
    },
  },
  { session: tradingSessionOf(ES_SPEC, cmeHolidayCalendar()), timeframes: ['30m'] },
);
const replay = barReplaySource(
  { feeds: [{ instrumentId: ES, timeframe: '1m', bars: minutes }], speed: 'max', clock },
  sink,
);
await replay.done;
sink.flush();
await Promise.all(work);

// The host places an order of its own through the same gate: far too large, so the gate says no.
const big = await oms.submit({
  clientOrderId: 'host-1',
  instrumentId: ES,
  side: 'BUY',
  type: 'MARKET',
  quantity: 500,
});
console.log(
  `host order BUY 500: ${big.status}${big.status === 'denied' ? ` — ${big.reasons.map((r) => r.message).join('; ')}` : ''}`,
);

const p = oms.position(ES);
console.log(
  `decisions: ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
console.log(
  `fills ${fills}; position ${p.quantity}; realized P&L ${(p.realizedPnl - p.commissions).toFixed(2)} USD net`,
);
console.log(`stored decisions: ${pipeline.decisions().length}`);
store.close();
paper.close();
