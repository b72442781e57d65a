import type { DecisionRecord as EngineDecision } from '@minhos/engine';
import type { DecisionRecord } from './ServerDeps.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** What the decision came to, in one word (the list view's `action`). */
export function decisionAction(d: EngineDecision): DecisionRecord['action'] {
  switch (d.outcome.status) {
    case 'submitted':
      return 'executed';
    case 'denied':
    case 'invalid':
      return 'denied';
    case 'pending_approval':
      return 'pending_approval';
    case 'zero_size':
      return 'none';
    default:
      return 'held';
  }
}

/**
 * A pipeline decision as the API's decision list shows it (`id`, `timestamp`, `symbol`, `action`,
 * `orders` with their outcome) with the whole engine record under `record` (inputs, every member,
 * the fused signal, Kelly steps, every risk check, outcome and quality) for the decision inspector.
 */
export function decisionView(d: EngineDecision): DecisionRecord {
  const reasons = d.outcome.status === 'denied' ? d.outcome.reasons.map((r) => r.message) : undefined;
  return {
    id: d.id,
    timestamp: iso(d.time),
    symbol: d.instrumentId,
    strategy: d.strategy,
    target: d.targetPosition,
    confidence: d.intent.confidence,
    reason: d.intent.reason,
    mode: d.inputs.mode,
    action: decisionAction(d),
    route: d.route.action,
    outcome: d.outcome.status,
    why: 'why' in d.outcome ? d.outcome.why : d.route.reason,
    orders: d.orders.map((o) => ({
      order_id: o.clientOrderId,
      status: o.status,
      side: o.side,
      quantity: o.quantity,
      ...(reasons === undefined || o.verdict?.ok !== false ? {} : { reasons }),
    })),
    ...(d.quality === undefined ? {} : { quality_score: d.quality.overall }),
    record: d,
  };
}
