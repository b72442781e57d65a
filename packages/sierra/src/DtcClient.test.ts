import { readFileSync } from 'node:fs';
import { type Bar, US_PER_MINUTE } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DtcClient } from './DtcClient.js';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { DtcSimulator } from './DtcSimulator.js';
import { parseDtcBarCsv } from './dtcCsvBarSource.js';
import { type DtcReplayEvent, dtcBarSource } from './dtcReplaySource.js';

const CSV = new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const ALL_BARS = parseDtcBarCsv(readFileSync(CSV, 'utf8'), {
  contract: 'ES201312',
  file: 'es_1min_trade_lean.csv',
});
const BARS = ALL_BARS.slice(0, 1500);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setup(opts: {
  speed: number | 'max';
  replayIndex: number;
  autoPlay?: 'manual' | 'on-first-subscribe';
}) {
  const source = dtcBarSource(BARS, { description: 'ES201312 test slice' });
  const sim = new DtcSimulator({
    instruments: [{ symbol: 'ESZ13', exchange: 'CME', source, pointValue: 50 }],
    port: 0,
    speed: opts.speed,
    replayFrom: (BARS[opts.replayIndex] as Bar).time,
    autoPlay: opts.autoPlay ?? 'on-first-subscribe',
    heartbeatIntervalMs: 50,
    commissionPerContract: 2.5,
    startingBalance: 100_000,
  });
  const { port } = await sim.start();
  const client = new DtcClient({
    port,
    heartbeatIntervalMs: 1000,
    heartbeatTimeoutMs: 2000,
    requestTimeoutMs: 3000,
  });
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  const logon = await client.connect();
  expect(logon.ok).toBe(true);
  const history = new DtcHistoricalClient({ port, requestTimeoutMs: 3000 });
  return { sim, client, history, source, port };
}

async function waitFor<T>(iter: AsyncIterator<T>, pred: (v: T) => boolean): Promise<T> {
  for (;;) {
    const r = await iter.next();
    if (r.done) throw new Error('stream ended');
    if (pred(r.value)) return r.value;
  }
}

