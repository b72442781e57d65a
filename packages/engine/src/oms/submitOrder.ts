import {
  clientOrderId,
  createOrder,
  isMinhosError,
  MinhosError,
  type Order,
  type OrderType,
  type Position,
  remainingQuantity,
  type Side,
  sideSign,
  type TimeInForce,
  type TimestampUs,
  transitionOrder,
} from '@minhos/core';
import type { BrokerOrder, SendResult } from '../brokers/index.js';
import type { OrderRecord } from '../store/index.js';
import { roundToTick } from './InstrumentSpec.js';
import type { BracketDistances, OmsBook } from './OmsBook.js';
import { type GateInput, type GateReason, type GateVerdict, openGate } from './RiskGate.js';

/** What a caller asks the order manager to do. Prices in points, quantity in whole contracts. */
export interface OrderIntent {
  /** Idempotency key: submitting an id that exists returns the existing order. */
  readonly clientOrderId: string;
  readonly instrumentId: Order['instrumentId'];
  readonly side: Side;
  readonly type: OrderType;
  readonly quantity: number;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: TimeInForce;
  readonly tag?: string;
  readonly confidence?: number;
  readonly reduceOnly?: boolean;
  /**
   * Attach a protective stop and a profit target (OCO, reduce-only) when the entry fills: `true`
   * uses the configured distances, or give them in points.
   */
  readonly bracket?: boolean | BracketDistances;
}

/** The result of {@link OrderManager.submit}. */
export type SubmitOutcome =
  | { readonly status: 'submitted'; readonly order: Order; readonly send: SendResult }
  | { readonly status: 'duplicate'; readonly order: Order }
  | { readonly status: 'denied'; readonly order: Order; readonly reasons: readonly GateReason[] }
  | { readonly status: 'invalid'; readonly error: MinhosError };

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The order core creates from an intent (built field by field: no spreads on the hot path). */
function newOrder(intent: OrderIntent, now: TimestampUs): Order {
  const params: Mutable<Parameters<typeof createOrder>[0]> = {
    clientOrderId: clientOrderId(intent.clientOrderId),
    instrumentId: intent.instrumentId,
    side: intent.side,
    type: intent.type,
    quantity: intent.quantity,
  };
  if (intent.limitPrice !== undefined) params.limitPrice = intent.limitPrice;
  if (intent.stopPrice !== undefined) params.stopPrice = intent.stopPrice;
  if (intent.timeInForce !== undefined) params.timeInForce = intent.timeInForce;
  if (intent.tag !== undefined) params.tag = intent.tag;
  return createOrder(params, now);
}

/**
 * @internal Submission: idempotent on the client id, the engine's own refusals, the risk gate
 * (denials recorded with their reasons), the write-ahead commit, then the broker.
 */
