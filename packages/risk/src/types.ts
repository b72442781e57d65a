import type { InstrumentId, OrderId, Side, TimestampUs } from '@minhos/core';

/**
 * An order proposed to the risk gate: what would be sent if it passes.
 * Prices in points (the instrument's quote unit), quantity in contracts.
 */
export interface ProposedOrder {
  /** The instrument, e.g. `ESZ25.CME`. */
  readonly instrument: InstrumentId;
  readonly side: Side;
  /** Contracts, a positive integer. */
  readonly quantity: number;
  /** Limit (or stop) price in points; omit for a market order, which is priced at the last trade. */
  readonly limitPrice?: number;
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

/** Realised volatility of the order's instrument next to its own baseline (same unit, any unit). */
export interface VolatilityReading {
  /** Recent realised volatility, e.g. stdev of the last 60 one-minute log returns. */
  readonly realised: number;
  /** Baseline volatility to compare with, e.g. the median of past windows. */
  readonly baseline: number;
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

/** A working (accepted, not yet filled) order, as the emergency stop needs it. */
export interface WorkingOrder {
  readonly id: OrderId;
  readonly instrument: InstrumentId;
  readonly side: Side;
  /** Contracts still to fill, a positive integer. */
  readonly remainingQuantity: number;
}
