import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DecisionLoop } from '../runtime/DecisionLoop.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const reason = z.string().trim().min(3, 'say why in at least 3 characters').max(500);

function loopOf(deps: ServerDeps): DecisionLoop {
  if (deps.loop === undefined)
    throw new ApiError(404, 'NO_DECISION_LOOP', 'no decision loop runs in this server');
  return deps.loop;
}

const STATUS: Readonly<Record<string, number>> = {
  UNKNOWN: 404,
  EXPIRED: 409,
  ALREADY_DECIDED: 409,
  EMERGENCY: 409,
};

/** `/api/trading/approvals`: semi_auto decisions waiting for a person; approve (executes) or reject. */
export function approvalRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/approvals',
    summary: 'Pending approvals (semi_auto signals at or above the threshold), oldest first',
    tag: 'trading',
    mutating: false,
    handler: () => {
      const loop = loopOf(deps);
      const now = deps.clock.now();
      const approvals = loop.modes.pending().map((p) => ({
        id: p.id,
        requested_at: iso(p.requestedAt),
        expires_at: iso(p.expiresAt),
        expires_in_seconds: Math.max(0, (p.expiresAt - now) / 1e6),
        summary: p.summary,
      }));
      return { approvals, count: approvals.length, mode: loop.modes.mode, timestamp: iso(now) };
    },
  });

  const params = z.strictObject({ id: z.string().min(1).max(80) });
  defineRoute(app, {
    method: 'POST',
    url: '/api/trading/approvals/:id/approve',
    summary: 'Approve a pending decision: it is sized, gated and sent now',
    tag: 'trading',
    mutating: true,
    params,
    body: z.strictObject({ reason: reason.optional() }).default({}),
    handler: async ({ params: p }) => {
      const loop = loopOf(deps);
      const out = await loop.approve(p.id, 'api');
      if (!out.ok) throw new ApiError(STATUS[out.code] ?? 409, `APPROVAL_${out.code}`, out.message);
      const d = loop.pipeline.decision(p.id);
      return { success: true, id: p.id, outcome: d?.outcome ?? null, timestamp: iso(deps.clock.now()) };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/trading/approvals/:id/reject',
    summary: 'Reject a pending decision (recorded with the reason)',
    tag: 'trading',
    mutating: true,
    params,
    body: z
      .strictObject({ reason: reason.default('rejected through the API') })
      .default({ reason: 'rejected through the API' }),
    handler: ({ params: p, body }) => {
      const loop = loopOf(deps);
      const out = loop.reject(p.id, 'api', body.reason);
      if (!out.ok) throw new ApiError(STATUS[out.code] ?? 409, `APPROVAL_${out.code}`, out.message);
      const d = loop.pipeline.decision(p.id);
      return { success: true, id: p.id, outcome: d?.outcome ?? null, timestamp: iso(deps.clock.now()) };
    },
  });
}
