import type { TimestampUs } from '@minhos/core';
import type { AiModuleName, ModuleMode } from '../runtime/index.js';

/**
 * One thing an AI module decided, kept in the decision record (`DecisionRecord.modules`) and in
 * {@link AiModules.actions}. In `observe` mode `applied` is false: the module says what it would
 * have done and nothing changed; in `enforce` mode it is true when the action took effect.
 */
export interface ModuleAction {
  readonly module: AiModuleName;
  readonly time: TimestampUs;
  readonly mode: ModuleMode;
  /**
   * Whether the action changed anything (false in observe mode, or when the OMS refused a stop move).
   * For a module's own intent (an exit, a reduction, an add) it means the intent was issued: the
   * decision it became says whether it traded (an add Kelly refuses ends `zero_size`).
   */
  readonly applied: boolean;
  /** What the module decided, e.g. `weight_zero`, `block_entry`, `trim`, `move_stop`, `exit`, `add`, `limit_order`. */
  readonly kind: string;
  readonly instrumentId?: string;
  /** The rule in words, with the numbers that triggered it. */
  readonly reason: string;
  /** The rule's inputs and outputs. */
  readonly detail?: Readonly<Record<string, unknown>>;
  /**
   * For an action between decisions (on an open position): the decision whose fill opened that
   * position; the action is also in that decision record's `later`.
   */
  readonly decisionId?: string;
}
