import { US_PER_SECOND } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DtcClient } from './DtcClient.js';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { DtcSimulator } from './DtcSimulator.js';
import type { DtcSimulatorOptions } from './DtcSimulatorOptions.js';
import { type DtcReplayEvent, dtcMemorySource } from './dtcReplaySource.js';

const T0 = 1_764_000_000 * US_PER_SECOND;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

function trades(n: number): DtcReplayEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'trade' as const,
    time: T0 + i * US_PER_SECOND + 250_000,
    price: 6000 + (i % 7) * 0.25,
    size: 1 + (i % 3),
    aggressor: i % 2 === 0 ? ('BUY' as const) : ('SELL' as const),
  }));
}

async function simulator(extra: Partial<DtcSimulatorOptions>, events = trades(200)) {
  const sim = new DtcSimulator({
    instruments: [{ symbol: 'ESZ25', exchange: 'CME', source: dtcMemorySource(events), pointValue: 50 }],
    port: 0,
    speed: 'max',
    autoPlay: 'manual',
    replayFrom: T0 + 100 * US_PER_SECOND,
    startingBalance: 10_000,
    commissionPerContract: 2,
    ...extra,
  });
  const { port } = await sim.start();
  stops.push(() => sim.stop());
  return { sim, port, events };
}

async function connected(port: number): Promise<DtcClient> {
  const c = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
  stops.push(() => c.close());
  const r = await c.connect();
  if (!r.ok) throw r.error;
  return c;
}

describe('DtcSimulator in its Sierra-like modes, and the client against them', () => {
  it("historical port like Sierra's: ticks as 803 records, one request per connection", async () => {
    const { sim, port, events } = await simulator({ historicalMode: 'sierra' });
    const history = new DtcHistoricalClient({ port, requestTimeoutMs: 3000 });
    const ticks = await history.historicalTicks({ symbol: 'ESZ25', exchange: 'CME' });
    if (!ticks.ok) throw ticks.error;
    const expected = events.slice(0, 100);
    expect(ticks.value.map((t) => [t.time, t.price, t.size, t.aggressor])).toEqual(
      expected.map((e) => (e.kind === 'trade' ? [e.time, e.price, e.size, e.aggressor] : [])),
    );
    const bars = await history.historicalBars({ symbol: 'ESZ25', exchange: 'CME', intervalSeconds: 60 });
    if (!bars.ok) throw bars.error;
    expect(bars.value[0]?.time).toBe(Math.floor(T0 / (60 * US_PER_SECOND)) * 60 * US_PER_SECOND);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.stats.connections).toBe(2); // one connection per request
    expect(sim.stats.activeConnections).toBe(0); // each closed after its answer
  });

  it('with "Allow Trading" off (TradingIsSupported 0) submitOrder fails at once and says so', async () => {
    const { port, sim } = await simulator({ tradingSupported: false });
    const c = await connected(port);
    expect(c.logonResponse?.TradingIsSupported).toBe(0);
    const r = await c.submitOrder({
      symbol: 'ESZ25',
      exchange: 'CME',
      side: 'BUY',
      type: 'market',
      quantity: 1,
    });
    expect(!r.ok && r.error.code).toBe('DTC_TRADING_DISABLED');
    expect(sim.stats.ordersSubmitted).toBe(0);
  });

  it('fills partially when configured, reports fills through 303 and reconciles; P&L to the cent', async () => {
    const { sim, port } = await simulator({ maxFillPerPrint: 1, speed: 1000 }, trades(2000));
    const c = await connected(port);
    const updates = c.orderUpdates();
    const sub = await c.subscribe('ESZ25', 'CME');
    if (!sub.ok) throw sub.error;
    const placed = await c.submitOrder({
      symbol: 'ESZ25',
      exchange: 'CME',
      side: 'BUY',
      type: 'market',
      quantity: 3,
      clientOrderId: 'p1',
    });
    if (!placed.ok) throw placed.error;
    sim.play();
    const seen: [string, number | undefined, number | undefined][] = [];
    for await (const u of updates) {
      if (u.clientOrderId !== 'p1') continue;
      seen.push([u.status, u.filledQuantity, u.lastFill?.quantity]);
      if (u.status === 'filled') break;
    }
    sim.pause();
    expect(seen).toEqual([
      ['open', 0, undefined],
      ['partially-filled', 1, 1],
      ['partially-filled', 2, 1],
      ['filled', 3, 1],
    ]);
    const state = await c.reconcile({ fillsSince: T0 });
    if (!state.ok) throw state.error;
    expect(state.value.openOrders).toEqual([]);
    expect(state.value.fills.map((f) => [f.serverOrderId, f.quantity, f.side, f.openClose])).toEqual([
      [placed.value.serverOrderId, 1, 'BUY', 'open'],
      [placed.value.serverOrderId, 1, 'BUY', 'open'],
      [placed.value.serverOrderId, 1, 'BUY', 'open'],
    ]);
    const fillPrices = state.value.fills.map((f) => f.price);
    expect(state.value.fills.every((f) => f.time >= T0 + 100 * US_PER_SECOND)).toBe(true);
    const avg = (fillPrices[0]! + fillPrices[1]! + fillPrices[2]!) / 3;
    expect(state.value.positions.map((p) => [p.symbol, p.quantity])).toEqual([['ESZ25', 3]]);
    expect(state.value.positions[0]?.averagePrice).toBeCloseTo(avg, 9);
    // Close at market: realized = Σ (exit − entry) × 50, commissions 6 × $2.
    const exitUpdates = c.orderUpdates();
    const close = await c.submitOrder({
      symbol: 'ESZ25',
      exchange: 'CME',
      side: 'SELL',
      type: 'market',
      quantity: 3,
      clientOrderId: 'p2',
    });
    if (!close.ok) throw close.error;
    sim.play();
    for await (const u of exitUpdates) if (u.clientOrderId === 'p2' && u.status === 'filled') break;
    sim.pause();
    const after = await c.reconcile({ fillsSince: T0 });
    if (!after.ok) throw after.error;
    const exits = after.value.fills.filter((f) => f.side === 'SELL');
    expect(exits.map((f) => f.openClose)).toEqual(['close', 'close', 'close']);
    const realized = exits.reduce((s, f) => s + (f.price - avg) * f.quantity * 50, 0);
    const bal = await c.accountBalances();
    if (!bal.ok) throw bal.error;
    expect(bal.value[0]?.cash).toBeCloseTo(10_000 + realized - 12, 6);
    expect(after.value.positions).toEqual([]);
  });
});
