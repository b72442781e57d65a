import { randomUUID } from 'node:crypto';
import type { InstrumentId, TimestampUs } from '@minhos/core';
import { exchangeTradeDate } from '@minhos/engine';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../runtime/ServerDeps.js';
import { EMERGENCY_LEVELS, TRADING_MODES } from '../runtime/TradingControl.js';
import { roundTrips, tradePerformance } from '../runtime/tradePerformance.js';
import { orderView, positionsView } from '../runtime/views.js';
import { ApiError } from './ApiError.js';
import { defineRoute } from './defineRoute.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();
const reason = z.string().trim().min(3, 'say why in at least 3 characters').max(500);
const price = z.number().finite().positive();

/** The body of `POST /api/trading/orders` (and the original's `POST /api/trading/position`). */
export const orderRequestSchema = z
  .strictObject({
    symbol: z.string().min(1).max(40),
    side: z.enum(['BUY', 'SELL']),
    quantity: z.number().int('quantity must be a whole number of contracts').positive().max(1000),
    order_type: z.enum(['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT']).default('MARKET'),
    price: price.optional(),
    stop_price: price.optional(),
    time_in_force: z.enum(['DAY', 'GTC', 'IOC', 'FOK']).optional(),
    client_order_id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'client_order_id: 1-64 letters, digits or _ . : -')
      .optional(),
    bracket: z
      .union([z.boolean(), z.strictObject({ stop_loss_points: price, take_profit_points: price })])
      .optional(),
    reduce_only: z.boolean().optional(),
  })
  .refine((o) => (o.order_type === 'LIMIT' || o.order_type === 'STOP_LIMIT' ? o.price !== undefined : true), {
    message: 'a LIMIT or STOP_LIMIT order needs price',
    path: ['price'],
  })
  .refine(
    (o) => (o.order_type === 'STOP' || o.order_type === 'STOP_LIMIT' ? o.stop_price !== undefined : true),
    {
      message: 'a STOP or STOP_LIMIT order needs stop_price',
      path: ['stop_price'],
    },
  );

