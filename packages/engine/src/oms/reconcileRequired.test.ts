import { instrumentId, LiveClock, ok, SimulatedClock } from '@minhos/core';
import { DtcClient } from '@minhos/sierra';
import { describe, expect, it } from 'vitest';
import type { Broker, BrokerReport, SendResult } from '../brokers/index.js';
import { DtcBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };

function memoryStore() {
  const r = openStore(':memory:');
  if (!r.ok) throw r.error;
  return r.value;
}

/** A venue that needs a snapshot before it accepts orders, like the DTC broker. */
class GatedBroker implements Broker {
  readonly name = 'gated';
  reconciled = false;
  sent: string[] = [];
  #listener: (r: BrokerReport) => void = () => {};
  setListener(listener: (r: BrokerReport) => void): void {
    this.#listener = listener;
  }
  async submit(order: Parameters<Broker['submit']>[0]): Promise<SendResult> {
    if (!this.reconciled) return { status: 'refused', reason: 'not reconciled' };
    this.sent.push(order.clientOrderId);
    this.#listener({ kind: 'accepted', clientOrderId: order.clientOrderId, orderId: 'V1' as never, time: 1 });
    return { status: 'sent' };
  }
  async cancel(): Promise<SendResult> {
    return { status: 'sent' };
  }
  async replace(): Promise<SendResult> {
    return { status: 'sent' };
  }
  async snapshot() {
    this.reconciled = true;
    return ok({ orders: [], fills: [], positions: new Map() });
  }
}

describe('orders before the first reconciliation', () => {
  it('a DtcBroker that has not reconciled yet: the order ends DENIED with RECONCILING, never REJECTED', async () => {
    const clock = new LiveClock();
    const client = new DtcClient({ port: 1 }); // never connected
    const broker = new DtcBroker({
      client,
      clock,
      instruments: [{ instrumentId: ES, symbol: 'ESZ25', exchange: 'CME' }],
    });
    const oms = OrderManager.open({
      store: memoryStore(),
      broker,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    const r = await oms.submit({
      clientOrderId: 'early',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(r).toMatchObject({
      status: 'denied',
      reasons: [expect.objectContaining({ code: 'RECONCILING' })],
    });
    expect(oms.order('early')?.status).toBe('DENIED');
    await client.close();
  });

  it('denies until a reconciliation succeeds, then orders flow', async () => {
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const broker = new GatedBroker();
    const oms = OrderManager.open({
      store: memoryStore(),
      broker,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    const early = await oms.submit({
      clientOrderId: 'a',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(early.status).toBe('denied');
    expect(oms.order('a')?.status).toBe('DENIED');
    expect(broker.sent).toEqual([]);
    expect((await oms.reconcile()).ok).toBe(true);
    const later = await oms.submit({
      clientOrderId: 'b',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(later.status).toBe('submitted');
    expect(oms.order('b')?.status).toBe('ACCEPTED');
    expect(broker.sent).toEqual(['b']);
  });
});
