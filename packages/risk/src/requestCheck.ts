import { pass } from './internal/bounded.js';
import { isFiniteNumber } from './internal/stats.js';
import { executablePrice, orderTypeOf, type PricedOrder } from './orderPrices.js';
import type { RiskCheck, RiskCheckVerdict } from './RiskCheck.js';
import type { InstrumentRiskSpec } from './types.js';

const deny = (code: string, message: string): RiskCheckVerdict => ({ outcome: 'deny', code, message });
const ORDER_TYPES = new Set(['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT']);
const ROLES = new Set(['ENTRY', 'STOP_LOSS', 'TAKE_PROFIT']);

/** Checks one price field: positive, finite and on tick. Returns the problem, or undefined. */
function priceProblem(name: string, value: number, tickSize: number): string | undefined {
  if (!(isFiniteNumber(value) && value > 0))
    return `${name} must be a positive number of points, got ${value}`;
  const ticks = value / tickSize;
  // Relative tolerance: 0.1 / 0.25 style tick sizes are not exact in binary floating point.
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6)
    return `${name} ${value} is not a multiple of the tick size ${tickSize}`;
  return undefined;
}

/** The prices an order of its type needs and must not have. Returns the problem, or undefined. */
function typeProblem(label: string, order: PricedOrder): string | undefined {
  if (order.type !== undefined && !ORDER_TYPES.has(order.type))
    return `${label} type must be MARKET, LIMIT, STOP or STOP_LIMIT, got ${String(order.type)}`;
  const type = orderTypeOf(order);
  const needsLimit = type === 'LIMIT' || type === 'STOP_LIMIT';
  const needsStop = type === 'STOP' || type === 'STOP_LIMIT';
  if (needsLimit && order.limitPrice === undefined) return `${label}: a ${type} order needs a limitPrice`;
  if (!needsLimit && order.limitPrice !== undefined)
    return `${label}: a ${type} order must not have a limitPrice`;
  if (needsStop && order.stopPrice === undefined) return `${label}: a ${type} order needs a stopPrice`;
  if (!needsStop && order.stopPrice !== undefined)
    return `${label}: a ${type} order must not have a stopPrice`;
  return undefined;
}

function pricesProblem(
  label: string,
  order: PricedOrder,
  spec: InstrumentRiskSpec,
): RiskCheckVerdict | undefined {
  const t = typeProblem(label, order);
  if (t !== undefined) return deny('ORDER_PRICE_INVALID', t);
  for (const [name, value] of [
    ['limitPrice', order.limitPrice],
    ['stopPrice', order.stopPrice],
  ] as const) {
    if (value === undefined) continue;
    const problem = priceProblem(`${label} ${name}`, value, spec.tickSize);
    if (problem !== undefined)
      return deny(problem.includes('tick size') ? 'ORDER_PRICE_OFF_TICK' : 'ORDER_PRICE_INVALID', problem);
  }
  return undefined;
}

/**
 * Inputs are well-formed: quantity, order type and its prices (on tick), protective stop and target
 * on the right side of the entry, confidence range, instrument spec, account, positions, working
 * orders.
 */