/** Trading: mode, positions, orders, history, submit/cancel through the OMS, emergency levels. */
export function tradingRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const { oms, store, control, clock } = deps;

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/mode',
    summary: 'Trading mode and emergency level',
    tag: 'trading',
    mutating: false,
    handler: () => ({
      mode: control.mode,
      emergency_level: control.level,
      trading_permission: oms.permission,
      timestamp: iso(clock.now()),
    }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/trading/mode',
    summary: 'Switch the trading mode (recorded with its reason)',
    tag: 'trading',
    mutating: true,
    body: z.strictObject({ mode: z.enum(TRADING_MODES as [string, ...string[]]), reason: reason.optional() }),
    handler: ({ body }) => {
      const now = clock.now();
      const change = control.setMode(body.mode as (typeof TRADING_MODES)[number], body.reason ?? 'api', now);
      store.recordRiskEvent(now, 'TRADING_MODE', change);
      return { success: true, mode: control.mode, previous_mode: change.from, timestamp: iso(now) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/positions',
    summary: 'Open positions marked to the latest price',
    tag: 'trading',
    mutating: false,
    handler: () => {
      const positions = positionsView(deps);
      return { positions, count: positions.length, timestamp: iso(clock.now()) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/orders',
    summary: 'Orders: working ones (default) or all, newest first',
    tag: 'trading',
    mutating: false,
    query: z.strictObject({
      status: z.enum(['working', 'all']).default('working'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: ({ query }) => {
      const list = query.status === 'working' ? oms.workingOrders() : oms.orders();
      const orders = [...list]
        .sort((a, b) => b.createdAt - a.createdAt)
        .slice(0, query.limit)
        .map(orderView);
      return { orders, count: orders.length, total: list.length, timestamp: iso(clock.now()) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/history',
    summary: 'Fills, newest first',
    tag: 'trading',
    mutating: false,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(200) }),
    handler: ({ query }) => {
      const fills = [...store.load().fills]
        .sort((a, b) => b.time - a.time)
        .slice(0, query.limit)
        .map((f) => ({
          fill_id: f.fillId,
          order_id: f.clientOrderId,
          symbol: f.instrumentId,
          side: f.side,
          quantity: f.quantity,
          price: f.price,
          commission: f.commission,
          timestamp: iso(f.time),
        }));
      return { trades: fills, count: fills.length, timestamp: iso(clock.now()) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/performance',
    summary:
      'Performance of closed round trips (FIFO) in a period: today (exchange trade date), week (7 d), month (30 d), all',
    tag: 'trading',
    mutating: false,
    query: z.strictObject({ period: z.enum(['today', 'week', 'month', 'all']).default('all') }),
    handler: ({ query }) => {
      const now = clock.now();
      const trips = roundTrips(store.load().fills, (id) => oms.position(id as InstrumentId).pointValue);
      const since =
        query.period === 'week' ? now - 7 * 86_400e6 : query.period === 'month' ? now - 30 * 86_400e6 : 0;
      const today = exchangeTradeDate(now);
      const inPeriod = trips.filter((t) =>
        query.period === 'today'
          ? exchangeTradeDate(t.exitTime as TimestampUs) === today
          : t.exitTime >= since,
      );
      return {
        period: query.period,
        ...tradePerformance(inPeriod, deps.risk.current.capital),
        timestamp: iso(now),
      };
    },
  });

  const submit = async (
    body: z.output<typeof orderRequestSchema>,
    reply: { status(code: number): unknown },
  ) => {
    if (!deps.market.symbols.includes(body.symbol))
      throw new ApiError(400, 'UNKNOWN_SYMBOL', `symbol ${body.symbol} is not traded here`, {
        symbols: deps.market.symbols,
      });
    const outcome = await oms.submit({
      clientOrderId: body.client_order_id ?? `api-${randomUUID()}`,
      instrumentId: body.symbol as InstrumentId,
      side: body.side,
      type: body.order_type,
      quantity: body.quantity,
      ...(body.price === undefined ? {} : { limitPrice: body.price }),
      ...(body.stop_price === undefined ? {} : { stopPrice: body.stop_price }),
      ...(body.time_in_force === undefined ? {} : { timeInForce: body.time_in_force }),
      ...(body.reduce_only === undefined ? {} : { reduceOnly: body.reduce_only }),
      ...(body.bracket === undefined
        ? {}
        : {
            bracket:
              typeof body.bracket === 'boolean'
                ? body.bracket
                : {
                    stopLossPoints: body.bracket.stop_loss_points,
                    takeProfitPoints: body.bracket.take_profit_points,
                  },
          }),
      tag: 'api',
    });
    switch (outcome.status) {
      case 'submitted':
        reply.status(201);
        return { success: true, status: outcome.send.status, order: orderView(outcome.order) };
      case 'duplicate':
        return { success: true, status: 'duplicate', order: orderView(outcome.order) };
      case 'denied':
        throw new ApiError(422, 'ORDER_DENIED', outcome.reasons.map((r) => r.message).join('; '), {
          reasons: outcome.reasons,
          order: orderView(outcome.order),
        });
      case 'invalid':
        throw new ApiError(400, 'ORDER_INVALID', outcome.error.message, { code: outcome.error.code });
    }
  };
  for (const url of ['/api/trading/orders', '/api/trading/position'])
    defineRoute(app, {
      method: 'POST',
      url,
      summary: 'Submit an order through the OMS and its pre-trade risk gate',
      tag: 'trading',
      mutating: true,
      body: orderRequestSchema,
      handler: ({ body, reply }) => submit(body, reply),
    });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/trading/orders/:id',
    summary: 'Cancel a working order',
    tag: 'trading',
    mutating: true,
    params: z.strictObject({ id: z.string().min(1).max(64) }),
    handler: async ({ params }) => {
      if (oms.order(params.id) === undefined)
        throw new ApiError(404, 'ORDER_NOT_FOUND', `order ${params.id} is unknown`);
      const result = await oms.cancel(params.id, 'api');
      if (!result.ok) throw new ApiError(409, 'CANCEL_REFUSED', result.message);
      return { success: true, order: orderView(result.order) };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/trading/emergency',
    summary: 'Emergency level and its audit trail',
    tag: 'trading',
    mutating: false,
    handler: () => ({
      level: control.level,
      levels: EMERGENCY_LEVELS,
      history: store
        .riskEvents(100)
        .filter((e) => e.kind.startsWith('EMERGENCY'))
        .map((e) => ({ time: iso(e.time), kind: e.kind, detail: e.body })),
    }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/trading/emergency-stop',
    summary:
      'Emergency stop: reduce_only (only closing orders), cancel_all (also cancel working orders), flatten (also close positions at market)',
    tag: 'trading',
    mutating: true,
    body: z
      .strictObject({
        level: z.enum(['reduce_only', 'cancel_all', 'flatten']).default('flatten'),
        reason: reason.default('emergency stop'),
      })
      .default({ level: 'flatten', reason: 'emergency stop' }),
    handler: async ({ body }) => {
      const now = clock.now();
      const change = control.setLevel(body.level, body.reason, now);
      store.recordRiskEvent(now, 'EMERGENCY_STOP', change);
      if (oms.permission !== 'REDUCE_ONLY')
        oms.setPermission('REDUCE_ONLY', `emergency ${body.level}: ${body.reason}`);
      const canceled: string[] = [];
      const flattening: string[] = [];
      if (body.level !== 'reduce_only')
        for (const o of oms.workingOrders()) {
          const r = await oms.cancel(o.clientOrderId, 'emergency stop');
          if (r.ok) canceled.push(o.clientOrderId);
        }
      if (body.level === 'flatten')
        for (const p of oms.positions()) {
          if (p.quantity === 0) continue;
          const id = `flatten-${randomUUID()}`;
          const out = await oms.submit({
            clientOrderId: id,
            instrumentId: p.instrumentId,
            side: p.quantity > 0 ? 'SELL' : 'BUY',
            type: 'MARKET',
            quantity: Math.abs(p.quantity),
            reduceOnly: true,
            tag: 'emergency-flatten',
          });
          if (out.status === 'submitted') flattening.push(id);
        }
      return {
        success: true,
        message: `emergency ${body.level}: ${canceled.length} orders canceled, ${flattening.length} closing orders sent`,
        level: control.level,
        canceled_orders: canceled,
        flatten_orders: flattening,
        timestamp: iso(now),
      };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/trading/emergency/recover',
    summary: 'Leave the emergency level and resume trading (audited; needs confirm: true and a reason)',
    tag: 'trading',
    mutating: true,
    body: z.strictObject({ reason, confirm: z.literal(true, 'confirm must be true') }),
    handler: ({ body }) => {
      if (control.level === 'normal')
        throw new ApiError(409, 'NOT_IN_EMERGENCY', 'trading is not in an emergency level');
      const now = clock.now();
      const change = control.setLevel('normal', body.reason, now);
      store.recordRiskEvent(now, 'EMERGENCY_RECOVERY', change);
      oms.setPermission('ACTIVE', `recovery: ${body.reason}`);
      return { success: true, level: control.level, previous_level: change.from, timestamp: iso(now) };
    },
  });
}
