import type { InstrumentId, OrderId, OrderType, Side, TimestampUs } from '@minhos/core';

/**
 * What an order is for. `ENTRY` (the default) opens or changes a position at the trader's
 * discretion; `STOP_LOSS` is the protective stop of an existing position; `TAKE_PROFIT` its profit
 * target. The emergency stop keeps `STOP_LOSS` orders working (see the README's table) and HALT
 * accepts new ones, so the role is what lets a position stay protected while trading is halted.
 */
export type OrderRole = 'ENTRY' | 'STOP_LOSS' | 'TAKE_PROFIT';

/**
 * An order proposed to the risk gate: what would be sent if it passes.
 * Prices in points (the instrument's quote unit), quantity in contracts.
 *
 * `type` defaults to `LIMIT` when `limitPrice` is set and to `MARKET` otherwise. The price that can
 * execute is the limit price (`LIMIT`, `STOP_LIMIT`), the stop price (`STOP`) or the last trade
 * (`MARKET`): the fat-finger band applies to every price the order carries, and exposure values the
 * order at the worse (higher) of that price and the last trade.
 */
export interface ProposedOrder {
  /** The instrument, e.g. `ESZ25.CME`. */
  readonly instrument: InstrumentId;
  readonly side: Side;
  /** Contracts, a positive integer. */
  readonly quantity: number;
  /** Order type; defaults to `LIMIT` with a `limitPrice`, `MARKET` without. */
  readonly type?: OrderType;
  /** Limit price in points, required for `LIMIT` and `STOP_LIMIT`, absent otherwise. */
  readonly limitPrice?: number;
  /** Stop (trigger) price in points, required for `STOP` and `STOP_LIMIT`, absent otherwise. */
  readonly stopPrice?: number;
  /**
   * The order may only reduce the position (a closing order, e.g. FLATTEN's). Together with a
   * worst-case reducing effect it makes the order an *exit*, which passes the staleness, order-rate
   * and halting-breaker checks (see the README).
   */
  readonly reduceOnly?: boolean;
  /** What the order is for; default `ENTRY`. A reducing `STOP_LOSS` is an exit like `reduceOnly`. */
  readonly role?: OrderRole;
  /**
   * Protective stop price (points) of the position this order opens: below the entry for a BUY,
   * above it for a SELL. The gate's `tradeRisk` and `riskBudget` checks price the worst-case loss at
   * this stop; without it they warn `TRADE_RISK_UNKNOWN`.
   */
  readonly protectiveStop?: number;
  /** Profit target price (points) of the position this order opens: above the entry for a BUY. */
  readonly profitTarget?: number;
  /**
   * Model confidence 0..1 behind the order. Omit for a manual order: the confidence check then
   * passes as not applicable.
   */
  readonly confidence?: number;
}

/**
 * What the gate needs to know about the order's instrument, as plain data (the caller resolves it
 * from `@minhos/symbols` / the trading-hours calendar).
 */
export interface InstrumentRiskSpec {
  readonly instrument: InstrumentId;
  /** Whether the instrument is enabled and tradeable at all. */
  readonly tradeable: boolean;
  /** USD per point per contract (ES 50, NQ 20). */
  readonly pointValue: number;
  /** Minimum price increment, points (ES 0.25). */
  readonly tickSize: number;
  /** When to stop opening positions in this contract, µs; `undefined` for instruments without expiry. */
  readonly rollDate: TimestampUs | undefined;
  /** Initial margin per contract, USD; used by the snapshot's margin figure. */
  readonly marginPerContract?: number;
  /**
   * Round-trip cost per contract (commissions, fees and expected slippage), USD, ≥ 0; added to the
   * loss at the stop by the `tradeRisk` and `riskBudget` checks. Default 0.
   */
  readonly roundTripCostUsd?: number;
  /**
   * Weight of one contract in the position limits, in full-size contract equivalents (ES 1, MES
   * 0.1 — the ratio of point values to the full-size sibling). Default 1. `maxPositionContracts`
   * compares |worst-case position| × weight.
   */
  readonly contractWeight?: number;
  /** Whether the instrument's trading session is open at the gate's `now` (a trading-hours predicate result). */
  readonly sessionOpen: boolean;
}

/** An open position as the gate and the snapshot see it. */
export interface PositionExposure {
  readonly instrument: InstrumentId;
  /** Signed contracts: positive long, negative short. */
  readonly quantity: number;
  /** Price the position is marked at, points. */
  readonly markPrice: number;
  /** USD per point per contract. */
  readonly pointValue: number;
  /** Initial margin per contract, USD. */
  readonly marginPerContract?: number;
}

/** Account figures the loss and drawdown checks need, USD. */
export interface AccountRiskState {
  /** Current equity (cash + unrealised P&L), USD. */
  readonly equity: number;
  /** Highest equity reached (high-water mark), USD; ≥ `equity`. */
  readonly peakEquity: number;
  /** Realised + unrealised P&L since the session started, USD (negative = loss). */
  readonly dailyPnl: number;
}

/**
 * Realised volatility of the order's instrument next to its own baseline, both **per bar** (stdev
 * of per-bar log returns, same bar interval). The gate reads only their ratio; to size with
 * `@minhos/kelly`, annualise with its `annualizeVolatility(realisedPerBar, barIntervalUs)`.
 */
export interface VolatilityReading {
  /** Recent realised volatility per bar, e.g. stdev of the last 60 one-minute log returns. */
  readonly realisedPerBar: number;
  /** Baseline volatility to compare with, e.g. the median of past windows. */
  readonly baselinePerBar: number;
}

/** Market data about the order's instrument at the gate's `now`. */
export interface MarketDataState {
  /** Last trade price, points. */
  readonly lastPrice: number;
  /** When `lastPrice` was received, µs. */
  readonly lastUpdate: TimestampUs;
  /** For the volatility check; omit and the check passes as not applicable. */
  readonly volatility?: VolatilityReading;
  /**
   * Aligned per-bar returns by instrument id (same bars, same length), covering the order's
   * instrument and every instrument with an open position, for the correlation check.
   */
  readonly returns?: Readonly<Record<string, ArrayLike<number>>>;
}

/**
 * A working (accepted, not yet filled) order: what the gate counts towards the worst-case position
 * and what the emergency stop keeps or cancels. Pass every order that can still fill, including
 * those with a cancel in flight.
 */
export interface WorkingOrder {
  readonly id: OrderId;
  readonly instrument: InstrumentId;
  readonly side: Side;
  /** Contracts still to fill, a positive integer. */
  readonly remainingQuantity: number;
  /** Order type; defaults as for {@link ProposedOrder}. */
  readonly type?: OrderType;
  /** Limit price, points. */
  readonly limitPrice?: number;
  /** Stop price, points. */
  readonly stopPrice?: number;
  /** What the order is for; default `ENTRY`. */
  readonly role?: OrderRole;
  /** The order may only reduce the position. */
  readonly reduceOnly?: boolean;
  /**
   * USD per point per contract. Needed for exposure when the book holds no position in the
   * instrument and it is not the order's instrument; otherwise taken from the position or spec.
   */
  readonly pointValue?: number;
  /** Weight in full-size contract equivalents (see {@link InstrumentRiskSpec.contractWeight}). Default 1. */
  readonly contractWeight?: number;
  /** Initial margin per contract, USD, for an instrument without a position (for the margin check). */
  readonly marginPerContract?: number;
}
