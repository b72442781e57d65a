import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { riskView } from '../runtime/views.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

/** Risk: status from the live account, parameters read and validated update. */
export function riskRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/risk/status',
    summary: 'Risk status: emergency level, limits used, violations, recent risk events',
    tag: 'risk',
    mutating: false,
    handler: () => ({ ...riskView(deps), parameters: deps.risk.current }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/risk/parameters',
    summary: 'The risk parameters in force (config risk section)',
    tag: 'risk',
    mutating: false,
    handler: () => ({ parameters: deps.risk.current }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/risk/parameters',
    summary: 'Change risk parameters: validated by the config schema, applied to the gate, persisted',
    tag: 'risk',
    mutating: true,
    body: z
      .record(z.string(), z.unknown())
      .refine((o) => Object.keys(o).length > 0, 'give at least one parameter to change'),
    handler: ({ body }) => {
      const result = deps.risk.update(body, deps.clock.now());
      if (!result.ok)
        throw new ApiError(
          400,
          'INVALID_RISK_PARAMETERS',
          result.issues.map((i) => `${i.path}: ${i.message}`).join('; '),
          { issues: result.issues },
        );
      return { success: true, changed: result.changed, parameters: result.parameters };
    },
  });
}
