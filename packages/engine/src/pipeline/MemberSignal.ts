import type { StrategyContext } from '../strategy/Strategy.js';

/** Whether a member can vote: only `active` members get a fusion weight. */
export type MemberState = 'active' | 'untrained' | 'missing' | 'failed' | 'warming_up';

/** One member's output at one bar. */
export interface MemberSignal {
  readonly name: string;
  readonly state: MemberState;
  /** +1 long, −1 short, 0 no view. */
  readonly direction: -1 | 0 | 1;
  /** Strength of the view in [0, 1]. */
  readonly confidence: number;
  /** Model P(up) when the member is a probabilistic model. */
  readonly probabilityUp?: number;
  /** Why (the rule that fired, the model version, the error that disabled it). */
  readonly reason: string;
  /** Member-specific numbers (indicator values, model version…). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A fusion member: the traditional TA rules, a model from the registry, or a user's own. */
export interface SignalMember {
  readonly name: string;
  /** Bars of history the member needs in {@link StrategyContext.history}. */
  readonly historyBars: number;
  /** The member's view at the current bar. */
  evaluate(ctx: StrategyContext): MemberSignal | Promise<MemberSignal>;
}
