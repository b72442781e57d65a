// Test helper: what must hold between the engine and the paper venue after a restart's
// reconciliation (the crash tests' invariants).
import { applyFill, flatPosition, type InstrumentId } from '@minhos/core';
import { expect } from 'vitest';
import type { PaperBroker } from '../brokers/index.js';
import type { OrderManager } from '../oms/index.js';
import type { EngineStore } from '../store/index.js';

const venueWorks = (s: string) => s === 'ACCEPTED' || s === 'PARTIALLY_FILLED';

/**
 * @internal Asserts, after `oms.reconcile()` against `venue`: nothing in flight; one venue order
 * per client id and each one known locally with the venue's quantity, filled quantity and
 * done/working side (the paper venue answers every resent cancel at once, so nothing is left
 * pending); every venue execution booked exactly once; each order's filled quantity the sum of its
 * fills; the position equal to the venue's and to a replay of the stored fills. `where` names the
 * crash point in failure messages.
 */
export async function expectReconciled(
  oms: OrderManager,
  store: EngineStore,
  venue: PaperBroker,
  instrument: InstrumentId,
  pointValue: number,
  where: string,
): Promise<void> {
  expect(oms.inFlightOrders(), where).toEqual([]);
  const snap = await venue.snapshot(0);
  if (!snap.ok) throw snap.error;
  const venueOrders = snap.value.orders;
  expect(new Set(venueOrders.map((o) => o.clientOrderId)).size, where).toBe(venueOrders.length);
  for (const v of venueOrders) {
    const local = oms.order(v.clientOrderId);
    expect(local, `${where}: ${v.clientOrderId} unknown locally`).toBeDefined();
    expect(
      { quantity: local?.quantity, filled: local?.filledQuantity, working: venueWorks(local?.status ?? '') },
      `${where}: venue vs local ${v.clientOrderId} (local ${local?.status}, venue ${v.status})`,
    ).toEqual({ quantity: v.quantity, filled: v.filledQuantity, working: venueWorks(v.status) });
  }
  const fills = store.load().fills;
  expect(new Set(fills.map((f) => f.fillId)), where).toEqual(
    new Set(snap.value.fills.map((f) => f.executionId)),
  );
  let replay = flatPosition(instrument, pointValue);
  for (const f of fills) replay = applyFill(replay, f);
  expect(oms.position(instrument).quantity, where).toBe(snap.value.positions.get(instrument) ?? 0);
  expect(replay.quantity, where).toBe(oms.position(instrument).quantity);
  expect(replay.realizedPnl, where).toBeCloseTo(oms.position(instrument).realizedPnl, 6);
  const byOrder = new Map<string, number>();
  for (const f of fills) byOrder.set(f.clientOrderId, (byOrder.get(f.clientOrderId) ?? 0) + f.quantity);
  for (const o of oms.orders())
    expect(o.filledQuantity, `${where}: ${o.clientOrderId}`).toBe(byOrder.get(o.clientOrderId) ?? 0);
  const venueWorking = venueOrders
    .filter((o) => venueWorks(o.status))
    .map((o) => o.clientOrderId)
    .sort();
  const localWorking = oms
    .workingOrders()
    .map((o) => o.clientOrderId)
    .sort();
  expect(localWorking, where).toEqual(venueWorking);
}
