import type { Order, Position } from '@minhos/core';
import type { ServerDeps } from './ServerDeps.js';

const iso = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

/** A position as the API shows it (field names of the original dashboard). */
export function positionView(p: Position, mark: number | undefined): Record<string, unknown> {
  const unrealized =
    mark === undefined || p.quantity === 0 ? 0 : (mark - p.avgPrice) * p.quantity * p.pointValue;
  return {
    symbol: p.instrumentId,
    quantity: p.quantity,
    side: p.quantity > 0 ? 'LONG' : p.quantity < 0 ? 'SHORT' : 'FLAT',
    avg_price: p.avgPrice,
    current_price: mark ?? null,
    unrealized_pnl: unrealized,
    realized_pnl: p.realizedPnl,
    commissions: p.commissions,
    point_value: p.pointValue,
    last_update: iso(p.updatedAt),
  };
}

/** An order as the API shows it. */
export function orderView(o: Order): Record<string, unknown> {
  return {
    order_id: o.clientOrderId,
    broker_order_id: o.orderId ?? null,
    symbol: o.instrumentId,
    side: o.side,
    order_type: o.type,
    quantity: o.quantity,
    price: o.limitPrice ?? null,
    stop_price: o.stopPrice ?? null,
    time_in_force: o.timeInForce,
    status: o.status,
    filled_quantity: o.filledQuantity,
    avg_fill_price: o.avgFillPrice,
    tag: o.tag ?? null,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
  };
}

/** Open positions with marks from the market book. */
export function positionsView(deps: ServerDeps): Record<string, unknown>[] {
  return deps.oms
    .positions()
    .filter((p) => p.quantity !== 0)
    .map((p) => positionView(p, deps.market.latest(p.instrumentId)?.last));
}

/** Account P&L figures. */
export function pnlView(deps: ServerDeps): Record<string, unknown> {
  const a = deps.oms.account();
  return {
    equity: a.equity,
    realized_pnl: a.realizedPnl,
    unrealized_pnl: a.unrealizedPnl,
    total_pnl: a.realizedPnl + a.unrealizedPnl,
    daily_pnl: a.dailyPnl,
    commissions: a.commissions,
    margin_used: a.marginInUse,
    peak_equity: a.peakEquity,
    drawdown: a.drawdown,
    trade_date: a.tradeDate,
  };
}

/** Gross exposure (|qty| × price × point value) of open positions, in account currency. */
export function exposure(deps: ServerDeps): number {
  let total = 0;
  for (const p of deps.oms.positions()) {
    const price = deps.market.latest(p.instrumentId)?.last ?? p.avgPrice;
    total += Math.abs(p.quantity) * price * p.pointValue;
  }
  return total;
}

/** Limits the account is over now (`MAX_DAILY_LOSS`, `MAX_DRAWDOWN`): no store access, cheap. */
export function riskViolations(deps: ServerDeps, a = deps.oms.account()): string[] {
  const limits = deps.risk.current;
  const violations: string[] = [];
  if (Math.max(0, -a.dailyPnl) >= limits.maxDailyLoss) violations.push('MAX_DAILY_LOSS');
  if (a.drawdown >= limits.maxDrawdown) violations.push('MAX_DRAWDOWN');
  return violations;
}

/** Risk status: emergency level, permission, limits used, recent risk events. */
export function riskView(deps: ServerDeps): Record<string, unknown> {
  const a = deps.oms.account();
  const limits = deps.risk.current;
  const dailyLoss = Math.max(0, -a.dailyPnl);
  const violations = riskViolations(deps, a);
  const level = deps.control.level;
  return {
    level,
    risk_level:
      violations.length > 0 || level !== 'normal'
        ? 'HIGH'
        : dailyLoss >= limits.maxDailyLoss * limits.warnRatio
          ? 'MEDIUM'
          : 'LOW',
    trading_permission: deps.oms.permission,
    exposure: exposure(deps),
    margin_used: a.marginInUse,
    daily_pnl: a.dailyPnl,
    daily_loss_used: dailyLoss / limits.maxDailyLoss,
    drawdown_current: a.drawdown,
    drawdown_used: a.drawdown / limits.maxDrawdown,
    violations,
    recent_events: deps.store
      .riskEvents(20)
      .map((e) => ({ time: iso(e.time), kind: e.kind, detail: e.body })),
  };
}

/**
 * The `/api/status` body (also the WebSocket `status` topic). Built from in-memory state only (no
 * store query): it is the most polled endpoint.
 */
export function statusView(deps: ServerDeps, startedAtMs: number): Record<string, unknown> {
  const primary = deps.market.symbols[0] as string;
  const q = deps.market.latest(primary);
  const services = deps.services?.() ?? {};
  let degraded = false;
  for (const k in services) if (services[k]?.status !== 'running') degraded = true;
  const a = deps.oms.account();
  const now = deps.clock.now();
  const nowIso = iso(now);
  const level = deps.control.level;
  let open = 0;
  let gross = 0;
  for (const p of deps.oms.positions()) {
    if (p.quantity === 0) continue;
    open++;
    gross += Math.abs(p.quantity) * (deps.market.latest(p.instrumentId)?.last ?? p.avgPrice) * p.pointValue;
  }
  return {
    timestamp: nowIso,
    status: level !== 'normal' ? 'emergency' : degraded ? 'degraded' : 'running',
    banner: deps.banner ?? null,
    uptime_seconds: Math.round((Date.now() - startedAtMs) / 1000),
    services,
    trading: {
      mode: deps.control.mode,
      active: level === 'normal' && deps.oms.permission === 'ACTIVE',
      positions: open,
      working_orders: deps.oms.workingOrders().length,
      total_pnl: a.realizedPnl + a.unrealizedPnl,
      last_update: nowIso,
    },
    market: {
      connected: q !== undefined,
      symbol: primary,
      price: q?.last ?? null,
      bid: q?.bid ?? null,
      ask: q?.ask ?? null,
      volume: q?.volume ?? null,
      last_update: q === undefined ? null : iso(q.time),
      data_points: deps.market.updates(primary),
      symbols: deps.market.symbols,
    },
    risk: {
      level,
      exposure: gross,
      margin_used: a.marginInUse,
      violations: riskViolations(deps, a).length,
    },
  };
}