describe('DtcClient ↔ DtcSimulator over loopback', () => {
  it('logs on through the binary encoding handshake and reports the server capabilities', async () => {
    const { client } = await setup({ speed: 'max', replayIndex: 10, autoPlay: 'manual' });
    expect(client.state).toBe('ready');
    expect(client.logonResponse?.ServerName).toBe('MinhOS DTC Simulator');
    expect(client.logonResponse?.TradingIsSupported).toBe(1);
    expect(client.logonResponse?.HistoricalPriceDataSupported).toBe(1);
    const accounts = await client.tradeAccounts();
    expect(accounts).toEqual({ ok: true, value: ['SIM1'] });
  });

  it('streams exactly the source trades (time, price, size, side) after subscribing', async () => {
    const { client, source } = await setup({ speed: 'max', replayIndex: 200 });
    const N = 400;
    const expected: Extract<DtcReplayEvent, { kind: 'trade' }>[] = [];
    for await (const e of source.events((BARS[200] as Bar).time)) {
      if (e.kind === 'trade') expected.push(e);
      if (expected.length === N) break;
    }
    const stream = client.trades({ capacity: 100_000 });
    const sub = await client.subscribe('ESZ13', 'CME');
    expect(sub.ok).toBe(true);
    const got = [];
    for await (const t of stream) {
      got.push({ kind: 'trade', time: t.time, price: t.price, size: t.size, aggressor: t.aggressor });
      if (got.length === N) break;
    }
    expect(got).toEqual(expected);
    expect(client.stats.droppedMarketData).toBe(0);
  });

  it('keeps top of book from bid/ask updates', async () => {
    const { client } = await setup({ speed: 'max', replayIndex: 300 });
    const quotes = client.quotes();
    await client.subscribe('ESZ13', 'CME');
    const first = (await quotes.next()).value;
    expect(first.ask - first.bid).toBeCloseTo(0.25, 10);
    expect(first.symbol).toBe('ESZ13');
    expect(first.time % 1_000_000).toBe(0); // BID_ASK DateTime is whole seconds on the wire
  });

  it('rejects a subscription to an unknown symbol with a typed error', async () => {
    const { client } = await setup({ speed: 'max', replayIndex: 10, autoPlay: 'manual' });
    const r = await client.subscribe('NQZ13', 'CME');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('DTC_REJECTED');
    expect(client.subscriptions).toEqual([]);
  });

  it('serves historical 1-minute bars identical to the CSV, and nothing at or after the replay time', async () => {
    const { history } = await setup({ speed: 'max', replayIndex: 1000, autoPlay: 'manual' });
    const r = await history.historicalBars({
      symbol: 'ESZ13',
      exchange: 'CME',
      intervalSeconds: 60,
      start: (BARS[0] as Bar).time,
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.length).toBe(1000);
    expect(
      r.value.map(({ time, open, high, low, close, volume }) => ({ time, open, high, low, close, volume })),
    ).toEqual(BARS.slice(0, 1000));
  });

  it('aggregates historical 5-minute bars (checked against an independent aggregation of the CSV)', async () => {
    const { history } = await setup({ speed: 'max', replayIndex: 1000, autoPlay: 'manual' });
    const replayTime = (BARS[1000] as Bar).time;
    const expected = new Map<
      number,
      { open: number; high: number; low: number; close: number; volume: number }
    >();
    for (const b of BARS.slice(0, 1000)) {
      const k = Math.floor(b.time / (5 * US_PER_MINUTE)) * 5 * US_PER_MINUTE;
      const e = expected.get(k);
      if (e === undefined)
        expected.set(k, { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
      else {
        e.high = Math.max(e.high, b.high);
        e.low = Math.min(e.low, b.low);
        e.close = b.close;
        e.volume += b.volume;
      }
    }
    const complete = [...expected].filter(([k]) => k + 5 * US_PER_MINUTE <= replayTime);
    const r = await history.historicalBars({ symbol: 'ESZ13', intervalSeconds: 300 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(
      r.value.map((b) => [
        b.time,
        { open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume },
      ]),
    ).toEqual(complete);
  });

  it('serves historical ticks from the replay source', async () => {
    const { history } = await setup({ speed: 'max', replayIndex: 20, autoPlay: 'manual' });
    const r = await history.historicalTicks({ symbol: 'ESZ13', start: (BARS[10] as Bar).time });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const vol = r.value.reduce((s, t) => s + t.size, 0);
    expect(vol).toBe(BARS.slice(10, 20).reduce((s, b) => s + b.volume, 0));
    expect(r.value[0]?.price).toBe(BARS[10]?.open);
  });

  it('fills a market order at the next trade, then reports position and balance with commission', async () => {
    const { client } = await setup({ speed: 600, replayIndex: 50 });
    const log: (
      | { kind: 'trade'; price: number }
      | { kind: 'order'; id: string; status: string; price?: number }
    )[] = [];
    client.on('trade', (t) => log.push({ kind: 'trade', price: t.price }));
    client.on('order', (u) =>
      log.push({
        kind: 'order',
        id: u.clientOrderId,
        status: u.status,
        ...(u.averageFillPrice === undefined ? {} : { price: u.averageFillPrice }),
      }),
    );
    const trades = client.trades();
    const updates = client.orderUpdates();
    await client.subscribe('ESZ13', 'CME');
    await trades.next(); // the market is moving
    const sub = await client.submitOrder({
      symbol: 'ESZ13',
      exchange: 'CME',
      side: 'BUY',
      type: 'market',
      quantity: 2,
      clientOrderId: 'mkt-1',
    });
    expect(sub.ok && sub.value.status).toBe('open');
    const fill = await waitFor(updates, (u) => u.clientOrderId === 'mkt-1' && u.status === 'filled');
    expect(fill.reason).toBe('filled');
    expect(fill.filledQuantity).toBe(2);
    expect(fill.remainingQuantity).toBe(0);
    const fillPrice = fill.averageFillPrice as number;
    // The fill is at the first trade the server printed after accepting the order.
    const accepted = log.findIndex((e) => e.kind === 'order' && e.id === 'mkt-1' && e.status === 'open');
    const nextTrade = log.slice(accepted + 1).find((e) => e.kind === 'trade');
    expect(accepted).toBeGreaterThanOrEqual(0);
    expect(nextTrade?.price).toBe(fillPrice);

    const pos = await client.positions('SIM1');
    if (!pos.ok) throw pos.error;
    expect(pos.value).toHaveLength(1);
    expect(pos.value[0]?.quantity).toBe(2);
    expect(pos.value[0]?.averagePrice).toBe(fillPrice);
    expect(pos.value[0]?.symbol).toBe('ESZ13');

    const bal = await client.accountBalances('SIM1');
    if (!bal.ok) throw bal.error;
    expect(bal.value[0]?.cash).toBeCloseTo(100_000 - 2 * 2.5, 9);
    expect(bal.value[0]?.currency).toBe('USD');

    // Close it: realized P&L = (exit − entry) × 2 contracts × $50, minus 4 commissions of $2.50.
    const close = await client.submitOrder({
      symbol: 'ESZ13',
      exchange: 'CME',
      side: 'SELL',
      type: 'market',
      quantity: 2,
      clientOrderId: 'mkt-2',
    });
    expect(close.ok).toBe(true);
    const exit = await waitFor(updates, (u) => u.clientOrderId === 'mkt-2' && u.status === 'filled');
    const exitPrice = exit.averageFillPrice as number;
    const bal2 = await client.accountBalances('SIM1');
    if (!bal2.ok) throw bal2.error;
    expect(bal2.value[0]?.cash).toBeCloseTo(100_000 + (exitPrice - fillPrice) * 2 * 50 - 4 * 2.5, 9);
    expect(bal2.value[0]?.dailyProfitLoss).toBeCloseTo((exitPrice - fillPrice) * 2 * 50 - 4 * 2.5, 9);
    const flat = await client.positions('SIM1');
    expect(flat.ok && flat.value).toEqual([]);
    // Everything the simulator sent validated against the server-message schemas.
    expect([client.stats.invalidMessages, client.stats.unknownTypes, client.stats.malformedFrames]).toEqual([
      0, 0, 0,
    ]);
  });

  it('rests, replaces and cancels a limit order; lists it as open meanwhile', async () => {
    const { client } = await setup({ speed: 60, replayIndex: 50 });
    const trades = client.trades();
    await client.subscribe('ESZ13', 'CME');
    const last = (await trades.next()).value.price;
    const placed = await client.submitOrder({
      symbol: 'ESZ13',
      exchange: 'CME',
      side: 'BUY',
      type: 'limit',
      price1: last - 100,
      quantity: 1,
      clientOrderId: 'lim-1',
      timeInForce: 'gtc',
    });
    expect(placed.ok).toBe(true);
    if (!placed.ok) return;
    expect(placed.value.status).toBe('open');
    const open = await client.openOrders();
    expect(open.ok && open.value.map((o) => o.clientOrderId)).toEqual(['lim-1']);
    const replaced = await client.cancelReplaceOrder({
      serverOrderId: placed.value.serverOrderId,
      price1: last - 50,
    });
    expect(replaced.ok && replaced.value.price1).toBe(last - 50);
    const canceled = await client.cancelOrder({ clientOrderId: 'lim-1' });
    expect(canceled.ok && canceled.value.status).toBe('canceled');
    const again = await client.cancelOrder({ clientOrderId: 'lim-1' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('DTC_REJECTED');
    const none = await client.openOrders();
    expect(none.ok && none.value).toEqual([]);
  });

  it('rejects invalid orders with a reason: unknown symbol, duplicate client id, non-integer quantity', async () => {
    const { client } = await setup({ speed: 'max', replayIndex: 10, autoPlay: 'manual' });
    const unknown = await client.submitOrder({
      symbol: 'XXX',
      side: 'BUY',
      type: 'market',
      quantity: 1,
      clientOrderId: 'a',
    });
    expect(!unknown.ok && unknown.error.code).toBe('DTC_REJECTED');
    expect(!unknown.ok && unknown.error.message).toContain('unknown symbol');
    const first = await client.submitOrder({
      symbol: 'ESZ13',
      side: 'BUY',
      type: 'limit',
      price1: 1000,
      quantity: 1,
      clientOrderId: 'dup',
    });
    expect(first.ok).toBe(true);
    const dup = await client.submitOrder({
      symbol: 'ESZ13',
      side: 'BUY',
      type: 'limit',
      price1: 1000,
      quantity: 1,
      clientOrderId: 'dup',
    });
    expect(!dup.ok && dup.error.message).toContain('duplicate ClientOrderID');
    const frac = await client.submitOrder({ symbol: 'ESZ13', side: 'BUY', type: 'market', quantity: 1.5 });
    expect(!frac.ok && frac.error.code).toBe('DTC_INVALID_REQUEST');
  });

  it('fails fast when not connected, and after close', async () => {
    const client = new DtcClient({ port: 1 });
    const r = await client.positions();
    expect(!r.ok && r.error.code).toBe('DTC_NOT_CONNECTED');
    await client.close();
    const c = await client.connect();
    expect(!c.ok && c.error.code).toBe('DTC_CLOSED');
  });

  it('serves several clients from one replay; order updates reach every logged-on client', async () => {
    const { client, sim, port } = await setup({ speed: 600, replayIndex: 50 });
    const other = new DtcClient({ port, heartbeatIntervalMs: 1000 });
    cleanups.push(() => other.close());
    expect((await other.connect()).ok).toBe(true);
    expect(sim.stats.activeConnections).toBe(2);
    const otherUpdates = other.orderUpdates();
    const r = await client.submitOrder({
      symbol: 'ESZ13',
      side: 'SELL',
      type: 'limit',
      price1: 5000,
      quantity: 1,
      clientOrderId: 'shared',
    });
    expect(r.ok).toBe(true);
    const seen = await waitFor(otherUpdates, (u) => u.clientOrderId === 'shared');
    expect(seen.status).toBe('open');
    const [a, b] = [client.trades(), other.trades()];
    expect((await client.subscribe('ESZ13')).ok).toBe(true);
    const ta = (await a.next()).value;
    // A later subscriber's snapshot carries the session so far.
    const late = await other.subscribe('ESZ13');
    if (!late.ok) throw late.error;
    expect(late.value.snapshot.lastPrice).toBeDefined();
    expect(late.value.snapshot.sessionVolume).toBeGreaterThanOrEqual(ta.size);
    expect(late.value.snapshot.bid).toBeLessThan(late.value.snapshot.ask as number);
    const tb = (await b.next()).value;
    expect(tb.time).toBeGreaterThanOrEqual(ta.time);
  });

  it('stops streaming a symbol after unsubscribe', async () => {
    const { client } = await setup({ speed: 600, replayIndex: 50 });
    let seen = 0;
    client.on('trade', () => seen++);
    const trades = client.trades();
    await client.subscribe('ESZ13', 'CME');
    await trades.next();
    expect(client.unsubscribe('ESZ13', 'CME')).toBe(true);
    expect(client.subscriptions).toEqual([]);
    await new Promise((r) => setTimeout(r, 60)); // let in-flight prints land
    const settled = seen + client.stats.unmatchedMarketData;
    await new Promise((r) => setTimeout(r, 200)); // 8 more prints would have come at 600×
    expect(seen + client.stats.unmatchedMarketData).toBe(settled);
    expect(client.unsubscribe('ESZ13', 'CME')).toBe(false);
  });
});
