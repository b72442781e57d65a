import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientOrderId, instrumentId, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const T0 = Date.UTC(2025, 6, 1, 14, 0) * 1000;

function engine(dir: string, clock: SimulatedClock) {
  const opened = openStore(join(dir, 'engine.sqlite'));
  if (!opened.ok) throw opened.error;
  const paper = new PaperBroker({
    clock,
    instruments: [SPEC],
    path: join(dir, 'venue.sqlite'),
    commissionPerContract: 2.5,
  });
  const oms = OrderManager.open({
    store: opened.value,
    broker: paper,
    clock,
    instruments: [SPEC],
    startingCapital: 100_000,
  });
  return {
    store: opened.value,
    paper,
    oms,
    close: () => {
      opened.value.close();
      paper.close();
    },
  };
}

describe('reconciliation on restart', () => {
  it('an order filled while the engine was down and one placed by hand both show, with no duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-recon-'));
    const clock = new SimulatedClock(T0);
    const a = engine(dir, clock);
    a.paper.onTrade(ES, 5000, 5, clock.now());
    await a.oms.submit({
      clientOrderId: 'rest',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 2,
      limitPrice: 4995,
    });
    expect(a.oms.order('rest')?.status).toBe('ACCEPTED');
    a.close();

    // Engine down: the venue trades through the limit, and a person places an order by hand.
    clock.advanceBy(60 * US_PER_SECOND);
    const venue = new PaperBroker({
      clock,
      instruments: [SPEC],
      path: join(dir, 'venue.sqlite'),
      commissionPerContract: 2.5,
    });
    venue.onTrade(ES, 4994, 5, clock.now());
    venue.placeManualOrder({
      clientOrderId: clientOrderId('by-hand'),
      instrumentId: ES,
      side: 'SELL',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 5100,
      timeInForce: 'GTC',
      reduceOnly: false,
    });
    expect(venue.positionOf(ES)).toBe(2);
    venue.close();

    clock.advanceBy(60 * US_PER_SECOND);
    const b = engine(dir, clock);
    expect(b.oms.order('rest')?.status).toBe('ACCEPTED'); // restored as it was stored
    const submitted = b.oms.submit({
      clientOrderId: 'during',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    const report = await b.oms.reconcile();
    expect(report.ok).toBe(true);
    if (!report.ok) return;
    expect(report.value).toMatchObject({
      fillsApplied: 1,
      externalAdopted: ['by-hand'],
      positionMismatches: [],
      permission: 'ACTIVE',
    });
    expect(b.oms.order('rest')).toMatchObject({ status: 'FILLED', filledQuantity: 2, avgFillPrice: 4995 });
    expect(b.oms.order('by-hand')).toMatchObject({ external: true, status: 'ACCEPTED', side: 'SELL' });
    expect(b.oms.position(ES).quantity).toBe(2);
    expect((await submitted).status).toBe('submitted'); // submitted before reconcile() began
    // A second reconciliation finds nothing new: no duplicate fill, order or position change.
    const again = await b.oms.reconcile();
    expect(again.ok && again.value.fillsApplied).toBe(0);
    expect(again.ok && again.value.externalAdopted).toEqual([]);
    expect(b.store.load().fills).toHaveLength(1);
    b.close();
  });

  it('orders submitted while reconciling are denied with a reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-recon-'));
    const clock = new SimulatedClock(T0);
    const a = engine(dir, clock);
    const pending = a.oms.reconcile();
    const r = await a.oms.submit({
      clientOrderId: 'x',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(r).toMatchObject({ status: 'denied', reasons: [{ code: 'RECONCILING' }] });
    await pending;
    a.close();
  });

  it('a position the fills cannot explain puts trading in REDUCE_ONLY with an alert, and is not changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-recon-'));
    const clock = new SimulatedClock(T0);
    // The venue already holds 3 contracts bought long ago, outside any fill the engine can see.
    const venue = new PaperBroker({ clock, instruments: [SPEC], path: join(dir, 'venue.sqlite') });
    venue.onTrade(ES, 5000, 5, clock.now());
    venue.placeManualOrder({
      clientOrderId: clientOrderId('old'),
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 3,
      timeInForce: 'DAY',
      reduceOnly: false,
    });
    venue.onTrade(ES, 5000, 5, clock.now());
    venue.close();
    clock.advanceBy(3600 * US_PER_SECOND);
    const a = engine(dir, clock);
    await a.oms.submit({ clientOrderId: 'mine', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    a.paper.onTrade(ES, 5001, 5, clock.now());
    a.close();
    const b = engine(dir, clock);
    const r = await b.oms.reconcile();
    expect(r.ok && r.value.positionMismatches).toEqual([{ instrumentId: ES, local: 1, venue: 4 }]);
    expect(b.oms.permission).toBe('REDUCE_ONLY');
    expect(b.oms.position(ES).quantity).toBe(1);
    expect(b.store.riskEvents().map((e) => e.kind)).toEqual([
      'RECONCILE_POSITION_MISMATCH',
      'TRADING_PERMISSION',
    ]);
    const denied = await b.oms.submit({
      clientOrderId: 'more',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(denied).toMatchObject({ status: 'denied', reasons: [{ code: 'TRADING_REDUCE_ONLY' }] });
    b.close();
    // The permission survives a restart.
    const c = engine(dir, clock);
    expect(c.oms.permission).toBe('REDUCE_ONLY');
    c.close();
  });
});
