import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

/** Engine modules: each module's flag and observe/enforce mode, switchable (audited). */
export function moduleRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const flags = () => {
    if (deps.modules === undefined)
      throw new ApiError(404, 'NO_MODULES', 'this engine runs without module flags');
    return deps.modules;
  };
  const history = () =>
    deps.store
      // The store returns the oldest first; module actions are journaled too, so read them all.
      .riskEvents(Number.MAX_SAFE_INTEGER)
      .filter((e) => e.kind === 'MODULE_SWITCH')
      .slice(-50)
      .map((e) => ({ time: new Date(Math.floor(e.time / 1000)).toISOString(), detail: e.body }));
  const actions = (filter: { module?: string; decisionId?: string }, limit: number) =>
    (deps.aiModules?.actions(filter) ?? [])
      .slice(-limit)
      .reverse()
      .map((a) => ({ ...a, time: new Date(Math.floor(a.time / 1000)).toISOString() }));
  defineRoute(app, {
    method: 'GET',
    url: '/api/modules',
    summary:
      'Each engine module with its flag, observe/enforce mode and its recent actions (newest first), and recent switches',
    tag: 'modules',
    mutating: false,
    handler: () => ({
      modules: Object.fromEntries(
        Object.entries(flags().list()).map(([name, setting]) => [
          name,
          { ...setting, recent_actions: actions({ module: name }, 20) },
        ]),
      ),
      recent_switches: history(),
      // Kept for clients of the first version: the switches.
      recent_actions: history(),
    }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/modules/actions',
    summary:
      "The AI modules' actions, newest first: of one module, or attached to one decision (actions between decisions on its position)",
    tag: 'modules',
    mutating: false,
    query: z.strictObject({
      module: z.string().min(1).max(40).optional(),
      decision: z.string().min(1).max(120).optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: ({ query }) => {
      flags();
      return {
        actions: actions(
          {
            ...(query.module === undefined ? {} : { module: query.module }),
            ...(query.decision === undefined ? {} : { decisionId: query.decision }),
          },
          query.limit,
        ),
      };
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/modules/:name',
    summary: 'Switch a module on/off or between observe and enforce (recorded with the reason)',
    tag: 'modules',
    mutating: true,
    params: z.strictObject({ name: z.string().min(1).max(40) }),
    body: z
      .strictObject({
        enabled: z.boolean().optional(),
        mode: z.enum(['observe', 'enforce']).optional(),
        reason: z.string().trim().min(3, 'say why in at least 3 characters').max(500),
      })
      .refine((b) => b.enabled !== undefined || b.mode !== undefined, 'give enabled and/or mode'),
    handler: ({ params, body }) => {
      const f = flags();
      const before = f.list()[params.name];
      if (before === undefined)
        throw new ApiError(404, 'MODULE_UNKNOWN', `module ${params.name} does not exist`, {
          modules: Object.keys(f.list()),
        });
      // Through the flags' audited path: recorded in changes(), journaled as MODULE_SWITCH by the
      // flags' journal (the engine store in a server), and seen by the flags' listeners.
      f.set(
        params.name,
        {
          ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
          ...(body.mode === undefined ? {} : { mode: body.mode }),
        },
        'api',
        body.reason,
      );
      const after = f.list()[params.name];
      return { success: true, module: params.name, setting: after, previous: before };
    },
  });
}
