import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const BRACKET = { stopLossPoints: 4, takeProfitPoints: 8 };

function store(path: string) {
  const r = openStore(path);
  if (!r.ok) throw r.error;
  return r.value;
}

async function trade(dir: string, clock: SimulatedClock, paper: PaperBroker) {
  const s = store(join(dir, 'engine.sqlite'));
  const oms = OrderManager.open({
    store: s,
    broker: paper,
    clock,
    instruments: [SPEC],
    startingCapital: 100_000,
    bracket: BRACKET,
  });
  await oms.reconcile();
  paper.onTrade(ES, 5000, 5, clock.now());
  oms.onMark(ES, 5000, clock.now());
  await oms.submit({
    clientOrderId: 'entry',
    instrumentId: ES,
    side: 'BUY',
    type: 'MARKET',
    quantity: 2,
    bracket: true,
  });
  clock.advanceBy(US_PER_SECOND);
  paper.onTrade(ES, 5001, 5, clock.now());
  oms.onMark(ES, 5001, clock.now());
  return { s, oms };
}

describe('restarts', () => {
  it('warm: the engine restarts while the broker keeps running (and fills meanwhile)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-warm-'));
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const paper = new PaperBroker({ clock, instruments: [SPEC], commissionPerContract: 2.5 }); // venue in memory, alive throughout
    const { s, oms } = await trade(dir, clock, paper);
    expect(
      oms
        .workingOrders()
        .map((o) => o.clientOrderId)
        .sort(),
    ).toEqual(['entry.SL', 'entry.TP']);
    s.close();
    paper.setListener(() => {}); // engine down: nobody listens
    clock.advanceBy(US_PER_SECOND);
    paper.onTrade(ES, 5010, 5, clock.now()); // the target fills while the engine is down (5001 + 8 = 5009)
    const s2 = store(join(dir, 'engine.sqlite'));
    const oms2 = OrderManager.open({
      store: s2,
      broker: paper,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
      bracket: BRACKET,
    });
    expect(oms2.position(ES).quantity).toBe(2); // as stored
    const r = await oms2.reconcile();
    expect(r.ok && r.value).toMatchObject({ fillsApplied: 1, positionMismatches: [] });
    expect(oms2.position(ES).quantity).toBe(0);
    expect(oms2.order('entry.TP')?.status).toBe('FILLED');
    expect(oms2.order('entry.SL')?.status).toBe('CANCELED'); // OCO completed after the restart
    expect(paper.positionOf(ES)).toBe(0);
    s2.close();
  });

  it('cold: every object is rebuilt from the two files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-cold-'));
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const venuePath = join(dir, 'venue.sqlite');
    const paper = new PaperBroker({
      clock,
      instruments: [SPEC],
      path: venuePath,
      commissionPerContract: 2.5,
    });
    const { s, oms } = await trade(dir, clock, paper);
    const before = { position: oms.position(ES), account: oms.account(), working: oms.workingOrders() };
    s.close();
    paper.close();
    const paper2 = new PaperBroker({
      clock,
      instruments: [SPEC],
      path: venuePath,
      commissionPerContract: 2.5,
    });
    const s2 = store(join(dir, 'engine.sqlite'));
    const oms2 = OrderManager.open({
      store: s2,
      broker: paper2,
      clock,
      instruments: [SPEC],
      startingCapital: 1,
      bracket: BRACKET,
    });
    const r = await oms2.reconcile();
    expect(r.ok && r.value).toMatchObject({
      fillsApplied: 0,
      externalAdopted: [],
      positionMismatches: [],
      permission: 'ACTIVE',
    });
    expect(oms2.position(ES)).toEqual(before.position);
    expect(oms2.workingOrders()).toEqual(before.working);
    expect(oms2.account().realizedPnl).toBe(before.account.realizedPnl);
    expect(paper2.positionOf(ES)).toBe(2);
    // Trading resumes: the stop protects the restored position.
    clock.advanceBy(US_PER_SECOND);
    paper2.onTrade(ES, 4996, 5, clock.now());
    expect(oms2.order('entry.SL')?.status).toBe('FILLED');
    expect(oms2.order('entry.TP')?.status).toBe('CANCELED');
    expect(oms2.position(ES).quantity).toBe(0);
    s2.close();
    paper2.close();
  });
});
