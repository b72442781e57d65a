import { err, MinhosError, ok, type Result, type TimestampUs } from '@minhos/core';

/**
 * Emergency stop levels, from least to most restrictive:
 * - `NONE`: not engaged.
 * - `REDUCE_ONLY`: only orders that shrink |position| without flipping it pass.
 * - `HALT`: no order passes; working orders are cancelled.
 * - `FLATTEN`: like HALT, and every position is closed; only orders that reduce a position pass
 *   (so the closing orders go through the same gate).
 */
export type EmergencyStopLevel = 'NONE' | 'REDUCE_ONLY' | 'HALT' | 'FLATTEN';

/** The levels in order of severity (index = rank). */
export const EMERGENCY_STOP_LEVELS: readonly EmergencyStopLevel[] = Object.freeze([
  'NONE',
  'REDUCE_ONLY',
  'HALT',
  'FLATTEN',
]);

/** The circuit breakers. */
export type BreakerKind = 'DAILY_LOSS' | 'DRAWDOWN' | 'VOLATILITY_SPIKE' | 'MODEL_ACCURACY' | 'STALE_DATA';

/** Every {@link BreakerKind}, in a fixed order. */
export const BREAKER_KINDS: readonly BreakerKind[] = Object.freeze([
  'DAILY_LOSS',
  'DRAWDOWN',
  'VOLATILITY_SPIKE',
  'MODEL_ACCURACY',
  'STALE_DATA',
]);

/** What a tripped breaker does to trading: allow only reducing orders, or stop all orders. */
export type BreakerEffect = 'REDUCE_ONLY' | 'HALT';

/**
 * Default effect of each tripped breaker: stale data halts (nothing can be priced); the others
 * leave trading reduce-only so positions can still be closed.
 */
export const DEFAULT_BREAKER_EFFECTS: Readonly<Record<BreakerKind, BreakerEffect>> = Object.freeze({
  DAILY_LOSS: 'REDUCE_ONLY',
  DRAWDOWN: 'REDUCE_ONLY',
  VOLATILITY_SPIKE: 'REDUCE_ONLY',
  MODEL_ACCURACY: 'REDUCE_ONLY',
  STALE_DATA: 'HALT',
});

/** A tripped breaker: who/what tripped it, why and when, and the measurement that did it. */
export interface TrippedBreaker {
  readonly kind: BreakerKind;
  readonly effect: BreakerEffect;
  readonly trippedAt: TimestampUs;
  /** Who tripped it: `system:circuit-breaker` for automatic trips, else a person or service id. */
  readonly actor: string;
  readonly reason: string;
  /** The measured value and the limit it crossed, when the trip came from a measurement. */
  readonly value?: number;
  readonly limit?: number;
}

/** Derived trading state: everything allowed, only reducing orders, or nothing. */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** Kinds of audited control transitions. */
export type RiskEventKind =
  | 'EMERGENCY_STOP_CHANGED'
  | 'BREAKER_TRIPPED'
  | 'BREAKER_RESET'
  | 'TRADING_ENABLED'
  | 'TRADING_DISABLED';

/** One audited transition of the risk control state. */
export interface RiskEvent {
  /** 1-based position in the audit log. */
  readonly seq: number;
  readonly kind: RiskEventKind;
  readonly at: TimestampUs;
  readonly actor: string;
  readonly reason: string;
  /** For breaker events. */
  readonly breaker?: BreakerKind;
  /** For emergency stop events: the level before and after. */
  readonly fromLevel?: EmergencyStopLevel;
  readonly toLevel?: EmergencyStopLevel;
  /** For measured breaker trips. */
  readonly value?: number;
  readonly limit?: number;
  readonly tradingStateBefore: TradingState;
  readonly tradingStateAfter: TradingState;
}

/**
 * The whole risk control state as immutable plain data: emergency stop level, tripped breakers,
 * the trading-enabled switch and the append-only audit log of every transition.
 *
 * Change it only through {@link setEmergencyStop}, {@link tripBreaker}, {@link resetBreaker},
 * {@link setTradingEnabled}, `evaluateCircuitBreakers` and `autoResetBreakers`; each returns a new
 * state whose `audit` is the old one plus the new events. Persist it as JSON as it is.
 */
