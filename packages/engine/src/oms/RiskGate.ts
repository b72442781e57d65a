import type { Order, Position, TimestampUs } from '@minhos/core';
import type { OrderRole } from '../store/index.js';
import type { AccountFigures } from './accountFigures.js';
import type { InstrumentSpec } from './InstrumentSpec.js';

/** Everything the risk gate sees on one submission: the order, positions AND working orders. */
export interface GateInput {
  readonly order: Order;
  readonly role: OrderRole;
  readonly reduceOnly: boolean;
  /** Model confidence 0..1 behind the order; absent for a manual order. */
  readonly confidence?: number;
  readonly spec: InstrumentSpec;
  /** Every open position (any instrument). */
  readonly positions: readonly Position[];
  /** Every order that can still fill (any instrument), excluding this one, with its role. */
  readonly workingOrders: readonly {
    readonly order: Order;
    readonly role: OrderRole;
    readonly reduceOnly: boolean;
  }[];
  /** Protective stop and profit target (points) of the bracket this entry would get, if any. */
  readonly protectiveStop?: number;
  readonly profitTarget?: number;
  /** Specs of every tradeable instrument (for valuing positions and working orders elsewhere). */
  readonly specOf: (instrumentId: string) => InstrumentSpec | undefined;
  readonly account: AccountFigures;
  /** Last trade of the order's instrument, if any arrived. */
  readonly mark?: { readonly price: number; readonly time: TimestampUs };
  /** Marks of every instrument, for valuing positions. */
  readonly marks: ReadonlyMap<string, number>;
  /** Submission times of recent orders (µs). */
  readonly recentOrderTimes: readonly TimestampUs[];
  readonly now: TimestampUs;
}

/** A reason the gate gives. */
export interface GateReason {
  readonly code: string;
  readonly message: string;
}

/** The gate's answer as a value; `detail` is recorded whole with the validation. */
export type GateVerdict =
  | { readonly ok: true; readonly detail?: unknown }
  | { readonly ok: false; readonly reasons: readonly GateReason[]; readonly detail?: unknown };

/** A pre-trade risk gate: pure, synchronous, called on every submission. */
export type RiskGate = (input: GateInput) => GateVerdict;

/** A gate that approves everything (tests of the order flow only; never for trading). */
export const openGate: RiskGate = () => ({ ok: true });
