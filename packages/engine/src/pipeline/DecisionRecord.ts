import type { TimestampUs } from '@minhos/core';
import type { SizingDecision } from '@minhos/kelly';
import type { ModeRoute } from '../modes/index.js';
import type { FillShortfall, ModuleAction } from '../modules/index.js';
import type { GateReason, GateVerdict } from '../oms/index.js';
import type { DecisionQuality } from '../quality/index.js';

/** How a decision ended. */
export type DecisionOutcome =
  | { readonly status: 'submitted'; readonly orderIds: readonly string[] }
  | {
      readonly status: 'denied';
      readonly orderIds: readonly string[];
      readonly reasons: readonly GateReason[];
    }
  | { readonly status: 'pending_approval'; readonly approvalId: string; readonly expiresAt: TimestampUs }
  | { readonly status: 'expired' | 'rejected'; readonly approvalId: string; readonly why: string }
  | { readonly status: 'signal_only' | 'blocked' | 'zero_size' | 'invalid'; readonly why: string };

/** One order the decision sent, with the risk gate's verdict on it. */
export interface DecisionOrder {
  readonly clientOrderId: string;
  readonly status: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: number;
  /** Every check the gate ran (its `detail`), or the reasons it denied. */
  readonly verdict?: GateVerdict;
}

/**
 * A decision recorded whole: from it alone one can tell what was seen, what each member said, how
 * they were fused, how the size came about step by step, what every risk check said, and what
 * happened. Stored in the engine store's `decisions` table under `id`.
 */
export interface DecisionRecord {
  readonly id: string;
  readonly time: TimestampUs;
  readonly instrumentId: string;
  readonly strategy: string;
  readonly inputs: {
    readonly bar: {
      readonly time: number;
      readonly open: number;
      readonly high: number;
      readonly low: number;
      readonly close: number;
      readonly volume: number;
    };
    readonly position: number;
    readonly pending: number;
    readonly equity: number;
    readonly drawdown: number;
    readonly mode: string;
    readonly emergencyLevel: string;
  };
  /** The strategy's own analysis (members, regime, fused signal for the AI pipeline). */
  readonly analysis: unknown;
  readonly intent: { readonly target: number; readonly confidence: number; readonly reason: string };
  readonly bracket?: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  /** Kelly sizing with every step (absent for exits, which close what is held). */
  readonly sizing?: Pick<
    SizingDecision,
    'contracts' | 'fraction' | 'winProbability' | 'payoffRatio' | 'kellyFraction' | 'steps' | 'zeroReason'
  >;
  readonly targetPosition: number;
  readonly route: ModeRoute;
  readonly orders: readonly DecisionOrder[];
  readonly outcome: DecisionOutcome;
  readonly quality?: DecisionQuality;
  /** What the AI modules decided about this decision (observed or enforced), in order. */
  readonly modules?: readonly ModuleAction[];
  /**
   * What the AI modules did to this decision's position afterwards, between decisions (position
   * intelligence's stop moves and exits, balancer reductions, profit amplification's adds), in
   * order: every action is attached to the decision whose fill opened the position it managed
   * (`DecisionPipeline.annotate`); an exit or a reduction that became an order is also its own
   * decision with the action in `modules`.
   */
  readonly later?: readonly ModuleAction[];
  /** Implementation shortfall of the decision's fills against the decision price (the bar close). */
  readonly shortfall?: DecisionShortfall;
}

/** The implementation shortfall of one decision: per fill, and summed. */
export interface DecisionShortfall {
  readonly fills: readonly FillShortfall[];
  /** Quantity-weighted points per contract over the decision price (> 0 a cost). */
  readonly points: number;
  /** Currency over all fills. */
  readonly cost: number;
}
