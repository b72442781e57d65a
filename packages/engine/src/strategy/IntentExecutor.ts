import { type Clock, type InstrumentId, remainingQuantity, sideSign } from '@minhos/core';
import type { OrderIntent, OrderManager, SubmitOutcome } from '../oms/index.js';
import type { StrategyContext, StrategyIntent } from './Strategy.js';

/** What an executor may use to act on an intent. */
export interface ExecutionContext {
  readonly oms: OrderManager;
  readonly clock: Clock;
  /** The strategy context of the bar the intent came from. */
  readonly strategy: StrategyContext;
  /** A fresh, deterministic client order id with the given prefix. */
  nextClientOrderId(prefix: string): string;
}

/**
 * Turns a {@link StrategyIntent} into orders. {@link directExecutor} trades the difference to the
 * target; the decision pipeline sizes, gates and records instead.
 */
export type IntentExecutor = (intent: StrategyIntent, ctx: ExecutionContext) => Promise<void> | void;

/** Signed contracts of working ENTRY orders (not bracket legs) in one instrument. */
export function pendingEntries(oms: OrderManager, instrumentId: InstrumentId): number {
  let pending = 0;
  for (const o of oms.workingOrders()) {
    if (o.instrumentId !== instrumentId) continue;
    if (oms.record(o.clientOrderId)?.role !== 'ENTRY') continue;
    pending += sideSign(o.side) * remainingQuantity(o);
  }
  return pending;
}

/**
 * Moves the position to `target` with market orders: one order for the difference to
 * `position + pending entries`; when the intent carries a bracket and the position reverses, every
 * working order of the instrument is cancelled (unfilled entries, the old bracket legs), the
 * position is closed reduce-only, then the new entry goes with its bracket (so the bracket covers
 * only the new position). Returns the submit outcomes.
 */
export async function tradeToTarget(
  intent: StrategyIntent,
  ctx: ExecutionContext,
  prefix = 'bt',
): Promise<SubmitOutcome[]> {
  const { oms } = ctx;
  const held = oms.position(intent.instrumentId).quantity + pendingEntries(oms, intent.instrumentId);
  const delta = intent.target - held;
  if (delta === 0) return [];
  const out: SubmitOutcome[] = [];
  const reverses = held !== 0 && Math.sign(intent.target) !== Math.sign(held);
  if (intent.bracket !== undefined && reverses) {
    // Unfilled entries and the old position's bracket legs go first, then the position, then the
    // new entry with its own bracket.
    for (const o of oms.workingOrders()) {
      if (o.instrumentId === intent.instrumentId) await oms.cancel(o.clientOrderId, 'reversing');
    }
    const position = oms.position(intent.instrumentId).quantity;
    if (position !== 0) out.push(await oms.submit(marketIntent(intent, ctx, prefix, -position, true, false)));
    if (intent.target !== 0)
      out.push(await oms.submit(marketIntent(intent, ctx, prefix, intent.target, false, true)));
  } else {
    const grows = intent.target !== 0 && Math.abs(intent.target) > Math.abs(held);
    out.push(await oms.submit(marketIntent(intent, ctx, prefix, delta, false, grows)));
  }
  return out;
}

/** The market order for a signed quantity (built field by field: no spreads on the per-order path). */
function marketIntent(
  intent: StrategyIntent,
  ctx: ExecutionContext,
  prefix: string,
  quantity: number,
  reduceOnly: boolean,
  withBracket: boolean,
): OrderIntent {
  const order: { -readonly [K in keyof OrderIntent]: OrderIntent[K] } = {
    clientOrderId: ctx.nextClientOrderId(prefix),
    instrumentId: intent.instrumentId,
    side: quantity > 0 ? 'BUY' : 'SELL',
    type: 'MARKET',
    quantity: Math.abs(quantity),
    confidence: intent.confidence,
    tag: intent.reason.length > 64 ? intent.reason.slice(0, 64) : intent.reason,
  };
  if (reduceOnly) order.reduceOnly = true;
  if (withBracket && intent.bracket !== undefined) order.bracket = intent.bracket;
  return order;
}
/** The default executor: {@link tradeToTarget} with no sizing, no approval and no record beyond the OMS's own. */
export const directExecutor: IntentExecutor = async (intent, ctx) => {
  await tradeToTarget(intent, ctx);
};
