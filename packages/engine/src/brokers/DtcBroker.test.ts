import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, LiveClock } from '@minhos/core';
import { DtcClient, DtcSimulator, dtcBarSource, parseDtcBarCsv } from '@minhos/sierra';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../internal/until.js';
import { OrderManager } from '../oms/index.js';
import { openStore } from '../store/index.js';
import { DtcBroker } from './DtcBroker.js';

const CSV = new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const BARS = parseDtcBarCsv(readFileSync(CSV, 'utf8'), {
  contract: 'ES201312',
  file: 'es_1min_trade_lean.csv',
}).slice(0, 1500);
const ES = instrumentId('ESZ13.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('DtcBroker against the DTC simulator', () => {
  it('submits through the OMS, books the fill once, and a restarted OMS reconciles to the same position', async () => {
    const sim = new DtcSimulator({
      instruments: [
        {
          symbol: 'ESZ13',
          exchange: 'CME',
          source: dtcBarSource(BARS, { description: 'ES slice' }),
          pointValue: 50,
        },
      ],
      port: 0,
      speed: 600,
      replayFrom: (BARS[100] as { time: number }).time,
      commissionPerContract: 2.5,
    });
    const { port } = await sim.start();
    const client = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
    cleanups.push(async () => {
      await client.close();
      await sim.stop();
    });
    expect((await client.connect()).ok).toBe(true);
    const clock = new LiveClock();
    const dir = mkdtempSync(join(tmpdir(), 'minhos-dtc-'));
    const opened = openStore(join(dir, 'engine.sqlite'));
    if (!opened.ok) throw opened.error;
    const store = opened.value;
    const broker = new DtcBroker({
      client,
      clock,
      instruments: [{ instrumentId: ES, symbol: 'ESZ13', exchange: 'CME' }],
      commissionPerContract: 2.5,
    });
    const oms = OrderManager.open({ store, broker, clock, instruments: [SPEC], startingCapital: 100_000 });
    const first = await oms.reconcile();
    expect(first.ok && first.value.positionMismatches).toEqual([]);
    const trades = client.trades();
    expect((await client.subscribe('ESZ13', 'CME')).ok).toBe(true);
    const mark = (await trades.next()).value;
    oms.onMark(ES, mark.price, clock.now());

    const r = await oms.submit({
      clientOrderId: 'dtc-e2e-1',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(r).toMatchObject({ status: 'submitted', send: { status: 'sent' } });
    await until(() => oms.order('dtc-e2e-1')?.status === 'FILLED');
    expect(oms.position(ES).quantity).toBe(1);
    expect(oms.order('dtc-e2e-1')?.orderId).toBeDefined();
    expect(store.load().fills).toHaveLength(1);

    // A restart: a new order manager on the same store reconciles against Sierra's (the simulator's) books.
    broker.stop();
    const broker2 = new DtcBroker({
      client,
      clock,
      instruments: [{ instrumentId: ES, symbol: 'ESZ13', exchange: 'CME' }],
      commissionPerContract: 2.5,
    });
    const oms2 = OrderManager.open({
      store,
      broker: broker2,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    const again = await oms2.reconcile();
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.value.positionMismatches).toEqual([]);
    expect(oms2.position(ES).quantity).toBe(1);
    expect(store.load().fills).toHaveLength(1);

    // Disconnected: nothing can have been sent, so the order is rejected (and never retried).
    await client.close();
    const off = await oms2.submit({
      clientOrderId: 'dtc-e2e-2',
      instrumentId: ES,
      side: 'SELL',
      type: 'MARKET',
      quantity: 1,
    });
    expect(off).toMatchObject({ status: 'submitted', send: { status: 'refused' } });
    expect(oms2.order('dtc-e2e-2')?.status).toBe('REJECTED');
    broker2.stop();
    store.close();
  }, 60_000);

  it('reconciles on every reconnect before accepting orders: a fill made while disconnected is applied once, a submit meanwhile is denied', async () => {
    const sim = new DtcSimulator({
      instruments: [
        {
          symbol: 'ESZ13',
          exchange: 'CME',
          source: dtcBarSource(BARS, { description: 'ES slice' }),
          pointValue: 50,
        },
      ],
      port: 0,
      speed: 600,
      replayFrom: (BARS[100] as { time: number }).time,
    });
    const { port: simPort } = await sim.start();
    const proxy = await cuttableProxy(simPort);
    const client = new DtcClient({
      port: proxy.port,
      heartbeatIntervalMs: 1000,
      requestTimeoutMs: 3000,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    // A second connection straight to the simulator sees the fill the engine misses.
    const observer = new DtcClient({ port: simPort, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
    cleanups.push(async () => {
      await client.close();
      await observer.close();
      await proxy.close();
      await sim.stop();
    });
    const venueFills: string[] = [];
    observer.on('order', (o) => {
      if (o.lastFill !== undefined) venueFills.push(o.lastFill.executionId);
    });
    expect((await observer.connect()).ok).toBe(true);
    expect((await client.connect()).ok).toBe(true);
    const clock = new LiveClock();
    const dir = mkdtempSync(join(tmpdir(), 'minhos-dtc-reconnect-'));
    const opened = openStore(join(dir, 'engine.sqlite'));
    if (!opened.ok) throw opened.error;
    const store = opened.value;
    const broker = new DtcBroker({
      client,
      clock,
      instruments: [{ instrumentId: ES, symbol: 'ESZ13', exchange: 'CME' }],
    });
    const oms = OrderManager.open({ store, broker, clock, instruments: [SPEC], startingCapital: 100_000 });
    // Not reconciled yet: the broker refuses to send anything.
    expect(broker.reconciled).toBe(false);
    const outcomes: boolean[] = [];
    const reports: unknown[] = [];
    broker.reconcileOnConnect(oms, (r) => {
      outcomes.push(r.ok);
      if (r.ok) reports.push(r.value);
    });
    await until(() => outcomes.length === 1);
    expect(outcomes).toEqual([true]);
    expect(broker.reconciled).toBe(true);

    const trades = client.trades();
    expect((await client.subscribe('ESZ13', 'CME')).ok).toBe(true);
    const mark = (await trades.next()).value;
    oms.onMark(ES, mark.price, clock.now());
    sim.pause();
    const placed = await oms.submit({
      clientOrderId: 'dtc-rc-1',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      limitPrice: mark.price + 2,
      quantity: 1,
    });
    expect(placed).toMatchObject({ status: 'submitted', send: { status: 'sent' } });
    expect(oms.order('dtc-rc-1')?.status).toBe('ACCEPTED');

    // The connection drops; the order fills at the venue while the engine cannot hear it.
    proxy.cut();
    await until(() => client.state !== 'ready');
    sim.play();
    await until(() => venueFills.length === 1);
    expect(oms.order('dtc-rc-1')?.status).toBe('ACCEPTED');
    expect(oms.position(ES).quantity).toBe(0);

    // Reconnect: the reconciliation starts inside the logon event, so an order sent right then is denied.
    const denied: unknown[] = [];
    client.on('connected', () => {
      denied.push(
        oms.submit({ clientOrderId: 'dtc-rc-2', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 }),
      );
    });
    proxy.restore();
    await until(() => outcomes.length === 2);
    expect(outcomes).toEqual([true, true]);
    expect(broker.reconciliations).toBe(2);
    expect(reports[1]).toMatchObject({ fillsApplied: 1, positionMismatches: [], permission: 'ACTIVE' });
    expect(await denied[0]).toMatchObject({
      status: 'denied',
      reasons: [expect.objectContaining({ code: 'RECONCILING' })],
    });
    expect(oms.order('dtc-rc-2')?.status).toBe('DENIED');
    expect(oms.order('dtc-rc-1')?.status).toBe('FILLED');
    expect(oms.position(ES).quantity).toBe(1);
    expect(store.load().fills.map((f) => f.fillId)).toEqual(venueFills);

    // Another drop and reconnect: the same fill is not applied again.
    proxy.cut();
    await until(() => client.state !== 'ready');
    proxy.restore();
    await until(() => outcomes.length === 3);
    expect(reports[2]).toMatchObject({ fillsApplied: 0, positionMismatches: [] });
    expect(oms.position(ES).quantity).toBe(1);
    expect(store.load().fills).toHaveLength(1);

    // After reconciliation orders flow again.
    const after = await oms.submit({
      clientOrderId: 'dtc-rc-3',
      instrumentId: ES,
      side: 'SELL',
      type: 'MARKET',
      quantity: 1,
    });
    expect(after).toMatchObject({ status: 'submitted', send: { status: 'sent' } });
    await until(() => oms.order('dtc-rc-3')?.status === 'FILLED');
    expect(oms.position(ES).quantity).toBe(0);
    broker.stop();
    store.close();
  }, 60_000);

  it('refuses to send an order before any reconciliation (nothing reaches Sierra)', async () => {
    const sim = new DtcSimulator({
      instruments: [
        {
          symbol: 'ESZ13',
          exchange: 'CME',
          source: dtcBarSource(BARS, { description: 'ES slice' }),
          pointValue: 50,
        },
      ],
      port: 0,
    });
    const { port } = await sim.start();
    const client = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
    cleanups.push(async () => {
      await client.close();
      await sim.stop();
    });
    expect((await client.connect()).ok).toBe(true);
    const broker = new DtcBroker({
      client,
      clock: new LiveClock(),
      instruments: [{ instrumentId: ES, symbol: 'ESZ13', exchange: 'CME' }],
    });
    const r = await broker.submit({
      clientOrderId: 'x' as never,
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
      timeInForce: 'DAY',
      reduceOnly: false,
    });
    expect(r).toMatchObject({ status: 'refused', reason: expect.stringContaining('not been reconciled') });
  }, 30_000);
});

/** A TCP proxy in front of the simulator whose connections can be cut (and new ones refused) at will. */
async function cuttableProxy(target: number): Promise<{
  port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}> {
  const live = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((inbound) => {
    if (refusing) {
      inbound.destroy();
      return;
    }
    const outbound = tcpConnect(target, '127.0.0.1');
    live.add(inbound);
    live.add(outbound);
    const end = (): void => {
      inbound.destroy();
      outbound.destroy();
      live.delete(inbound);
      live.delete(outbound);
    };
    inbound.on('error', end).on('close', end);
    outbound.on('error', end).on('close', end);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut() {
      refusing = true;
      for (const s of live) s.destroy();
      live.clear();
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of live) s.destroy();
        server.close(() => r());
      }),
  };
}
