import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyFill,
  clientOrderId,
  createOrder,
  flatPosition,
  instrumentId,
  money,
  type Order,
} from '@minhos/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from './EngineStore.js';
import { SCHEMA_VERSION } from './migrations.js';
import { restoreStore } from './restoreStore.js';

const ES = instrumentId('ESZ25.CME');
const dir = () => mkdtempSync(join(tmpdir(), 'minhos-store-'));

function open(path: string) {
  const r = openStore(path);
  if (!r.ok) throw r.error;
  return r.value;
}

function sampleOrder(id: string): Order {
  return createOrder(
    { clientOrderId: clientOrderId(id), instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 2 },
    10,
  );
}

describe('EngineStore', () => {
  it('creates the schema in WAL mode and round-trips orders (NaN kept), fills, positions and state', () => {
    const path = join(dir(), 'a.sqlite');
    const store = open(path);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    const order = sampleOrder('c1');
    const fill = {
      fillId: 'f1',
      clientOrderId: order.clientOrderId,
      instrumentId: ES,
      side: 'BUY' as const,
      quantity: 2,
      price: 5000.25,
      commission: money(5),
      time: 20,
    };
    store.transaction(() => {
      store.putOrder({ order, role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
      expect(store.putFill(fill)).toBe(true);
      expect(store.putFill(fill)).toBe(false);
      store.putPosition(applyFill(flatPosition(ES, 50), fill));
      store.setState('emergencyLevel', 'REDUCE_ONLY', 30);
    });
    store.close();
    const again = open(path);
    const snap = again.load();
    expect(snap.orders).toHaveLength(1);
    expect(Number.isNaN(snap.orders[0]?.order.avgFillPrice)).toBe(true);
    expect(snap.orders[0]?.order).toEqual(order);
    expect(snap.fills).toEqual([fill]);
    expect(snap.positions[0]?.quantity).toBe(2);
    expect(snap.state.emergencyLevel).toBe('REDUCE_ONLY');
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    again.close();
  });

  it('a transaction that throws leaves nothing half-written', () => {
    const store = open(join(dir(), 'b.sqlite'));
    expect(() =>
      store.transaction(() => {
        store.putOrder({ order: sampleOrder('c1'), role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
        store.setState('mode', 'full_auto', 1);
        throw new Error('crash in the middle');
      }),
    ).toThrowError(/crash/);
    expect(store.counts()).toMatchObject({ orders: 0, state: 0 });
    store.close();
  });

  it('journal keeps the bus sequence numbers and refuses a duplicate', () => {
    const store = open(':memory:');
    store.appendJournal({ seq: 1, time: 5, topic: 'event.order', body: { a: 1 } });
    store.appendJournal({ seq: 2, time: 6, topic: 'event.fill', body: { b: 2 } });
    expect(() => store.appendJournal({ seq: 2, time: 7, topic: 'x', body: {} })).toThrowError(/UNIQUE/);
    expect(store.load().lastJournalSeq).toBe(2);
    expect(store.journal(1)).toEqual([{ seq: 2, time: 6, topic: 'event.fill', body: { b: 2 } }]);
    store.close();
  });

  it('a corrupt file is a clear error and is left byte for byte as it was', () => {
    const path = join(dir(), 'corrupt.sqlite');
    const junk = Buffer.from('this is not a database, but someone might care about it'.repeat(100));
    writeFileSync(path, junk);
    const r = openStore(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('STORE_CORRUPT');
    expect(r.error.message).toContain(path);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('a database damaged inside its pages fails the integrity check', () => {
    const path = join(dir(), 'damaged.sqlite');
    const store = open(path);
    store.transaction(() => {
      for (let i = 0; i < 300; i++)
        store.putOrder({
          order: sampleOrder(`c${i}`),
          role: 'ENTRY',
          reduceOnly: false,
          outcomeUnknown: false,
        });
    });
    store.close();
    const bytes = readFileSync(path);
    for (let i = 4096 * 2; i < bytes.length; i += 97) bytes[i] = 0xff;
    writeFileSync(path, bytes);
    const before = readFileSync(path);
    const r = openStore(path);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('STORE_CORRUPT');
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('a newer schema version is refused without touching the file', () => {
    const path = join(dir(), 'newer.sqlite');
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = readFileSync(path);
    const r = openStore(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('STORE_NEWER_SCHEMA');
    expect(r.error.message).toMatch(/upgrade MinhOS/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('online backup and restore round-trip while the store stays open', async () => {
    const d = dir();
    const path = join(d, 'live.sqlite');
    const store = open(path);
    store.putOrder({ order: sampleOrder('keep'), role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
    store.setState('mode', 'semi_auto', 1);
    const backup = await store.backup(join(d, 'backup.sqlite'));
    expect(backup.ok).toBe(true);
    expect((await store.backup(join(d, 'backup.sqlite'))).ok).toBe(false);
    store.putOrder({
      order: sampleOrder('after-backup'),
      role: 'ENTRY',
      reduceOnly: false,
      outcomeUnknown: false,
    });
    store.setState('mode', 'full_auto', 2);
    const expected = open(join(d, 'backup.sqlite')).load();
    store.close();
    const restored = restoreStore(join(d, 'backup.sqlite'), path);
    expect(restored.ok).toBe(true);
    const back = open(path);
    const snap = back.load();
    expect(snap).toEqual(expected);
    expect(snap.orders.map((o) => o.order.clientOrderId)).toEqual(['keep']);
    expect(snap.state.mode).toBe('semi_auto');
    back.close();
    const junk = join(d, 'junk.sqlite');
    writeFileSync(junk, 'nope');
    const bad = restoreStore(junk, path);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('STORE_RESTORE_FAILED');
    expect(open(path).load().orders).toHaveLength(1);
  });

  it('deferred writes commit with the next transaction or flush; a throwing one leaves nothing', () => {
    const path = join(dir(), 'deferred.sqlite');
    const store = open(path);
    store.deferred(() => store.setState('a', 1, 1));
    expect(store.getState('a')).toBe(1);
    // What another connection sees is what is committed (tables plus the redo log).
    const read = (k: string) => {
      const r = openStore(path, { readonly: true });
      if (!r.ok) throw r.error;
      const v = r.value.getState<number>(k);
      r.value.close();
      return v === undefined ? undefined : { value: String(v) };
    };
    expect(read('a')).toBeUndefined(); // not committed yet
    expect(() =>
      store.deferred(() => {
        store.setState('b', 2, 2);
        throw new Error('half');
      }),
    ).toThrowError(/half/);
    store.transaction(() => store.setState('c', 3, 3));
    expect(read('a')).toEqual({ value: '1' });
    expect(read('b')).toBeUndefined();
    expect(read('c')).toEqual({ value: '3' });
    store.deferred(() => store.setState('d', 4, 4));
    store.flush();
    expect(read('d')).toEqual({ value: '4' });
    store.close();
  });
});
