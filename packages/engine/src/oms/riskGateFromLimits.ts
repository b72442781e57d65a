import type { InstrumentId, OrderId, TimestampUs } from '@minhos/core';
import {
  type PreTradeRequest,
  type RiskControlState,
  type RiskGateOptions,
  type RiskLimits,
  validateOrder,
} from '@minhos/risk';
import type { GateInput, RiskGate } from './RiskGate.js';

/** Options of {@link riskGateFromLimits}. */
export interface RiskGateFromLimitsOptions {
  /** The gate's limits (see `riskLimitsFromConfig`). */
  readonly limits: RiskLimits;
  /** The current emergency stop, breakers and master switch (read on every submission). */
  readonly control: () => Pick<RiskControlState, 'emergencyStop' | 'breakers' | 'tradingEnabled'>;
  /** Whether the instrument's session is open at `now` (default: always open). */
  readonly sessionOpen?: (instrumentId: InstrumentId, now: TimestampUs) => boolean;
  /** Round-trip cost per contract in USD (commissions both sides + expected slippage). Default 0. */
  readonly roundTripCostUsd?: number;
  /** Which checks run and each one's mode (`enforce` / `observe` / `off`). */
  readonly gate?: RiskGateOptions;
}

/**
 * The order manager's risk gate backed by `@minhos/risk`'s `validateOrder`: every submission is
 * checked with the whole book — open positions AND working orders of every instrument, with their
 * types, prices and roles — the account's equity, peak and daily P&L on the trade date, the last
 * trade, the recent order times and the emergency/breaker state. The decision is recorded whole.
 *
 * @example
 * ```ts
 * import { DEFAULT_RISK_LIMITS, initialRiskControlState } from '@minhos/risk';
 * import { riskGateFromLimits } from '@minhos/engine';
 * const control = initialRiskControlState();
 * const gate = riskGateFromLimits({ limits: DEFAULT_RISK_LIMITS, control: () => control });
 * ```
 */
export function riskGateFromLimits(options: RiskGateFromLimitsOptions): RiskGate {
  return (input: GateInput) => {
    const decision = validateOrder(toPreTradeRequest(input, options), options.gate);
    if (decision.ok) return { ok: true, detail: decision };
    return {
      ok: false,
      reasons: decision.reasons.map((r) => ({ code: r.code, message: `${r.check}: ${r.message}` })),
      detail: decision,
    };
  };
}

/** Maps the order manager's view onto `@minhos/risk`'s request (units: points, contracts, USD, µs). */
export function toPreTradeRequest(input: GateInput, options: RiskGateFromLimitsOptions): PreTradeRequest {
  const { order, spec } = input;
  const markOf = (id: string, fallback: number) => input.marks.get(id) ?? fallback;
  return {
    order: {
      instrument: order.instrumentId,
      side: order.side,
      quantity: order.quantity,
      type: order.type,
      ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }),
      ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
      reduceOnly: input.reduceOnly,
      role: input.role,
      ...(input.protectiveStop === undefined ? {} : { protectiveStop: input.protectiveStop }),
      ...(input.profitTarget === undefined ? {} : { profitTarget: input.profitTarget }),
      ...(input.confidence === undefined ? {} : { confidence: input.confidence }),
    },
    instrument: {
      instrument: spec.instrumentId,
      tradeable: true,
      pointValue: spec.pointValue,
      tickSize: spec.tickSize,
      rollDate: spec.rollAt,
      marginPerContract: spec.marginPerContract,
      roundTripCostUsd: options.roundTripCostUsd ?? 0,
      sessionOpen: options.sessionOpen?.(spec.instrumentId, input.now) ?? true,
    },
    positions: input.positions.map((p) => ({
      instrument: p.instrumentId,
      quantity: p.quantity,
      markPrice: markOf(p.instrumentId, p.avgPrice),
      pointValue: p.pointValue,
      marginPerContract: input.specOf(p.instrumentId)?.marginPerContract ?? 0,
    })),
    workingOrders: input.workingOrders.map(({ order: w, role, reduceOnly }) => {
      const s = input.specOf(w.instrumentId);
      return {
        id: (w.orderId ?? w.clientOrderId) as string as OrderId,
        instrument: w.instrumentId,
        side: w.side,
        remainingQuantity: w.quantity - w.filledQuantity,
        type: w.type,
        ...(w.limitPrice === undefined ? {} : { limitPrice: w.limitPrice }),
        ...(w.stopPrice === undefined ? {} : { stopPrice: w.stopPrice }),
        role,
        reduceOnly,
        ...(s === undefined ? {} : { pointValue: s.pointValue, marginPerContract: s.marginPerContract }),
      };
    }),
    account: {
      equity: input.account.equity,
      peakEquity: input.account.peakEquity,
      dailyPnl: input.account.dailyPnl,
    },
    market: { lastPrice: input.mark?.price ?? Number.NaN, lastUpdate: input.mark?.time ?? 0 },
    control: options.control(),
    recentOrderTimes: input.recentOrderTimes,
    limits: options.limits,
    now: input.now,
  };
}
