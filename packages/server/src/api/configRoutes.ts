import { contractRegistry, rolloverStatus } from '@minhos/symbols';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UPDATABLE_SETTINGS } from '../runtime/ConfigSettings.js';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

const COLORS: Readonly<Record<string, string>> = { critical: 'red', warning: 'orange', info: 'blue' };

/** Config (redacted read, whitelisted validated update, persisted) and symbols rollover status. */
export function configRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const settings = () => {
    if (deps.config === undefined)
      throw new ApiError(404, 'NO_CONFIG', 'this server runs without a configuration');
    return deps.config;
  };
  defineRoute(app, {
    method: 'GET',
    url: '/api/config',
    summary: 'The configuration in force, secrets redacted',
    tag: 'config',
    mutating: false,
    handler: () => ({ config: settings().redacted(), updatable: UPDATABLE_SETTINGS }),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/config/:section',
    summary: 'One configuration section, secrets redacted',
    tag: 'config',
    mutating: false,
    params: z.strictObject({ section: z.string().min(1).max(40) }),
    handler: ({ params }) => {
      const config = settings().redacted() as unknown as Record<string, unknown>;
      if (!Object.hasOwn(config, params.section))
        throw new ApiError(404, 'UNKNOWN_SECTION', `no config section ${params.section}`, {
          sections: Object.keys(config),
        });
      return { section: params.section, config: config[params.section] };
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/config/update',
    summary: 'Change one whitelisted setting (validated by the config schema, persisted)',
    tag: 'config',
    mutating: true,
    body: z.strictObject({
      section: z.string().min(1).max(40),
      key: z.string().min(1).max(60),
      value: z.union([z.string().max(200), z.number(), z.boolean()]),
    }),
    handler: ({ body }) => {
      const r = settings().update(body.section, body.key, body.value);
      if (!r.ok) throw new ApiError(r.code === 'NOT_UPDATABLE' ? 403 : 400, r.code, r.message);
      deps.store.recordRiskEvent(deps.clock.now(), 'CONFIG_UPDATE', {
        setting: `${body.section}.${body.key}`,
        from: r.previous,
        to: r.value,
      });
      return {
        success: true,
        section: body.section,
        key: body.key,
        value: r.value,
        previous: r.previous,
        persisted: true,
      };
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/symbols/rollover-status',
    summary: 'Contract rollover alerts at the engine clock (critical ≤7 d, warning ≤15 d, info ≤30 d)',
    tag: 'symbols',
    mutating: false,
    handler: () => {
      const now = deps.clock.now();
      const s = rolloverStatus(contractRegistry(), now);
      return {
        alerts: s.alerts.map((a) => ({
          symbol: a.symbol,
          next_symbol: a.nextSymbol,
          days_until: a.daysUntil,
          rollover_date: a.rollDate,
          level: a.level,
          color: COLORS[a.level] ?? 'gray',
          action_required: a.actionRequired,
        })),
        total_upcoming: s.totalUpcoming,
        urgent_count: s.urgentCount,
        timestamp: new Date(Math.floor(now / 1000)).toISOString(),
      };
    },
  });
}