export interface RiskControlState {
  readonly emergencyStop: {
    readonly level: EmergencyStopLevel;
    /** When, by whom and why the current level was set (absent for the initial state). */
    readonly since?: TimestampUs;
    readonly actor?: string;
    readonly reason?: string;
  };
  /** Tripped breakers by kind; a kind absent here is not tripped. */
  readonly breakers: Readonly<Partial<Record<BreakerKind, TrippedBreaker>>>;
  /** The master "trading enabled" switch (original: system online and trading enabled). */
  readonly tradingEnabled: boolean;
  readonly audit: readonly RiskEvent[];
}

/**
 * A fresh control state: no emergency stop, no breaker tripped, trading enabled or not, empty audit.
 *
 * @example
 * ```ts
 * import { initialRiskControlState, tradingState } from '@minhos/risk';
 * tradingState(initialRiskControlState()); // 'ACTIVE'
 * ```
 */
export function initialRiskControlState(
  options: { readonly tradingEnabled?: boolean } = {},
): RiskControlState {
  return Object.freeze({
    emergencyStop: Object.freeze({ level: 'NONE' as const }),
    breakers: Object.freeze({}),
    tradingEnabled: options.tradingEnabled ?? true,
    audit: Object.freeze([]),
  });
}

/**
 * The trading state implied by the control state: `HALTED` when trading is disabled, the emergency
 * stop is HALT or FLATTEN, or a breaker with effect HALT is tripped; `REDUCING` when the stop is
 * REDUCE_ONLY or any other breaker is tripped; else `ACTIVE`.
 *
 * @example
 * ```ts
 * import { initialRiskControlState, setEmergencyStop, tradingState } from '@minhos/risk';
 * const r = setEmergencyStop(initialRiskControlState(), 'REDUCE_ONLY', { actor: 'ops', reason: 'news', at: 0 });
 * if (r.ok) tradingState(r.value.state); // 'REDUCING'
 * ```
 */
export function tradingState(
  state: Pick<RiskControlState, 'emergencyStop' | 'breakers' | 'tradingEnabled'>,
): TradingState {
  const level = state.emergencyStop.level;
  // Filter: state restored from JSON may carry explicit undefined entries.
  const tripped = Object.values(state.breakers).filter((b) => b !== undefined);
  if (
    !state.tradingEnabled ||
    level === 'HALT' ||
    level === 'FLATTEN' ||
    tripped.some((b) => b.effect === 'HALT')
  ) {
    return 'HALTED';
  }
  if (level === 'REDUCE_ONLY' || tripped.length > 0) return 'REDUCING';
  return 'ACTIVE';
}

/** Who does a control action, why and when. `actor` and `reason` must be non-empty. */
export interface ControlAction {
  /** A person or service id, e.g. `admin:alice`, `system:circuit-breaker`. */
  readonly actor: string;
  readonly reason: string;
  readonly at: TimestampUs;
}

/** A successful control transition: the new state (audit included) and the event just appended. */
export interface RiskTransition {
  readonly state: RiskControlState;
  readonly event: RiskEvent;
}

function checkAction(state: RiskControlState, action: ControlAction): MinhosError | undefined {
  if (typeof action.actor !== 'string' || action.actor.trim() === '') {
    throw new MinhosError('RISK_ACTION_INVALID', 'risk control action: actor must be a non-empty string', {
      details: { actor: action.actor },
    });
  }
  if (typeof action.reason !== 'string' || action.reason.trim() === '') {
    throw new MinhosError('RISK_ACTION_INVALID', 'risk control action: reason must be a non-empty string', {
      details: { reason: action.reason },
    });
  }
  if (!Number.isFinite(action.at)) {
    throw new MinhosError(
      'RISK_ACTION_INVALID',
      `risk control action: at must be a finite µs timestamp, got ${action.at}`,
    );
  }
  const last = state.audit.at(-1);
  if (last !== undefined && action.at < last.at) {
    return new MinhosError(
      'RISK_EVENT_OUT_OF_ORDER',
      `risk control action at ${action.at} µs is earlier than the last audited event (${last.at} µs); the audit log is append-only in time order`,
      { details: { at: action.at, lastAt: last.at } },
    );
  }
  return undefined;
}