export const requestCheck: RiskCheck = {
  name: 'request',
  description:
    'The order and its inputs are well-formed (quantity a positive integer; the prices its type needs, positive and on tick, and no others; protective stop and target on the right side of the entry; confidence in 0..1; finite account, position and working-order figures).',
  reducingExempt: false,
  run(ctx) {
    const { order, instrument, account } = ctx;
    if (!Number.isInteger(order.quantity) || order.quantity <= 0) {
      return deny(
        'ORDER_QUANTITY_INVALID',
        `order quantity must be a positive integer of contracts, got ${order.quantity}`,
      );
    }
    if (order.side !== 'BUY' && order.side !== 'SELL') {
      return deny('ORDER_SIDE_INVALID', `order side must be BUY or SELL, got ${String(order.side)}`);
    }
    if (order.instrument !== instrument.instrument) {
      return deny(
        'ORDER_INSTRUMENT_MISMATCH',
        `order is for ${order.instrument} but the instrument spec is for ${instrument.instrument}`,
      );
    }
    if (!(isFiniteNumber(instrument.pointValue) && instrument.pointValue > 0)) {
      return deny(
        'INSTRUMENT_SPEC_INVALID',
        `${instrument.instrument}: pointValue must be a positive number of USD, got ${instrument.pointValue}`,
      );
    }
    if (!(isFiniteNumber(instrument.tickSize) && instrument.tickSize > 0)) {
      return deny(
        'INSTRUMENT_SPEC_INVALID',
        `${instrument.instrument}: tickSize must be a positive number of points, got ${instrument.tickSize}`,
      );
    }
    for (const [name, value] of [
      ['roundTripCostUsd', instrument.roundTripCostUsd],
      ['contractWeight', instrument.contractWeight],
    ] as const) {
      if (
        value !== undefined &&
        !(isFiniteNumber(value) && (name === 'roundTripCostUsd' ? value >= 0 : value > 0))
      )
        return deny(
          'INSTRUMENT_SPEC_INVALID',
          `${instrument.instrument}: ${name} must be a ${name === 'roundTripCostUsd' ? 'non-negative' : 'positive'} number, got ${value}`,
        );
    }
    if (order.role !== undefined && !ROLES.has(order.role))
      return deny(
        'ORDER_ROLE_INVALID',
        `order role must be ENTRY, STOP_LOSS or TAKE_PROFIT, got ${String(order.role)}`,
      );
    const prices = pricesProblem('order', order, instrument);
    if (prices !== undefined) return prices;
    const entry = executablePrice(order, ctx.market.lastPrice) ?? Number.NaN;
    const bracket = bracketProblem(order.side, entry, order.protectiveStop, order.profitTarget, instrument);
    if (bracket !== undefined) return bracket;
    if (
      order.confidence !== undefined &&
      !(isFiniteNumber(order.confidence) && order.confidence >= 0 && order.confidence <= 1)
    ) {
      return deny('ORDER_CONFIDENCE_INVALID', `confidence must be in [0, 1], got ${order.confidence}`);
    }
    if (
      !isFiniteNumber(account.equity) ||
      !isFiniteNumber(account.dailyPnl) ||
      !(isFiniteNumber(account.peakEquity) && account.peakEquity > 0)
    ) {
      return deny(
        'ACCOUNT_STATE_INVALID',
        `account figures must be finite with a positive peak equity, got equity ${account.equity}, peakEquity ${account.peakEquity}, dailyPnl ${account.dailyPnl}`,
      );
    }
    for (const p of ctx.positions) {
      if (
        !Number.isInteger(p.quantity) ||
        !isFiniteNumber(p.markPrice) ||
        !(isFiniteNumber(p.pointValue) && p.pointValue > 0)
      ) {
        return deny(
          'POSITION_INVALID',
          `position in ${p.instrument} must have an integer quantity, a finite mark price and a positive point value, got ${p.quantity} @ ${p.markPrice} × ${p.pointValue}`,
        );
      }
    }
    if (!Array.isArray(ctx.workingOrders))
      return deny('WORKING_ORDER_INVALID', 'workingOrders must be the list of working orders ([] when none)');
    for (const o of ctx.workingOrders) {
      const label = `working order ${String(o.id)} (${o.instrument})`;
      if (!Number.isInteger(o.remainingQuantity) || o.remainingQuantity <= 0)
        return deny(
          'WORKING_ORDER_INVALID',
          `${label}: remainingQuantity must be a positive integer, got ${o.remainingQuantity}`,
        );
      if (o.side !== 'BUY' && o.side !== 'SELL')
        return deny('WORKING_ORDER_INVALID', `${label}: side must be BUY or SELL, got ${String(o.side)}`);
      const t = typeProblem(label, o);
      if (t !== undefined) return deny('WORKING_ORDER_INVALID', t);
      for (const v of [o.limitPrice, o.stopPrice])
        if (v !== undefined && !(isFiniteNumber(v) && v > 0))
          return deny('WORKING_ORDER_INVALID', `${label}: prices must be positive numbers, got ${v}`);
      // Exposure needs to value it: a point value from somewhere.
      const known = ctx.book.get(o.instrument)?.pointValue;
      if (o.instrument !== order.instrument && !(isFiniteNumber(known) && known > 0))
        return deny(
          'WORKING_ORDER_INVALID',
          `${label}: no point value known for ${o.instrument} (no position in it): pass pointValue on the working order`,
        );
    }
    return pass('REQUEST_OK', 'order and inputs are well-formed');
  },
};

function bracketProblem(
  side: 'BUY' | 'SELL',
  entry: number,
  stop: number | undefined,
  target: number | undefined,
  spec: InstrumentRiskSpec,
): RiskCheckVerdict | undefined {
  const long = side === 'BUY';
  if (stop !== undefined) {
    const p = priceProblem('protectiveStop', stop, spec.tickSize);
    if (p !== undefined) return deny('PROTECTIVE_STOP_INVALID', p);
    if (long ? !(stop < entry) : !(stop > entry))
      return deny(
        'PROTECTIVE_STOP_INVALID',
        `protective stop ${stop} of a ${side} must be ${long ? 'below' : 'above'} the entry ${entry}`,
      );
  }
  if (target !== undefined) {
    const p = priceProblem('profitTarget', target, spec.tickSize);
    if (p !== undefined) return deny('PROFIT_TARGET_INVALID', p);
    if (long ? !(target > entry) : !(target < entry))
      return deny(
        'PROFIT_TARGET_INVALID',
        `profit target ${target} of a ${side} must be ${long ? 'above' : 'below'} the entry ${entry}`,
      );
  }
  return undefined;
}
