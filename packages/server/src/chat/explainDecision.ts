import type { DecisionRecord } from '../runtime/ServerDeps.js';

/**
 * The chat's explanation of one decision, from its record: target, confidence and reason, the
 * outcome and why, each fusion member's view, the Kelly size, the risk gate's reasons, the quality
 * score and the orders sent. One line per part.
 */
export function explainDecision(last: DecisionRecord): string {
  const record = last.record as
    | {
        analysis?: {
          members?: {
            name?: string;
            direction?: number;
            confidence?: number;
            weight?: number;
            reason?: string;
          }[];
        };
        sizing?: { contracts?: number; zeroReason?: string };
        orders?: { verdict?: { ok: boolean; reasons?: { message: string }[] } }[];
      }
    | undefined;
  const members = record?.analysis?.members ?? [];
  const parts = [
    `decision ${last.id} at ${last.timestamp} on ${last.symbol} (${last.strategy}, mode ${last.mode}): target ${last.target} contracts at confidence ${last.confidence.toFixed(2)} — ${last.reason}`,
    `outcome: ${last.action}${last.outcome === undefined ? '' : ` (${last.outcome})`}${last.why === undefined ? '' : `: ${last.why}`}`,
  ];
  if (members.length > 0)
    parts.push(
      `members: ${members
        .map(
          (m) =>
            `${m.name ?? '?'} ${m.direction === undefined ? '' : m.direction > 0 ? 'long' : m.direction < 0 ? 'short' : 'flat'}${m.confidence === undefined ? '' : ` ${m.confidence.toFixed(2)}`}${m.reason === undefined ? '' : ` (${m.reason})`}`,
        )
        .join('; ')}`,
    );
  if (record?.sizing?.contracts !== undefined)
    parts.push(
      `Kelly size ${record.sizing.contracts}${record.sizing.zeroReason === undefined ? '' : ` (${record.sizing.zeroReason})`}`,
    );
  const denied = (record?.orders ?? []).flatMap((o) =>
    o.verdict?.ok === false ? (o.verdict.reasons ?? []).map((r) => r.message) : [],
  );
  if (denied.length > 0) parts.push(`risk gate: ${denied.join('; ')}`);
  if (last.quality_score !== undefined) parts.push(`quality ${last.quality_score.toFixed(2)}`);
  if (last.orders.length > 0)
    parts.push(
      `orders: ${last.orders.map((o) => `${o.order_id} ${o.side ?? ''} ${o.quantity ?? ''} ${o.status}`.replace(/\s+/g, ' ')).join(', ')}`,
    );
  return parts.join('\n');
}
