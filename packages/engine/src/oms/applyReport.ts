import {
  applyFill,
  type Fill,
  fillOrder,
  flatPosition,
  type OrderReplacement,
  replaceOrder,
  TOPICS,
  transitionOrder,
} from '@minhos/core';
import type { BrokerReport, FillReport } from '../brokers/index.js';
import type { OrderRecord } from '../store/index.js';
import { afterDone, afterFill } from './brackets.js';
import { type OmsBook, withChanges } from './OmsBook.js';

/**
 * @internal Applies one broker report atomically (order, fill, position, account, journal), then
 * runs its follow-ups (bracket legs, OCO cancels) outside that unit because they send orders.
 * Reports for unknown orders are logged and left to reconciliation; repeated fills are no-ops.
 */
export function applyReport(book: OmsBook, report: BrokerReport): void {
  const r = book.records.get(report.clientOrderId);
  if (r === undefined) {
    book.logger.warn('broker report for an unknown order; reconciliation will adopt it', { report });
    return;
  }
  // Group commit: a report lost in a crash is replayed from the broker by reconciliation.
  const follow = book.store.deferred(() => applyOne(book, r, report));
  if (follow === FILLED) afterFill(book, r.order.clientOrderId);
  else if (follow === DONE) afterDone(book, r.order.clientOrderId);
}

const NONE = 0;
const FILLED = 1;
const DONE = 2;

function applyOne(book: OmsBook, r: OrderRecord, report: BrokerReport): number {
  const o = r.order;
  switch (report.kind) {
    case 'accepted': {
      if (o.status === 'SUBMITTED') {
        book.put(
          withChanges(r, {
            order: book.must(transitionOrder(o, 'ACCEPTED', report.time, { orderId: report.orderId })),
            outcomeUnknown: false,
          }),
        );
      } else if (r.outcomeUnknown || o.orderId === undefined) {
        book.put(
          withChanges(r, { order: Object.assign({}, o, { orderId: report.orderId }), outcomeUnknown: false }),
        );
      }
      return NONE;
    }
    case 'rejected': {
      const moved = transitionOrder(o, 'REJECTED', report.time, { reason: report.reason });
      if (!moved.ok) return NONE;
      book.put(withChanges(r, { order: moved.value, outcomeUnknown: false }));
      return DONE;
    }
    case 'fill':
      return bookFill(book, r, report) ? FILLED : NONE;
    case 'canceled': {
      const moved = transitionOrder(o, 'CANCELED', report.time, { reason: report.reason });
      if (!moved.ok) return NONE;
      book.put(withChanges(r, { order: moved.value, outcomeUnknown: false }));
      return DONE;
    }
    case 'cancelRejected':
    case 'replaceRejected': {
      if (o.status === 'PENDING_CANCEL' || o.status === 'PENDING_REPLACE') {
        const back = o.filledQuantity > 0 ? 'PARTIALLY_FILLED' : 'ACCEPTED';
        const { pendingReplace: _, ...rest } = r;
        book.put({
          ...rest,
          order: book.must(transitionOrder(o, back, report.time, { reason: report.reason })),
        });
      }
      return NONE;
    }
    case 'replaced': {
      const changes: OrderReplacement = {
        quantity: report.quantity,
        ...(report.limitPrice === undefined ? {} : { limitPrice: report.limitPrice }),
        ...(report.stopPrice === undefined ? {} : { stopPrice: report.stopPrice }),
      };
      const moved = replaceOrder(o, changes, report.time);
      if (moved.ok) {
        const { pendingReplace: _, ...rest } = r;
        book.put({ ...rest, order: moved.value });
      } else book.logger.warn('replace report could not be applied', { report, error: moved.error.message });
      return NONE;
    }
  }
}

/** Books one execution: order, fill row, position, account; `false` when it was already booked. */
function bookFill(book: OmsBook, r: OrderRecord, report: FillReport): boolean {
  const before = r.order;
  const filled = fillOrder(
    before,
    { executionId: report.executionId, quantity: report.quantity, price: report.price },
    report.time,
  );
  if (!filled.ok) {
    book.logger.error('fill could not be applied to its order', { report, error: filled.error.message });
    return false;
  }
  if (filled.value === before) return false; // already applied
  const fill: Fill =
    report.orderId === undefined
      ? {
          fillId: report.executionId,
          clientOrderId: report.clientOrderId,
          instrumentId: report.instrumentId,
          side: report.side,
          quantity: report.quantity,
          price: report.price,
          commission: report.commission,
          time: report.time,
        }
      : {
          fillId: report.executionId,
          clientOrderId: report.clientOrderId,
          orderId: report.orderId,
          instrumentId: report.instrumentId,
          side: report.side,
          quantity: report.quantity,
          price: report.price,
          commission: report.commission,
          time: report.time,
        };
  if (!book.store.putFill(fill)) return false; // this execution id is already booked
  // Roll the trade date before the fill so its P&L lands on the day it happened (the figures are
  // only computed when it rolls).
  if (book.rollsTradeDate(report.time)) {
    const rolled = book.figures(report.time).next;
    book.store.putPnl(book.account.tradeDate, report.time, {
      dayStartEquity: book.account.dayStartEquity,
      dayEndEquity: rolled.dayStartEquity,
    });
    book.setAccount(rolled, report.time);
  }
  const id = report.instrumentId;
  const current = book.positions.get(id);
  const spec = current === undefined ? book.spec(id) : undefined;
  const position = applyFill(current ?? flatPosition(id, spec?.pointValue ?? 1, spec?.currency), fill);
  book.setPosition(position);
  const order =
    report.orderId === undefined || filled.value.orderId !== undefined
      ? filled.value
      : Object.assign({}, filled.value, { orderId: report.orderId });
  book.put(withChanges(r, { order, outcomeUnknown: false }));
  book.setAccount(book.figures(report.time).next, report.time);
  book.bus.publish(TOPICS.fill, { fill });
  book.bus.publish(TOPICS.position, { position });
  return true;
}
