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

  describe("a replace whose reports were lost in a crash: the venue's terms, then its fills", () => {
    /**
     * Engine A rests a BUY limit, then sends a replace with its report listener detached (the
     * write-ahead PENDING_REPLACE is committed; what the venue answers is lost, as in a kill), and
     * the venue trades through while the engine is down. Engine B restarts and reconciles.
     */
    async function lostReplace(quantity: number, newQuantity: number, tradeAt: number) {
      const dir = mkdtempSync(join(tmpdir(), 'minhos-recon-'));
      const clock = new SimulatedClock(T0);
      const a = engine(dir, clock);
      a.paper.onTrade(ES, 5000, 5, clock.now());
      await a.oms.submit({
        clientOrderId: 'lmt',
        instrumentId: ES,
        side: 'BUY',
        type: 'LIMIT',
        quantity,
        limitPrice: 4995,
      });
      a.paper.setListener(() => {});
      const asked = await a.oms.replace('lmt', { quantity: newQuantity });
      expect(asked.ok && asked.order.status).toBe('PENDING_REPLACE');
      a.paper.onTrade(ES, tradeAt, 5, clock.now()); // below 4995 the venue fills at its terms, unheard
      a.close();
      clock.advanceBy(60 * US_PER_SECOND);
      const b = engine(dir, clock);
      const report = await b.oms.reconcile();
      if (!report.ok) throw report.error;
      const snap = await b.paper.snapshot(0);
      if (!snap.ok) throw snap.error;
      return { b, report: report.value, venue: snap.value.orders.find((o) => o.clientOrderId === 'lmt') };
    }

    it('replaced down (2 → 1) and filled: FILLED 1 of 1, like the venue; not left PENDING_REPLACE', async () => {
      const { b, report, venue } = await lostReplace(2, 1, 4994);
      expect(venue).toMatchObject({ status: 'FILLED', quantity: 1, filledQuantity: 1 });
      expect(b.oms.order('lmt')).toMatchObject({ status: 'FILLED', quantity: 1, filledQuantity: 1 });
      expect(b.oms.workingOrders()).toEqual([]);
      expect(report.positionMismatches).toEqual([]);
      // A cancel now is refused by the engine itself: nothing is working, nothing goes back to working.
      expect((await b.oms.cancel('lmt')).ok).toBe(false);
      expect(b.oms.order('lmt')?.status).toBe('FILLED');
      b.close();
    });

    it('replaced up (1 → 2) and filled: both contracts booked, FILLED 2 of 2', async () => {
      const { b, report, venue } = await lostReplace(1, 2, 4994);
      expect(venue).toMatchObject({ status: 'FILLED', quantity: 2, filledQuantity: 2 });
      expect(b.oms.order('lmt')).toMatchObject({ status: 'FILLED', quantity: 2, filledQuantity: 2 });
      expect(report.fillsApplied).toBe(1);
      expect(b.oms.position(ES).quantity).toBe(2);
      expect(report.positionMismatches).toEqual([]);
      b.close();
    });

    it('replaced and not filled: working at the new quantity', async () => {
      const { b, venue } = await lostReplace(2, 3, 5000);
      expect(venue).toMatchObject({ status: 'ACCEPTED', quantity: 3, filledQuantity: 0 });
      expect(b.oms.order('lmt')).toMatchObject({ status: 'ACCEPTED', quantity: 3, filledQuantity: 0 });
      b.close();
    });

    it('filled before the replace arrived (the venue refused it): FILLED at the old quantity', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'minhos-recon-'));
      const clock = new SimulatedClock(T0);
      const a = engine(dir, clock);
      a.paper.onTrade(ES, 5000, 5, clock.now());
      await a.oms.submit({
        clientOrderId: 'lmt',
        instrumentId: ES,
        side: 'BUY',
        type: 'LIMIT',
        quantity: 2,
        limitPrice: 4995,
      });
      a.paper.setListener(() => {});
      a.paper.onTrade(ES, 4994, 5, clock.now()); // filled, unheard
      await a.oms.replace('lmt', { quantity: 3 }); // refused by the venue, unheard
      a.close();
      const b = engine(dir, clock);
      const report = await b.oms.reconcile();
      expect(report.ok && report.value.positionMismatches).toEqual([]);
      expect(b.oms.order('lmt')).toMatchObject({ status: 'FILLED', quantity: 2, filledQuantity: 2 });
      b.close();
    });
  });
});