export async function submitOrder(book: OmsBook, intent: OrderIntent): Promise<SubmitOutcome> {
  const existing = book.records.get(intent.clientOrderId);
  if (existing !== undefined) return { status: 'duplicate', order: existing.order };
  const now = book.clock.now();
  let order: Order;
  try {
    book.spec(intent.instrumentId);
    order = newOrder(intent, now);
  } catch (e) {
    if (isMinhosError(e)) return { status: 'invalid', error: e };
    throw e;
  }
  const bracket =
    intent.bracket === true ? book.bracket : intent.bracket === false ? undefined : intent.bracket;
  if (intent.bracket === true && bracket === undefined) {
    return {
      status: 'invalid',
      error: new MinhosError(
        'ORDER_INVALID',
        `order ${intent.clientOrderId}: bracket requested but no default distances configured`,
      ),
    };
  }
  const reduceOnly = intent.reduceOnly ?? false;
  const reasons = preGate(book, order, reduceOnly);
  let verdict: GateVerdict;
  if (reasons.length > 0) verdict = { ok: false, reasons };
  else if (book.modules !== undefined && !book.modules.enabled('riskGate'))
    verdict = { ok: true, detail: 'risk gate disabled' };
  else if (book.gate === openGate) verdict = { ok: true };
  else verdict = book.gate(gateInput(book, order, reduceOnly, intent.confidence, bracket, now));
  if (!verdict.ok && reasons.length === 0 && book.modules?.mode('riskGate') === 'observe') {
    // Observe mode: the denial is recorded as what the gate would have done; the order goes on.
    verdict = { ok: true, detail: { observedDenial: verdict.reasons, detail: verdict.detail } };
  }
  if (!verdict.ok) {
    const denied = book.must(
      transitionOrder(order, 'DENIED', now, { reason: verdict.reasons.map((r) => r.code).join(',') }),
    );
    const record: OrderRecord = { order: denied, role: 'ENTRY', reduceOnly, outcomeUnknown: false };
    const body = { reasons: verdict.reasons, detail: verdict.detail };
    book.store.transaction(() => {
      book.put(record);
      book.store.recordValidation({ time: now, clientOrderId: order.clientOrderId, approved: false, body });
    });
    return { status: 'denied', order: denied, reasons: verdict.reasons };
  }
  const sent = book.must(transitionOrder(order, 'SUBMITTED', now));
  const record: OrderRecord =
    bracket === undefined
      ? { order: sent, role: 'ENTRY', reduceOnly, outcomeUnknown: true }
      : { order: sent, role: 'ENTRY', reduceOnly, outcomeUnknown: true, bracket };
  const detail = verdict.detail ?? null;
  // Write-ahead: intent, client id and validation are durable before the broker sees the order.
  book.store.transaction(() => {
    book.put(record);
    book.store.recordValidation({
      time: now,
      clientOrderId: order.clientOrderId,
      approved: true,
      body: detail,
    });
  });
  book.noteSubmission(now);
  const send = await sendOrder(book, record);
  return { status: 'submitted', order: book.records.get(order.clientOrderId)?.order ?? sent, send };
}

function gateInput(
  book: OmsBook,
  order: Order,
  reduceOnly: boolean,
  confidence: number | undefined,
  bracket: BracketDistances | undefined,
  now: TimestampUs,
): GateInput {
  const positions: Position[] = [];
  for (const p of book.positions.values()) if (p.quantity !== 0) positions.push(p);
  const workingOrders: Array<GateInput['workingOrders'][number]> = [];
  for (const id of book.working) {
    const w = book.records.get(id);
    if (w !== undefined) workingOrders.push({ order: w.order, role: w.role, reduceOnly: w.reduceOnly });
  }
  const input: Mutable<GateInput> = {
    order,
    role: 'ENTRY',
    reduceOnly,
    spec: book.spec(order.instrumentId),
    positions,
    workingOrders,
    specOf: (id) => book.specs.get(id),
    account: book.figures(now).figures,
    marks: book.marks,
    recentOrderTimes: book.recentTimes(now),
    now,
  };
  if (confidence !== undefined) input.confidence = confidence;
  const ref = order.limitPrice ?? order.stopPrice ?? book.marks.get(order.instrumentId);
  if (bracket !== undefined && ref !== undefined) {
    // Where the bracket's stop and target would sit, from the entry's price (limit, stop or last trade).
    const dir = sideSign(order.side);
    const tick = book.spec(order.instrumentId).tickSize;
    input.protectiveStop = roundToTick(ref - dir * bracket.stopLossPoints, tick);
    input.profitTarget = roundToTick(ref + dir * bracket.takeProfitPoints, tick);
  }
  const markPrice = book.marks.get(order.instrumentId);
  const markTime = book.markTimes.get(order.instrumentId);
  if (markPrice !== undefined && markTime !== undefined) input.mark = { price: markPrice, time: markTime };
  return input;
}

