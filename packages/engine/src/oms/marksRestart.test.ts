import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = instrumentId('ESZ25.CME');
const NQ = instrumentId('NQZ25.CME');
const SPECS = [
  { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 },
  { instrumentId: NQ, pointValue: 20, tickSize: 0.25, currency: 'USD', marginPerContract: 17_000 },
];
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop() as string, { recursive: true, force: true });
});

function open(path: string, clock: SimulatedClock, paper: PaperBroker) {
  const r = openStore(path);
  if (!r.ok) throw r.error;
  const oms = OrderManager.open({
    store: r.value,
    broker: paper,
    clock,
    instruments: SPECS,
    startingCapital: 100_000,
  });
  return { store: r.value, oms };
}

describe('last marks survive a restart', () => {
  it('equity after a restart equals equity before, without a new trade (marks after the last fill too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-marks-'));
    dirs.push(dir);
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const paper = new PaperBroker({ clock, instruments: SPECS, commissionPerContract: 2.5 });
    const a = open(join(dir, 'engine.sqlite'), clock, paper);
    await a.oms.reconcile();
    paper.onTrade(ES, 5000, 5, clock.now());
    paper.onTrade(NQ, 20000, 5, clock.now());
    await a.oms.submit({ clientOrderId: 'es', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 2 });
    await a.oms.submit({ clientOrderId: 'nq', instrumentId: NQ, side: 'SELL', type: 'MARKET', quantity: 1 });
    clock.advanceBy(US_PER_SECOND);
    paper.onTrade(ES, 5001, 5, clock.now());
    paper.onTrade(NQ, 20001, 5, clock.now());
    expect(a.oms.position(ES).quantity).toBe(2);
    expect(a.oms.position(NQ).quantity).toBe(-1);
    // Prices move after the last fill: only marks, no trade.
    clock.advanceBy(US_PER_SECOND);
    a.oms.onMark(ES, 5010.5, clock.now());
    a.oms.onMark(NQ, 19990, clock.now());
    const before = a.oms.account();
    expect(before.unrealizedPnl).toBeCloseTo((5010.5 - 5001) * 2 * 50 + (20001 - 19990) * 20, 9);
    a.store.close(); // shutdown
    const b = open(join(dir, 'engine.sqlite'), clock, paper);
    expect(b.oms.account().equity).toBeCloseTo(before.equity, 9);
    expect(b.oms.account().unrealizedPnl).toBeCloseTo(before.unrealizedPnl, 9);
    b.store.close();
    paper.close();
  });

  it('a mark is committed with the next transaction, so a crash after it (no close) keeps it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-marks-'));
    dirs.push(dir);
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const paper = new PaperBroker({ clock, instruments: SPECS });
    const a = open(join(dir, 'engine.sqlite'), clock, paper);
    await a.oms.reconcile();
    paper.onTrade(ES, 5000, 5, clock.now());
    await a.oms.submit({ clientOrderId: 'es', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    paper.onTrade(ES, 5000.25, 5, clock.now());
    a.oms.onMark(ES, 5004, clock.now());
    a.store.flush();
    // A second connection reads what is committed (the first one is never closed: a crash).
    const b = open(join(dir, 'engine.sqlite'), clock, paper);
    expect(b.oms.account().unrealizedPnl).toBeCloseTo((5004 - 5000.25) * 50, 9);
    paper.close();
  });
});
