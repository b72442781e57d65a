import { clientOrderId, createOrder, instrumentId, money } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from './MemoryStore.js';

const ES = instrumentId('ESZ25.CME');
const order = (id: string, t: number) =>
  createOrder(
    { clientOrderId: clientOrderId(id), instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 },
    t,
  );

describe('MemoryStore', () => {
  it('a transaction whose function throws leaves nothing behind (undo log)', () => {
    const s = new MemoryStore();
    s.setState('mode', 'manual', 0);
    s.putOrder({ order: order('keep', 1), role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
    expect(() =>
      s.transaction(() => {
        s.setState('mode', 'full_auto', 1);
        s.putOrder({ order: order('gone', 2), role: 'ENTRY', reduceOnly: false, outcomeUnknown: true });
        s.appendJournal({ seq: 1, time: 2, topic: 'event.order', body: {} });
        s.putMark(ES, 5000, 2);
        expect(
          s.putFill({
            fillId: 'e1',
            clientOrderId: clientOrderId('gone'),
            instrumentId: ES,
            side: 'BUY',
            quantity: 1,
            price: 5000,
            commission: money(0),
            time: 2,
          }),
        ).toBe(true);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const snap = s.load();
    expect(snap.state).toEqual({ mode: 'manual' });
    expect(snap.orders.map((r) => r.order.clientOrderId)).toEqual(['keep']);
    expect(snap.fills).toEqual([]);
    expect(snap.marks).toEqual([]);
    expect(snap.lastJournalSeq).toBe(0);
    expect(s.lastFillTime()).toBe(0);
  });

  it('load returns the SQLite store shape: orders by creation, marks, journal order, counts; commit hooks run', () => {
    const s = new MemoryStore();
    let hooks = 0;
    s.onBeforeCommit(() => {
      hooks += 1;
    });
    s.transaction(() => {
      s.putOrder({ order: order('b', 5), role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
      s.putOrder({ order: order('a', 3), role: 'ENTRY', reduceOnly: false, outcomeUnknown: false });
      s.transaction(() => s.putMark(ES, 4999.75, 6));
    });
    expect(hooks).toBe(1);
    s.appendJournal({ seq: 1, time: 5, topic: 'event.order', body: { a: 1 } });
    s.appendJournal({ seq: 2, time: 6, topic: 'event.fill', body: { b: 2 } });
    expect(() => s.appendJournal({ seq: 2, time: 7, topic: 'x', body: {} })).toThrow(/UNIQUE/);
    expect(s.journal(1)).toEqual([{ seq: 2, time: 6, topic: 'event.fill', body: { b: 2 } }]);
    const snap = s.load();
    expect(snap.orders.map((r) => r.order.clientOrderId)).toEqual(['a', 'b']);
    expect(snap.marks).toEqual([{ instrumentId: ES, price: 4999.75, time: 6 }]);
    expect(snap.lastJournalSeq).toBe(2);
    expect(s.counts()).toMatchObject({ orders: 2, journal: 2 });
    s.close();
    expect(hooks).toBeGreaterThanOrEqual(2);
  });

  it('refuses a backup with a clear error', async () => {
    const r = await new MemoryStore().backup('/tmp/never.sqlite');
    expect(!r.ok && r.error.message).toMatch(/in-memory store/);
  });
});