/**
 * Reasons the engine itself refuses, before the risk gate: reconciliation (running, or not yet
 * done with a broker that needs it), reduce-only, a rolled contract.
 */
function preGate(book: OmsBook, order: Order, reduceOnly: boolean): GateReason[] {
  const reasons: GateReason[] = [];
  if (book.reconciling) {
    reasons.push({
      code: 'RECONCILING',
      message: 'reconciliation with the broker is running; submit again when it completes',
    });
  } else if (book.broker.reconciled === false) {
    reasons.push({
      code: 'RECONCILING',
      message: `the ${book.broker.name} broker has not been reconciled since it (re)connected; submit again when reconciliation completes`,
    });
  }
  const increases = wouldIncrease(book, order);
  if (reduceOnly && increases) {
    reasons.push({
      code: 'REDUCE_ONLY_ORDER',
      message: `order ${order.clientOrderId} is reduce-only but would increase the position`,
    });
  }
  if (book.permission === 'REDUCE_ONLY' && increases) {
    reasons.push({
      code: 'TRADING_REDUCE_ONLY',
      message:
        'trading is REDUCE_ONLY (a position did not reconcile); only orders that reduce a position are accepted',
    });
  }
  const rollAt = book.specs.get(order.instrumentId)?.rollAt;
  if (rollAt !== undefined && book.clock.now() >= rollAt && increases) {
    reasons.push({
      code: 'CONTRACT_ROLLED',
      message: `${order.instrumentId} is past its roll date; trade the next contract`,
    });
  }
  return reasons;
}

/**
 * Whether filling the order (with every working order on its side) could increase |position|.
 * The legs of one OCO group (a bracket's stop and target) can never both fill: the group counts
 * once, as its larger remaining leg.
 */
function wouldIncrease(book: OmsBook, order: Order): boolean {
  const pos = book.positions.get(order.instrumentId)?.quantity ?? 0;
  const sign = sideSign(order.side);
  if (pos === 0 || Math.sign(pos) === sign) return true;
  let sameSide = order.quantity;
  let groups: Map<string, number> | undefined;
  for (const id of book.working) {
    const r = book.records.get(id);
    const w = r?.order;
    if (w === undefined || w.instrumentId !== order.instrumentId || w.side !== order.side) continue;
    const left = remainingQuantity(w);
    const group = r?.ocoGroup;
    if (group === undefined) sameSide += left;
    else {
      groups ??= new Map();
      groups.set(group, Math.max(groups.get(group) ?? 0, left));
    }
  }
  if (groups !== undefined) for (const left of groups.values()) sameSide += left;
  return sameSide > Math.abs(pos);
}

/** @internal Hands a written-ahead order to the broker; a refusal is a rejection, an unknown outcome stays in flight. */
export async function sendOrder(book: OmsBook, record: OrderRecord): Promise<SendResult> {
  const o = record.order;
  const request: Mutable<BrokerOrder> = {
    clientOrderId: o.clientOrderId,
    instrumentId: o.instrumentId,
    side: o.side,
    type: o.type,
    quantity: o.quantity,
    timeInForce: o.timeInForce,
    reduceOnly: record.reduceOnly,
  };
  if (o.limitPrice !== undefined) request.limitPrice = o.limitPrice;
  if (o.stopPrice !== undefined) request.stopPrice = o.stopPrice;
  let send: SendResult;
  try {
    send = await book.broker.submit(request);
  } catch (cause) {
    send = { status: 'unknown', reason: `broker threw: ${String(cause)}` };
  }
  if (send.status === 'refused') {
    book.handleReport({
      kind: 'rejected',
      clientOrderId: o.clientOrderId,
      reason: `not sent: ${send.reason}`,
      time: book.clock.now(),
    });
  } else if (send.status === 'unknown') {
    book.logger.warn('order outcome unknown; it stays in flight until reconciliation', {
      clientOrderId: o.clientOrderId,
      reason: send.reason,
    });
  }
  return send;
}