/** Applies `changes` to `state` and appends the event built from `event` (seq and trading states are filled in). */
function appendTransition(
  state: RiskControlState,
  changes: Partial<Omit<RiskControlState, 'audit'>>,
  event: Omit<RiskEvent, 'seq' | 'tradingStateBefore' | 'tradingStateAfter'>,
): RiskTransition {
  const next = { ...state, ...changes };
  const full: RiskEvent = Object.freeze({
    ...event,
    seq: state.audit.length + 1,
    tradingStateBefore: tradingState(state),
    tradingStateAfter: tradingState(next),
  });
  return {
    state: Object.freeze({ ...next, audit: Object.freeze([...state.audit, full]) }),
    event: full,
  };
}

/**
 * Sets the emergency stop to `level` (`NONE` releases it). Every change, including a downgrade or a
 * release, is an explicit audited action; setting the current level again is an error value
 * (`EMERGENCY_STOP_UNCHANGED`) so a double click does not pollute the audit.
 *
 * @throws {@link @minhos/core!MinhosError} `RISK_ACTION_INVALID` on an empty actor/reason or a non-finite time.
 * @example
 * ```ts
 * import { initialRiskControlState, setEmergencyStop } from '@minhos/risk';
 * const r = setEmergencyStop(initialRiskControlState(), 'HALT', { actor: 'admin:alice', reason: 'exchange outage', at: 1_700_000_000_000_000 });
 * if (r.ok) r.value.event; // { kind: 'EMERGENCY_STOP_CHANGED', fromLevel: 'NONE', toLevel: 'HALT', tradingStateAfter: 'HALTED', … }
 * ```
 */
export function setEmergencyStop(
  state: RiskControlState,
  level: EmergencyStopLevel,
  action: ControlAction,
): Result<RiskTransition, MinhosError> {
  if (!EMERGENCY_STOP_LEVELS.includes(level)) {
    throw new MinhosError(
      'RISK_ACTION_INVALID',
      `emergency stop level "${String(level)}" is not one of ${EMERGENCY_STOP_LEVELS.join(', ')}`,
    );
  }
  const problem = checkAction(state, action);
  if (problem !== undefined) return err(problem);
  const from = state.emergencyStop.level;
  if (from === level) {
    return err(
      new MinhosError('EMERGENCY_STOP_UNCHANGED', `emergency stop is already ${level}`, {
        details: { level },
      }),
    );
  }
  return ok(
    appendTransition(
      state,
      {
        emergencyStop: Object.freeze({ level, since: action.at, actor: action.actor, reason: action.reason }),
      },
      {
        kind: 'EMERGENCY_STOP_CHANGED',
        at: action.at,
        actor: action.actor,
        reason: action.reason,
        fromLevel: from,
        toLevel: level,
      },
    ),
  );
}

/** Measurement and effect details of a breaker trip. */
export interface TripDetails {
  /** Defaults to {@link DEFAULT_BREAKER_EFFECTS}. */
  readonly effect?: BreakerEffect;
  readonly value?: number;
  readonly limit?: number;
}

/**
 * Trips breaker `kind` (manually, or from a measurement: `evaluateCircuitBreakers` calls this).
 * Tripping a breaker that is already tripped is an error value (`BREAKER_ALREADY_TRIPPED`): the
 * first trip's record is kept.
 *
 * @throws {@link @minhos/core!MinhosError} `RISK_ACTION_INVALID` on an empty actor/reason or a non-finite time.
 * @example
 * ```ts
 * import { initialRiskControlState, tripBreaker } from '@minhos/risk';
 * const r = tripBreaker(initialRiskControlState(), 'VOLATILITY_SPIKE', { actor: 'ops:bob', reason: 'FOMC', at: 0 });
 * ```
 */
