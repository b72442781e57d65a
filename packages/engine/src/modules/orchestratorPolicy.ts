import type { TimestampUs } from '@minhos/core';
import type { MarketState } from '@minhos/risk';

/** Which entry directions a policy allows. */
export type AllowedDirections = 'both' | 'long' | 'short' | 'none';

/** One row of the policy table: what a market state allows. */
export interface PolicyRow {
  /** Multiplier on the Kelly size of new entries (≥ 0). */
  readonly sizeMultiplier: number;
  readonly allowedDirections: AllowedDirections;
  /** Open instruments allowed at once in this state (the config's `maxPositions` caps it too). */
  readonly maxPositions: number;
}

/**
 * The default table, market state → policy (documented in the engine README and backtested by
 * `scripts/moduleComparison.ts`): trade with a strong trend only, half size in tight ranges and
 * volatile markets, no new entries in a choppy market.
 */
export const DEFAULT_POLICY_TABLE: Readonly<Record<MarketState, PolicyRow>> = Object.freeze({
  BULL_STRONG: { sizeMultiplier: 1, allowedDirections: 'long', maxPositions: 2 },
  BULL_WEAK: { sizeMultiplier: 1, allowedDirections: 'both', maxPositions: 2 },
  BEAR_STRONG: { sizeMultiplier: 1, allowedDirections: 'short', maxPositions: 2 },
  BEAR_WEAK: { sizeMultiplier: 1, allowedDirections: 'both', maxPositions: 2 },
  SIDEWAYS_TIGHT: { sizeMultiplier: 0.5, allowedDirections: 'both', maxPositions: 1 },
  SIDEWAYS_WIDE: { sizeMultiplier: 0.75, allowedDirections: 'both', maxPositions: 1 },
  VOLATILE: { sizeMultiplier: 0.5, allowedDirections: 'both', maxPositions: 1 },
  CHOPPY: { sizeMultiplier: 0, allowedDirections: 'none', maxPositions: 1 },
});

/** Parameters of {@link orchestratorPolicy} (config `modules.orchestratorPolicy`, times in µs). */
export interface OrchestratorPolicyParams {
  readonly maxPositions: number;
  readonly rollWindowHours: number;
  readonly sessionCloseMinutes: number;
  /** Scheduled releases, µs since the epoch. */
  readonly eventRisk: readonly TimestampUs[];
  readonly eventWindowMinutes: number;
  /** The table; default {@link DEFAULT_POLICY_TABLE}. */
  readonly table?: Readonly<Record<MarketState, PolicyRow>>;
}

/** The defaults, equal to config's `modules.orchestratorPolicy` defaults. */
export const DEFAULT_ORCHESTRATOR_POLICY_PARAMS: OrchestratorPolicyParams = Object.freeze({
  maxPositions: 1,
  rollWindowHours: 24,
  sessionCloseMinutes: 15,
  eventRisk: [],
  eventWindowMinutes: 30,
});

/** What the orchestrator knows at a decision. */
export interface PolicySituation {
  readonly now: TimestampUs;
  /** The market state of the instrument's closes (undefined: not classified yet). */
  readonly marketState?: MarketState;
  /** The instrument's roll instant (from @minhos/symbols via the OMS's `InstrumentSpec.rollAt`). */
  readonly rollAt?: TimestampUs;
  /** The current session's close (from @minhos/symbols' trading sessions). */
  readonly sessionCloseAt?: TimestampUs;
}

/** The policy at one decision, with every rule that shaped it. */
export interface PolicyDecision {
  readonly sizeMultiplier: number;
  readonly allowedDirections: AllowedDirections;
  readonly entriesAllowed: boolean;
  readonly maxPositions: number;
  /** The rules that applied, in words. */
  readonly rules: readonly string[];
}

const US_PER_MINUTE = 60_000_000;

/**
 * The orchestrator's policy: the table row of the market state (no state yet: full size, both
 * directions), then the overlays — within `rollWindowHours` of the roll, within
 * `sessionCloseMinutes` of the session close, or within `eventWindowMinutes` of a configured
 * release, **no new entries**. `maxPositions` is the smaller of the row's and the config's. The
 * policy applies to entries only: exits and reductions are never blocked by it. Pure.
 *
 * @example
 * ```ts
 * import { DEFAULT_ORCHESTRATOR_POLICY_PARAMS, orchestratorPolicy } from '@minhos/engine';
 * orchestratorPolicy({ now: 0, marketState: 'CHOPPY' }, DEFAULT_ORCHESTRATOR_POLICY_PARAMS).entriesAllowed; // false
 * ```
 */
export function orchestratorPolicy(
  situation: PolicySituation,
  params: OrchestratorPolicyParams,
): PolicyDecision {
  const table = params.table ?? DEFAULT_POLICY_TABLE;
  const rules: string[] = [];
  let row: PolicyRow = { sizeMultiplier: 1, allowedDirections: 'both', maxPositions: params.maxPositions };
  if (situation.marketState !== undefined) {
    row = table[situation.marketState];
    rules.push(
      `${situation.marketState}: size × ${row.sizeMultiplier}, ${row.allowedDirections} directions, max ${row.maxPositions} positions`,
    );
  } else rules.push('no market state yet: full size, both directions');
  let entriesAllowed = row.allowedDirections !== 'none' && row.sizeMultiplier > 0;
  const now = situation.now;
  if (situation.rollAt !== undefined && params.rollWindowHours > 0) {
    const left = situation.rollAt - now;
    if (left <= params.rollWindowHours * 60 * US_PER_MINUTE) {
      entriesAllowed = false;
      rules.push(
        `roll in ${(left / (60 * US_PER_MINUTE)).toFixed(1)} h ≤ ${params.rollWindowHours} h: no new entries`,
      );
    }
  }
  if (situation.sessionCloseAt !== undefined && params.sessionCloseMinutes > 0) {
    const left = situation.sessionCloseAt - now;
    if (left >= 0 && left <= params.sessionCloseMinutes * US_PER_MINUTE) {
      entriesAllowed = false;
      rules.push(
        `session closes in ${(left / US_PER_MINUTE).toFixed(0)} min ≤ ${params.sessionCloseMinutes}: no new entries`,
      );
    }
  }
  const w = params.eventWindowMinutes * US_PER_MINUTE;
  for (const at of params.eventRisk) {
    if (Math.abs(at - now) <= w) {
      entriesAllowed = false;
      rules.push(
        `event risk at ${new Date(at / 1000).toISOString()} within ±${params.eventWindowMinutes} min: no new entries`,
      );
      break;
    }
  }
  return {
    sizeMultiplier: row.sizeMultiplier,
    allowedDirections: row.allowedDirections,
    entriesAllowed,
    maxPositions: Math.min(row.maxPositions, params.maxPositions),
    rules,
  };
}

/** Whether a policy lets an entry in `direction` (+1 long, −1 short) open. */
export function policyAllows(policy: PolicyDecision, direction: number): boolean {
  if (!policy.entriesAllowed) return false;
  const d = policy.allowedDirections;
  return d === 'both' || (d === 'long' && direction > 0) || (d === 'short' && direction < 0);
}
