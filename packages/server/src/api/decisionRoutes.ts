import type { DecisionRecord as EngineDecision } from '@minhos/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decisionView } from '../runtime/decisionView.js';
import type { DecisionRecord, ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

/** Decisions of the loop, newest first, as the list shows them (the whole record under `record`). */
function allDecisions(deps: ServerDeps): readonly DecisionRecord[] {
  if (deps.loop !== undefined) return deps.loop.decisions().map(decisionView);
  return deps.decisions?.() ?? [];
}

/** A decision of an earlier session, as the engine store kept its whole record. */
function storedDecision(deps: ServerDeps, id: string): DecisionRecord | undefined {
  const row = deps.store.decision(id);
  return row === undefined ? undefined : decisionView(row.body as EngineDecision);
}

/**
 * Up to `n` decisions the store kept that are older than the loop's oldest (earlier sessions, or
 * this one's beyond what the loop holds), newest first, none of the loop's own.
 */
function olderFromStore(deps: ServerDeps, loop: readonly DecisionRecord[], n: number): DecisionRecord[] {
  if (n <= 0) return [];
  const oldest = loop[loop.length - 1];
  // Strictly before the loop's oldest bar time + 1 µs: a decision at that same time is kept, deduplicated by id.
  const before = oldest === undefined ? Number.MAX_SAFE_INTEGER : Date.parse(oldest.timestamp) * 1000 + 1;
  const ids = new Set(loop.map((d) => d.id));
  const out: DecisionRecord[] = [];
  for (const row of deps.store.decisions(n + ids.size, before)) {
    if (ids.has(row.id)) continue;
    out.push(decisionView(row.body as EngineDecision));
    if (out.length === n) break;
  }
  return out;
}

/** `/api/decisions/recent` and `/api/decisions/:id` (the decision inspector's whole record). */
export function decisionRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/decisions/recent',
    summary:
      'Recent decisions of the decision loop, newest first, continued from the store (earlier sessions) when the loop holds fewer than limit (add full=true for the whole records)',
    tag: 'decisions',
    mutating: false,
    query: z.strictObject({
      limit: z.coerce.number().int().min(1).max(1000).default(50),
      full: z.enum(['true', 'false']).default('false'),
    }),
    handler: ({ query }) => {
      const all = allDecisions(deps);
      const page = all.slice(0, query.limit);
      const earlier = olderFromStore(deps, all, query.limit - page.length);
      const decisions = [...page, ...earlier].map((d) => {
        if (query.full === 'true') return d;
        const { record: _record, ...rest } = d;
        return rest;
      });
      return {
        decisions,
        count: decisions.length,
        total: all.length,
        earlier: earlier.length,
        running: deps.loop !== undefined || deps.decisions !== undefined,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/decisions/:id',
    summary:
      'One decision whole: inputs, every member, the fused signal, Kelly steps, every risk check, outcome, quality',
    tag: 'decisions',
    mutating: false,
    params: z.strictObject({ id: z.string().min(1).max(80) }),
    handler: ({ params }) => {
      // The loop holds this session's decisions; older ones (earlier runs) are read from the store.
      const found = allDecisions(deps).find((d) => d.id === params.id) ?? storedDecision(deps, params.id);
      if (found === undefined)
        throw new ApiError(404, 'DECISION_NOT_FOUND', `decision ${params.id} is unknown`);
      return found;
    },
  });
}
