import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, LiveClock } from '@minhos/core';
import { DtcClient, DtcSimulator, dtcBarSource, parseDtcBarCsv } from '@minhos/sierra';
import { afterEach, describe, expect, it } from 'vitest';
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

async function until(pred: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

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
});
