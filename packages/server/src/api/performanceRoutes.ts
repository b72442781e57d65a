import type { Bar, InstrumentId } from '@minhos/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';
import { equityCurve, thinCurve } from './equityCurve.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const instant = z.iso.datetime({ offset: true });

/**
 * `GET /api/performance/equity`: the equity curve and drawdown over the whole stored history (the
 * fills in the store, open positions marked at the stored 1-minute bar closes), optionally cut to
 * `from`/`to` and thinned to `points`, so the dashboard's curve starts at the first trade, not at
 * the time the page was opened.
 */
export function performanceRoutes(app: FastifyInstance, deps: ServerDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/performance/equity',
    summary:
      'Equity curve and drawdown from the stored fills and bars (whole history; from/to ISO times, at most `points` points)',
    tag: 'trading',
    mutating: false,
    query: z.strictObject({
      from: instant.optional(),
      to: instant.optional(),
      points: z.coerce.number().int().min(10).max(5000).default(1000),
    }),
    handler: ({ query }) => {
      const from = query.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.from) * 1000;
      const to = query.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.to) * 1000;
      if (from > to)
        throw new ApiError(400, 'INVALID_RANGE', `from (${query.from}) is after to (${query.to})`);
      const fills = deps.store.load().fills;
      const ids = [...new Set(fills.map((f) => f.instrumentId))];
      const bars = new Map<string, readonly Bar[]>();
      const firstFill = fills.reduce((t, f) => Math.min(t, f.time), Number.POSITIVE_INFINITY);
      for (const id of ids)
        bars.set(id, Number.isFinite(firstFill) ? deps.store.bars(id, '1m', firstFill) : []);
      const a = deps.oms.account();
      const startingCapital = a.equity - a.realizedPnl - a.unrealizedPnl;
      const all = equityCurve({
        startingCapital,
        fills,
        bars,
        pointValue: (id) => deps.oms.position(id as InstrumentId).pointValue,
      });
      const cut = all.filter((p) => p.time >= from && p.time <= to);
      const points = thinCurve(cut, query.points);
      const maxDrawdown = cut.reduce((m, p) => Math.max(m, p.drawdown), 0);
      const maxDrawdownPct = cut.reduce((m, p) => Math.max(m, p.drawdown_pct), 0);
      return {
        starting_capital: startingCapital,
        current_equity: a.equity,
        fills: fills.length,
        max_drawdown: maxDrawdown,
        max_drawdown_pct: maxDrawdownPct,
        total: cut.length,
        count: points.length,
        points: points.map((p) => ({ ...p, timestamp: iso(p.time) })),
        timestamp: iso(deps.clock.now()),
      };
    },
  });
}
