import type { ModuleAction } from '../modules/index.js';
import type { InstrumentSpec, SubmitOutcome } from '../oms/index.js';
import type { ExecutionContext } from '../strategy/IntentExecutor.js';
import type { StrategyIntent } from '../strategy/Strategy.js';
import type { DecisionOutcome } from './DecisionRecord.js';

/**
 * Marks an intent made by a module rather than the strategy, in `intent.details.moduleIntent`:
 * `exit` and `reduce` trade to `intent.target` exactly (no Kelly sizing: they only reduce risk);
 * `add` is capped by Kelly sizing at `|intent.target|` and needs Kelly to allow more than is held.
 */
export interface ModuleIntent {
  readonly module: ModuleAction['module'];
  readonly kind: 'exit' | 'reduce' | 'add';
  /** For `add`: the stop for the whole position once the add is sent. */
  readonly lockStop?: number;
}

/** What {@link DecisionHooks.review} sees: a sized decision before the mode routes it. */
export interface DecisionReview {
  readonly decisionId: string;
  readonly intent: StrategyIntent;
  readonly ctx: ExecutionContext;
  readonly spec: InstrumentSpec;
  /** Signed contracts held and pending. */
  readonly position: number;
  readonly pending: number;
  /** Whether the decision adds risk (a new, larger or reversed position). */
  readonly increases: boolean;
  /** The target after Kelly sizing. */
  readonly targetPosition: number;
}

/** The review's verdict: a possibly changed target, the actions taken, or a block. */
export interface DecisionReviewResult {
  readonly targetPosition: number;
  readonly actions: readonly ModuleAction[];
  /** Set when the decision must not trade (recorded as `blocked` with this reason). */
  readonly block?: string;
}

/** What {@link DecisionHooks.execute} returns: the OMS outcomes and the actions behind them. */
export interface HookExecution {
  readonly outcomes: readonly SubmitOutcome[];
  readonly actions: readonly ModuleAction[];
}

/**
 * Optional hooks of the decision pipeline (the AI modules, {@link AiModules.hooks}): `review` may
 * trim or block a sized decision and records what it did; `execute` replaces the default
 * market-order execution (`tradeToTarget`) — every order still goes through the OMS and its gate.
 */
export interface DecisionHooks {
  review?(input: DecisionReview): DecisionReviewResult;
  execute?(intent: StrategyIntent, ctx: ExecutionContext, decisionId: string): Promise<HookExecution>;
  /**
   * Called once per decision whose intent carries module actions (`details.moduleActions`), when
   * its outcome is final: at once, or when its approval is granted, expires or is rejected. It gets
   * those actions settled by the outcome — an action in enforce mode is `applied` only when the
   * decision submitted its orders; a refused one (signal only, blocked, denied …) changed nothing —
   * records them, and returns them as the decision record is to hold them.
   */
  settle?(
    actions: readonly ModuleAction[],
    decisionId: string,
    outcome: DecisionOutcome,
  ): readonly ModuleAction[];
}

/** The module mark of an intent, if a module made it. */
export function moduleIntentOf(intent: StrategyIntent): ModuleIntent | undefined {
  const d = intent.details as { moduleIntent?: ModuleIntent } | null | undefined;
  return d?.moduleIntent;
}

/** Actions a module attached to an intent before it reached the pipeline (`details.moduleActions`). */
export function moduleActionsOf(intent: StrategyIntent): readonly ModuleAction[] {
  const d = intent.details as { moduleActions?: readonly ModuleAction[] } | null | undefined;
  return d?.moduleActions ?? [];
}
