import type { TimestampUs } from '@minhos/core';
import {
  BREAKER_KINDS,
  type BreakerEffect,
  type BreakerKind,
  type RiskControlState,
  type RiskEvent,
  resetBreaker,
  tripBreaker,
} from './RiskControlState.js';
import type { RiskLimits } from './RiskLimits.js';

/** Measurements the breakers watch; each is optional and a missing one is not evaluated. */
export interface BreakerMetrics {
  /** Realised + unrealised P&L since the session started, USD. */
  readonly dailyPnl?: number;
  /** Current equity and its high-water mark, USD (drawdown = (peak − equity) / peak). */
  readonly equity?: number;
  readonly peakEquity?: number;
  /** Realised / baseline volatility of the traded instrument. */
  readonly volatilityRatio?: number;
  /** Most recent scored predictions, oldest first: `true` = direction called right. */
  readonly predictionOutcomes?: readonly boolean[];
  /** Age of the newest market data, µs. */
  readonly dataAgeUs?: number;
}

/** The actor recorded on automatic trips. */
export const CIRCUIT_BREAKER_ACTOR = 'system:circuit-breaker';

/** A breaker whose trip condition holds, with the measurement. */
export interface BreakerBreach {
  readonly kind: BreakerKind;
  readonly value: number;
  readonly limit: number;
  readonly reason: string;
}

/**
 * Which breakers' trip conditions hold for `metrics` (tripped or not), with value and limit:
 * DAILY_LOSS when the loss exceeds `dailyLossBreakerMultiple × maxDailyLossUsd`; DRAWDOWN when the
 * drawdown exceeds `maxDrawdownFraction`; VOLATILITY_SPIKE when the ratio exceeds
 * `maxVolatilityRatio`; MODEL_ACCURACY when at least `modelAccuracy.window` outcomes are given and
 * the hit rate over the last `window` is below `minAccuracy`; STALE_DATA when the data age exceeds
 * `staleDataBreakerUs`.
 *
 * @example
 * ```ts
 * import { breakerBreaches, DEFAULT_RISK_LIMITS } from '@minhos/risk';
 * breakerBreaches({ dailyPnl: -1500 }, DEFAULT_RISK_LIMITS); // [{ kind: 'DAILY_LOSS', value: 1500, limit: 1200, … }]
 * ```
 */
export function breakerBreaches(metrics: BreakerMetrics, limits: RiskLimits): readonly BreakerBreach[] {
  const out: BreakerBreach[] = [];
  if (metrics.dailyPnl !== undefined) {
    const loss = -metrics.dailyPnl;
    const limit = limits.dailyLossBreakerMultiple * limits.maxDailyLossUsd;
    if (loss > limit)
      out.push({ kind: 'DAILY_LOSS', value: loss, limit, reason: `session loss ${loss} USD > ${limit} USD` });
  }
  if (metrics.equity !== undefined && metrics.peakEquity !== undefined && metrics.peakEquity > 0) {
    const dd = (metrics.peakEquity - metrics.equity) / metrics.peakEquity;
    const limit = limits.maxDrawdownFraction;
    if (dd > limit) out.push({ kind: 'DRAWDOWN', value: dd, limit, reason: `drawdown ${dd} > ${limit}` });
  }
  if (metrics.volatilityRatio !== undefined && metrics.volatilityRatio > limits.maxVolatilityRatio) {
    out.push({
      kind: 'VOLATILITY_SPIKE',
      value: metrics.volatilityRatio,
      limit: limits.maxVolatilityRatio,
      reason: `realised volatility ${metrics.volatilityRatio}× baseline > ${limits.maxVolatilityRatio}×`,
    });
  }
  const outcomes = metrics.predictionOutcomes;
  const { window, minAccuracy } = limits.modelAccuracy;
  if (outcomes !== undefined && outcomes.length >= window) {
    let hits = 0;
    for (let i = outcomes.length - window; i < outcomes.length; i++) if (outcomes[i]) hits++;
    const accuracy = hits / window;
    if (accuracy < minAccuracy) {
      out.push({
        kind: 'MODEL_ACCURACY',
        value: accuracy,
        limit: minAccuracy,
        reason: `model accuracy ${accuracy} over the last ${window} predictions < ${minAccuracy}`,
      });
    }
  }
  if (metrics.dataAgeUs !== undefined && metrics.dataAgeUs > limits.staleDataBreakerUs) {
    out.push({
      kind: 'STALE_DATA',
      value: metrics.dataAgeUs,
      limit: limits.staleDataBreakerUs,
      reason: `market data ${metrics.dataAgeUs} µs old > ${limits.staleDataBreakerUs} µs`,
    });
  }
  return out;
}

