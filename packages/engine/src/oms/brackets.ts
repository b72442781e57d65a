import {
  type ClientOrderId,
  clientOrderId,
  createOrder,
  isTerminalStatus,
  type OrderType,
  oppositeSide,
  remainingQuantity,
  sideSign,
  transitionOrder,
} from '@minhos/core';
import type { OrderRecord, OrderRole } from '../store/index.js';
import { roundToTick } from './InstrumentSpec.js';
import type { OmsBook } from './OmsBook.js';
import { sendOrder } from './submitOrder.js';

/** @internal Bracket and OCO follow-ups after a fill (outside the fill's unit of work: they send orders). */
export function afterFill(book: OmsBook, id: ClientOrderId): void {
  const r = book.records.get(id);
  if (r === undefined) return;
  if (r.role === 'ENTRY' && r.bracket !== undefined) void syncBracket(book, r);
  if (r.ocoGroup !== undefined && r.role !== 'ENTRY') {
    for (const sibling of siblings(book, r)) {
      if (isTerminalStatus(sibling.order.status) || sibling.dormant === true) continue;
      if (r.order.status === 'FILLED') void book.cancel(sibling.order.clientOrderId, `OCO: ${id} filled`);
      else {
        const left = remainingQuantity(r.order);
        if (left < remainingQuantity(sibling.order) && sibling.order.status !== 'PENDING_REPLACE') {
          void book.replace(sibling.order.clientOrderId, { quantity: sibling.order.filledQuantity + left });
        }
      }
    }
  }
}

/** @internal When an order is done without filling everything: an entry's dormant children are cancelled. */
export function afterDone(book: OmsBook, id: ClientOrderId): void {
  const r = book.records.get(id);
  if (r === undefined || r.role !== 'ENTRY' || r.bracket === undefined) return;
  if (r.order.filledQuantity === 0) {
    for (const child of children(book, id))
      if (!isTerminalStatus(child.order.status))
        void book.cancel(child.order.clientOrderId, `entry ${id} ended unfilled`);
  }
}

/** @internal A crash between an entry's fill and its children's creation leaves it unprotected: fix that. */
export async function repairBrackets(book: OmsBook): Promise<void> {
  for (const r of [...book.records.values()]) {
    if (r.role !== 'ENTRY' || r.bracket === undefined || r.order.filledQuantity === 0) continue;
    const kids = children(book, r.order.clientOrderId);
    if (kids.length < 2) await syncBracket(book, r);
  }
}

function children(book: OmsBook, parent: ClientOrderId): OrderRecord[] {
  const out: OrderRecord[] = [];
  const sl = book.records.get(`${parent}.SL`);
  if (sl !== undefined) out.push(sl);
  const tp = book.records.get(`${parent}.TP`);
  if (tp !== undefined) out.push(tp);
  return out;
}

function siblings(book: OmsBook, r: OrderRecord): OrderRecord[] {
  if (r.parentId === undefined) return [];
  return children(book, r.parentId).filter(
    (o) => o.ocoGroup === r.ocoGroup && o.order.clientOrderId !== r.order.clientOrderId,
  );
}

/** Creates the stop and target of a filled entry, or grows them to the entry's filled quantity. */
async function syncBracket(book: OmsBook, entry: OrderRecord): Promise<void> {
  const bracket = entry.bracket;
  if (bracket === undefined) return;
  const e = entry.order;
  const spec = book.spec(e.instrumentId);
  const exit = oppositeSide(e.side);
  const dir = sideSign(e.side);
  const now = book.clock.now();
  const legs: Array<{ id: string; role: OrderRole; type: OrderType; price: number }> = [
    {
      id: `${e.clientOrderId}.SL`,
      role: 'STOP_LOSS',
      type: 'STOP',
      price: roundToTick(e.avgFillPrice - dir * bracket.stopLossPoints, spec.tickSize),
    },
    {
      id: `${e.clientOrderId}.TP`,
      role: 'TAKE_PROFIT',
      type: 'LIMIT',
      price: roundToTick(e.avgFillPrice + dir * bracket.takeProfitPoints, spec.tickSize),
    },
  ];
  const created: OrderRecord[] = [];
  const grow: string[] = [];
  for (const c of legs) {
    const existing = book.records.get(c.id);
    if (existing === undefined) {
      const order = createOrder(
        {
          clientOrderId: clientOrderId(c.id),
          instrumentId: e.instrumentId,
          side: exit,
          type: c.type,
          quantity: e.filledQuantity,
          ...(c.type === 'STOP' ? { stopPrice: c.price } : { limitPrice: c.price }),
          timeInForce: 'GTC',
          tag: `${c.role} of ${e.clientOrderId}`,
        },
        now,
      );
      created.push({
        order: book.must(transitionOrder(order, 'SUBMITTED', now)),
        role: c.role,
        reduceOnly: true,
        parentId: e.clientOrderId,
        ocoGroup: `${e.clientOrderId}.OCO`,
        outcomeUnknown: true,
      });
    } else if (
      !isTerminalStatus(existing.order.status) &&
      existing.order.quantity < e.filledQuantity &&
      existing.order.status !== 'PENDING_REPLACE' &&
      existing.order.status !== 'SUBMITTED'
    ) {
      grow.push(c.id);
    }
  }
  // Both legs are written ahead together, so a crash never leaves one leg without the other.
  if (created.length > 0)
    book.store.transaction(() => {
      for (const r of created) book.put(r);
    });
  await Promise.all(created.map((r) => sendOrder(book, r)));
  for (const id of grow) await book.replace(id, { quantity: e.filledQuantity });
}
