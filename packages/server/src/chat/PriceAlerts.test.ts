import { MemoryStore, openStore } from '@minhos/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { PRICE_ALERTS_KEY, PriceAlerts } from './PriceAlerts.js';

const alert = (clientId: string, level: number) => ({
  clientId,
  symbol: 'ES',
  condition: 'above' as const,
  level,
  priceAtCreation: 1700,
  createdAt: '2013-10-07T14:00:00.000Z',
});

const stores: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

describe('PriceAlerts', () => {
  it('keeps its alerts in the engine store: a restarted chat still has them, ids go on', () => {
    const opened = openStore(':memory:');
    if (!opened.ok) throw opened.error;
    const store = opened.value;
    stores.push(store);
    const first = new PriceAlerts(store, () => 1);
    expect(first.add(alert('a', 1800))).toMatchObject({ id: 'A1' });
    expect(first.add(alert('b', 1750))).toMatchObject({ id: 'A2' });
    // A restart: a new instance on the same store.
    const second = new PriceAlerts(store, () => 2);
    expect(second.list().map((a) => a.id)).toEqual(['A1', 'A2']);
    expect(second.fire('ES', 1760).map((a) => a.id)).toEqual(['A2']);
    expect(second.add(alert('a', 1900))).toMatchObject({ id: 'A3' });
    expect(second.clear('a')).toBe(2);
    const third = new PriceAlerts(store, () => 3);
    expect(third.list()).toEqual([]);
    expect(store.getState<{ seq: number }>(PRICE_ALERTS_KEY)?.seq).toBe(3);
  });

  it('without a store they live in memory only', () => {
    const store = new MemoryStore();
    stores.push(store);
    const mem = new PriceAlerts();
    mem.add(alert('a', 1800));
    expect(new PriceAlerts(store).list()).toEqual([]);
    expect(mem.list()).toHaveLength(1);
  });
});
