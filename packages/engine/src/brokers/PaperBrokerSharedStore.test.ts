import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, SimulatedClock } from '@minhos/core';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderManager } from '../oms/index.js';
import { MemoryStore, openStore } from '../store/index.js';
import { PaperBroker } from './PaperBroker.js';

const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('paper venue books in the engine database', () => {
  it('venue and OMS rows commit together; a restart on the same file keeps the paper position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-paper-shared-'));
    dirs.push(dir);
    const path = join(dir, 'engine.sqlite');
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const opened = openStore(path);
    if (!opened.ok) throw opened.error;
    const store = opened.value;
    const paper = new PaperBroker({ clock, instruments: [SPEC], store, commissionPerContract: 2.5 });
    const oms = OrderManager.open({
      store,
      broker: paper,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    paper.onTrade(ES, 5000, 5, clock.now());
    await oms.submit({ clientOrderId: 'a', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 3 });
    paper.onTrade(ES, 5000.5, 5, clock.now());
    expect(oms.position(ES).quantity).toBe(3);
    // Before a commit another connection sees the write-ahead row only, venue rows not yet.
    const reader = new Database(path, { readonly: true });
    const count = (t: string) => (reader.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
    const committed = () => {
      const r = openStore(path, { readonly: true });
      if (!r.ok) throw r.error;
      const snap = r.value.load();
      r.value.close();
      return snap;
    };
    expect(committed().orders.map((o) => o.order.status)).toEqual(['SUBMITTED']);
    expect(count('paper_fills')).toBe(0);
    expect(committed().fills).toHaveLength(0);
    store.flush();
    expect(count('paper_fills')).toBe(1);
    expect(committed().fills).toHaveLength(1);
    expect(committed().orders.map((o) => o.order.status)).toEqual(['FILLED']);
    reader.close();
    paper.close(); // does not close the engine's database
    expect(store.load().fills).toHaveLength(1);
    store.close();

    const again = openStore(path);
    if (!again.ok) throw again.error;
    const paper2 = new PaperBroker({ clock, instruments: [SPEC], store: again.value });
    expect(paper2.positionOf(ES)).toBe(3);
    const oms2 = OrderManager.open({
      store: again.value,
      broker: paper2,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    const r = await oms2.reconcile();
    expect(r.ok && r.value.positionMismatches).toEqual([]);
    expect(oms2.position(ES).quantity).toBe(3);
    again.value.close();
  });

  it('refuses path and store together; a MemoryStore keeps the books in memory', async () => {
    const clock = new SimulatedClock(0);
    const store = new MemoryStore();
    expect(() => new PaperBroker({ clock, instruments: [SPEC], store, path: '/tmp/x.sqlite' })).toThrow(
      /not both/,
    );
    const paper = new PaperBroker({ clock, instruments: [SPEC], store });
    const oms = OrderManager.open({
      store,
      broker: paper,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
    });
    paper.onTrade(ES, 5000, 5, 1);
    await oms.submit({ clientOrderId: 'm', instrumentId: ES, side: 'SELL', type: 'MARKET', quantity: 1 });
    paper.onTrade(ES, 4999, 5, 2);
    const snap = await paper.snapshot(0);
    expect(snap.ok && snap.value.fills.map((f) => [f.clientOrderId, f.price])).toEqual([['m', 4999]]);
    expect(snap.ok && snap.value.positions.get(ES)).toBe(-1);
  });
});