export function tripBreaker(
  state: RiskControlState,
  kind: BreakerKind,
  action: ControlAction,
  details: TripDetails = {},
): Result<RiskTransition, MinhosError> {
  if (!BREAKER_KINDS.includes(kind)) {
    throw new MinhosError(
      'RISK_ACTION_INVALID',
      `breaker "${String(kind)}" is not one of ${BREAKER_KINDS.join(', ')}`,
    );
  }
  const problem = checkAction(state, action);
  if (problem !== undefined) return err(problem);
  const existing = state.breakers[kind];
  if (existing !== undefined) {
    return err(
      new MinhosError(
        'BREAKER_ALREADY_TRIPPED',
        `${kind} breaker is already tripped (by ${existing.actor} at ${existing.trippedAt} µs)`,
        { details: { kind, trippedAt: existing.trippedAt } },
      ),
    );
  }
  const tripped: TrippedBreaker = Object.freeze({
    kind,
    effect: details.effect ?? DEFAULT_BREAKER_EFFECTS[kind],
    trippedAt: action.at,
    actor: action.actor,
    reason: action.reason,
    ...(details.value === undefined ? {} : { value: details.value }),
    ...(details.limit === undefined ? {} : { limit: details.limit }),
  });
  return ok(
    appendTransition(
      state,
      { breakers: Object.freeze({ ...state.breakers, [kind]: tripped }) },
      {
        kind: 'BREAKER_TRIPPED',
        at: action.at,
        actor: action.actor,
        reason: action.reason,
        breaker: kind,
        ...(details.value === undefined ? {} : { value: details.value }),
        ...(details.limit === undefined ? {} : { limit: details.limit }),
      },
    ),
  );
}

/**
 * Resets a tripped breaker: the explicit, audited admin action that recovery requires. Resetting a
 * breaker that is not tripped is an error value (`BREAKER_NOT_TRIPPED`).
 *
 * @throws {@link @minhos/core!MinhosError} `RISK_ACTION_INVALID` on an empty actor/reason or a non-finite time.
 * @example
 * ```ts
 * import { resetBreaker, type RiskControlState } from '@minhos/risk';
 * declare const state: RiskControlState;
 * const r = resetBreaker(state, 'DAILY_LOSS', { actor: 'admin:alice', reason: 'reviewed losses', at: 1_700_000_000_000_000 });
 * ```
 */
export function resetBreaker(
  state: RiskControlState,
  kind: BreakerKind,
  action: ControlAction,
): Result<RiskTransition, MinhosError> {
  const problem = checkAction(state, action);
  if (problem !== undefined) return err(problem);
  if (state.breakers[kind] === undefined) {
    return err(
      new MinhosError('BREAKER_NOT_TRIPPED', `${kind} breaker is not tripped`, { details: { kind } }),
    );
  }
  const { [kind]: _removed, ...rest } = state.breakers;
  return ok(
    appendTransition(
      state,
      { breakers: Object.freeze(rest) },
      { kind: 'BREAKER_RESET', at: action.at, actor: action.actor, reason: action.reason, breaker: kind },
    ),
  );
}

/**
 * Turns the master trading switch on or off (audited). Setting the current value again is an error
 * value (`TRADING_ENABLED_UNCHANGED`).
 *
 * @throws {@link @minhos/core!MinhosError} `RISK_ACTION_INVALID` on an empty actor/reason or a non-finite time.
 * @example
 * ```ts
 * import { initialRiskControlState, setTradingEnabled } from '@minhos/risk';
 * const r = setTradingEnabled(initialRiskControlState(), false, { actor: 'admin:alice', reason: 'maintenance', at: 0 });
 * ```
 */
export function setTradingEnabled(
  state: RiskControlState,
  enabled: boolean,
  action: ControlAction,
): Result<RiskTransition, MinhosError> {
  const problem = checkAction(state, action);
  if (problem !== undefined) return err(problem);
  if (state.tradingEnabled === enabled) {
    return err(
      new MinhosError('TRADING_ENABLED_UNCHANGED', `trading is already ${enabled ? 'enabled' : 'disabled'}`),
    );
  }
  return ok(
    appendTransition(
      state,
      { tradingEnabled: enabled },
      {
        kind: enabled ? 'TRADING_ENABLED' : 'TRADING_DISABLED',
        at: action.at,
        actor: action.actor,
        reason: action.reason,
      },
    ),
  );
}
