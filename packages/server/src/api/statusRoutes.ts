import type { FastifyInstance } from 'fastify';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { statusView } from '../runtime/views.js';
import { defineRoute } from './defineRoute.js';

/** `/api/status` (alias `/api/system/status`), `/api/health`, `/api/services/status`. */
export function statusRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const startedAt = Date.now();
  for (const url of ['/api/status', '/api/system/status'])
    defineRoute(app, {
      method: 'GET',
      url,
      summary: 'System status: trading, market, risk and services, from live engine state',
      tag: 'system',
      mutating: false,
      handler: () => statusView(deps, startedAt),
    });
  defineRoute(app, {
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness: status, timestamp, version',
    tag: 'system',
    mutating: false,
    handler: () => ({
      status: deps.control.level === 'normal' ? 'healthy' : 'emergency',
      timestamp: new Date(Math.floor(deps.clock.now() / 1000)).toISOString(),
      version: deps.version ?? '0.1.0',
    }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/services/status',
    summary: 'Each service with its status and health',
    tag: 'system',
    mutating: false,
    handler: () => {
      const services = deps.services?.() ?? {};
      const list = Object.values(services);
      const healthy = list.filter((s) => s.status === 'running').length;
      return {
        services,
        overall_health: list.length === 0 ? 1 : list.reduce((sum, s) => sum + s.health, 0) / list.length,
        healthy_count: healthy,
        total_count: list.length,
      };
    },
  });
}