/** The new state and the events appended, in order (empty when nothing changed). */
export interface RiskTransitions {
  readonly state: RiskControlState;
  readonly events: readonly RiskEvent[];
}

/**
 * Trips every breaker whose condition holds (see {@link breakerBreaches}) and is not already
 * tripped, recording actor `system:circuit-breaker`, the reason and the numbers. Never resets a
 * breaker: recovery is {@link resetBreaker} (or {@link autoResetBreakers} when configured).
 * An `at` earlier than the last audited event trips nothing.
 *
 * @example
 * ```ts
 * import { DEFAULT_RISK_LIMITS, evaluateCircuitBreakers, initialRiskControlState } from '@minhos/risk';
 * const { state, events } = evaluateCircuitBreakers(initialRiskControlState(), { dailyPnl: -1500 }, DEFAULT_RISK_LIMITS, 0);
 * events[0]?.kind; // 'BREAKER_TRIPPED'
 * state.breakers.DAILY_LOSS?.value; // 1500
 * ```
 */
export function evaluateCircuitBreakers(
  state: RiskControlState,
  metrics: BreakerMetrics,
  limits: RiskLimits,
  at: TimestampUs,
  effects: Readonly<Partial<Record<BreakerKind, BreakerEffect>>> = {},
): RiskTransitions {
  let current = state;
  const events: RiskEvent[] = [];
  for (const breach of breakerBreaches(metrics, limits)) {
    if (current.breakers[breach.kind] !== undefined) continue;
    const effect = effects[breach.kind];
    const r = tripBreaker(
      current,
      breach.kind,
      { actor: CIRCUIT_BREAKER_ACTOR, reason: breach.reason, at },
      { value: breach.value, limit: breach.limit, ...(effect === undefined ? {} : { effect }) },
    );
    if (r.ok) {
      current = r.value.state;
      events.push(r.value.event);
    }
  }
  return { state: current, events };
}

/** When a breaker may reset itself: `NEXT_SESSION` = at the first session start after its trip. */
export type BreakerAutoReset = 'NEXT_SESSION';

/** The actor recorded on automatic resets. */
export const AUTO_RESET_ACTOR = 'system:auto-reset';

/**
 * Applies configured automatic resets: every tripped breaker with rule `NEXT_SESSION` that tripped
 * before `sessionStart` is reset (audited, actor `system:auto-reset`) once `at ≥ sessionStart`.
 * Breakers without a rule stay tripped until an admin resets them: no rule is on by default.
 *
 * @example
 * ```ts
 * import { autoResetBreakers, type RiskControlState } from '@minhos/risk';
 * declare const state: RiskControlState;
 * const sessionStart = Date.UTC(2025, 10, 3, 23) * 1000;
 * autoResetBreakers(state, { DAILY_LOSS: 'NEXT_SESSION' }, { sessionStart, at: sessionStart + 1 });
 * ```
 */
export function autoResetBreakers(
  state: RiskControlState,
  rules: Readonly<Partial<Record<BreakerKind, BreakerAutoReset>>>,
  time: { readonly sessionStart: TimestampUs; readonly at: TimestampUs },
): RiskTransitions {
  let current = state;
  const events: RiskEvent[] = [];
  if (time.at < time.sessionStart) return { state, events };
  for (const kind of BREAKER_KINDS) {
    const tripped = current.breakers[kind];
    if (tripped === undefined || rules[kind] !== 'NEXT_SESSION' || tripped.trippedAt >= time.sessionStart)
      continue;
    const r = resetBreaker(current, kind, {
      actor: AUTO_RESET_ACTOR,
      reason: `auto-reset at the session start ${time.sessionStart} µs (NEXT_SESSION rule)`,
      at: time.at,
    });
    if (r.ok) {
      current = r.value.state;
      events.push(r.value.event);
    }
  }
  return { state: current, events };
}
