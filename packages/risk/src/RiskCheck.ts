import type { TimestampUs } from '@minhos/core';
import type { OrderEffect } from './orderEffect.js';
import type { BreakerKind, RiskControlState } from './RiskControlState.js';
import type { RiskLimits } from './RiskLimits.js';
import type {
  AccountRiskState,
  InstrumentRiskSpec,
  MarketDataState,
  PositionExposure,
  ProposedOrder,
  WorkingOrder,
} from './types.js';
import type { WorstCasePosition } from './worstCaseBook.js';

/** The outcome of one check. */
export type CheckOutcome = 'pass' | 'warn' | 'deny';

/** How a check's denial is treated: `enforce` blocks the order, `observe` only records it, `off` skips the check. */
export type CheckMode = 'enforce' | 'observe' | 'off';

/**
 * Everything the pre-trade checks read, as plain data. Time is passed in (`now`), never read.
 * `control` is usually a {@link RiskControlState}; only its stop level, breakers and trading switch are read.
 *
 * The gate measures the **worst case**: the filled `positions` plus every order in `workingOrders`
 * that could still fill on the same side as the proposed order. Pass every working order of the
 * account (all instruments, including protective stops and orders with a cancel in flight); a
 * caller that sends several orders at once adds each passed order to `workingOrders` before
 * checking the next one.
 */
export interface PreTradeRequest {
  readonly order: ProposedOrder;
  readonly instrument: InstrumentRiskSpec;
  /** All open positions (any instrument; zero quantities are ignored). */
  readonly positions: readonly PositionExposure[];
  /** Every working (accepted or in-flight, not yet filled) order of the account, any instrument. */
  readonly workingOrders: readonly WorkingOrder[];
  readonly account: AccountRiskState;
  /** Market data of the order's instrument. */
  readonly market: MarketDataState;
  readonly control: Pick<RiskControlState, 'emergencyStop' | 'breakers' | 'tradingEnabled'>;
  /** Submission times of recent orders (any instrument), µs; older than a minute are ignored. */
  readonly recentOrderTimes: readonly TimestampUs[];
  readonly limits: RiskLimits;
  /** The decision time, µs. */
  readonly now: TimestampUs;
}

/** A {@link PreTradeRequest} plus facts the gate derives once for every check. */
export interface RiskCheckContext extends PreTradeRequest {
  /**
   * The order's worst-case effect on the position in its instrument: `before` is the filled
   * position plus every working order on the order's side, `after` adds the order.
   */
  readonly effect: OrderEffect;
  /**
   * The price the order can execute at, points (see `executablePrice`; the last trade for a market
   * order, `NaN` when the price its type needs is missing).
   */
  readonly price: number;
  /** The book in the worst case, per instrument, before the order (see `worstCaseBook`). */
  readonly book: ReadonlyMap<string, WorstCasePosition>;
  /**
   * The order is an exit: its worst-case effect reduces the position and it is marked `reduceOnly`
   * or is a `STOP_LOSS`. Exits pass the checks flagged `exitExempt` (staleness, order rate,
   * halting breakers) and the HALT level.
   */
  readonly exit: boolean;
}

/** What a check's `run` returns. */
export interface RiskCheckVerdict {
  readonly outcome: CheckOutcome;
  /** Stable, `UPPER_SNAKE` reason code (see the README's table), safe to match on. */
  readonly code: string;
  /** One human sentence with the numbers. */
  readonly message: string;
  /** The measured value, in the unit of `limit`. */
  readonly value?: number;
  /** The limit it was compared with. */
  readonly limit?: number;
  /** Set when the measurement is past a circuit breaker's trip level. */
  readonly tripBreaker?: BreakerKind;
}

/**
 * One pre-trade check: a pure function of the {@link RiskCheckContext}.
 *
 * Write your own and pass it in `RiskGateOptions.checks` next to {@link DEFAULT_PRE_TRADE_CHECKS}.
 *
 * @example
 * ```ts
 * import type { RiskCheck } from '@minhos/risk';
 * const noFridays: RiskCheck = {
 *   name: 'noFridays',
 *   description: 'No new risk on Fridays (UTC).',
 *   reducingExempt: true,
 *   run: (ctx) =>
 *     new Date(ctx.now / 1000).getUTCDay() === 5
 *       ? { outcome: 'deny', code: 'FRIDAY', message: 'no new risk on Fridays' }
 *       : { outcome: 'pass', code: 'FRIDAY_OK', message: 'not Friday' },
 * };
 * ```
 */
export interface RiskCheck {
  /** Unique, stable name (`camelCase`), used in options and results. */
  readonly name: string;
  readonly description: string;
  /**
   * When true, a denial of an order that reduces its position (see `orderEffect`) is turned into a
   * warning: such orders lower the risk the check guards against.
   */
  readonly reducingExempt: boolean;
  /**
   * When true, a denial of an exit order (see {@link RiskCheckContext.exit}) is turned into a
   * warning: an order that can only reduce exposure must get out when data is stale, the order rate
   * is at its limit or a breaker halts trading. Default false.
   */
  readonly exitExempt?: boolean;
  run(ctx: RiskCheckContext): RiskCheckVerdict;
}

/** One check's result in a decision. */
export interface RiskCheckResult extends RiskCheckVerdict {
  /** The check's name. */
  readonly check: string;
  /** False when the check runs in `observe` mode: a denial is recorded but does not block. */
  readonly enforced: boolean;
  /** True when the check denied but the order reduces its position and the check exempts that. */
  readonly reducingExemption?: boolean;
  /** True when the check denied but the order is an exit and the check exempts exits. */
  readonly exitExemption?: boolean;
}

/** An enforced denial: why the order was rejected. */
export type RiskReason = RiskCheckResult & { readonly outcome: 'deny'; readonly enforced: true };

/**
 * The gate's answer: every check that ran, in order, and — when denied — the enforced denials.
 * A denial is a value, never a throw.
 */
export type RiskDecision =
  | {
      readonly ok: true;
      readonly checks: readonly RiskCheckResult[];
      readonly warnings: readonly RiskCheckResult[];
      readonly breakerTrips: readonly BreakerKind[];
      readonly order: ProposedOrder;
      readonly at: TimestampUs;
    }
  | {
      readonly ok: false;
      readonly reasons: readonly RiskReason[];
      readonly checks: readonly RiskCheckResult[];
      readonly warnings: readonly RiskCheckResult[];
      readonly breakerTrips: readonly BreakerKind[];
      readonly order: ProposedOrder;
      readonly at: TimestampUs;
    };
