import type { InstrumentId, TimestampUs } from '@minhos/core';
import type { RiskCheckResult, RiskDecision } from './RiskCheck.js';
import {
  BREAKER_KINDS,
  type BreakerKind,
  type EmergencyStopLevel,
  type RiskControlState,
  type TradingState,
  tradingState,
} from './RiskControlState.js';
import type { RiskLimits } from './RiskLimits.js';
import type { AccountRiskState, PositionExposure } from './types.js';

/** Overall risk level shown on a dashboard. */
export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** One warning or denial from a recent decision. */
export interface RiskViolation {
  readonly at: TimestampUs;
  readonly instrument: InstrumentId;
  readonly check: string;
  readonly code: string;
  readonly outcome: 'warn' | 'deny';
  readonly enforced: boolean;
  readonly message: string;
  readonly value?: number;
  readonly limit?: number;
}

/** A breaker's state for display. */
export interface BreakerStatus {
  readonly kind: BreakerKind;
  readonly tripped: boolean;
  readonly trippedAt?: TimestampUs;
  readonly actor?: string;
  readonly reason?: string;
  readonly value?: number;
  readonly limit?: number;
}

/**
 * The risk picture at one instant as plain JSON-safe data (for the API's risk endpoints and the
 * dashboard). Money in USD, fractions 0..1.
 */
export interface RiskSnapshot {
  readonly at: TimestampUs;
  readonly riskLevel: RiskLevel;
  readonly tradingState: TradingState;
  readonly tradingEnabled: boolean;
  readonly emergencyStop: EmergencyStopLevel;
  readonly breakers: readonly BreakerStatus[];
  readonly exposure: {
    /** Σ |contracts| × mark × point value, USD. */
    readonly grossNotionalUsd: number;
    /** Σ signed contracts × mark × point value, USD (long positive). */
    readonly netNotionalUsd: number;
    readonly limitUsd: number;
    /** gross / limit. */
    readonly used: number;
    readonly byInstrument: readonly {
      readonly instrument: InstrumentId;
      readonly quantity: number;
      readonly notionalUsd: number;
      readonly marginUsd: number | undefined;
    }[];
  };
  /** Σ |contracts| × margin per contract over positions that state a margin, USD. */
  readonly marginUsedUsd: number;
  /** marginUsed / equity (0 when equity ≤ 0 is not meaningful: reported as 1). */
  readonly marginUsed: number;
  readonly openPositions: number;
  readonly maxOpenPositions: number;
  readonly dailyPnlUsd: number;
  readonly dailyLossLimitUsd: number;
  /** Share of the daily loss budget consumed: max(0, −dailyPnl) / maxDailyLossUsd. */
  readonly riskBudgetUsed: number;
  readonly drawdown: {
    readonly current: number;
    readonly limit: number;
    readonly equity: number;
    readonly peakEquity: number;
  };
  /** Newest first. */
  readonly recentViolations: readonly RiskViolation[];
}

/** Inputs of {@link riskSnapshot}. */
export interface RiskSnapshotInput {
  readonly at: TimestampUs;
  readonly account: AccountRiskState;
  readonly positions: readonly PositionExposure[];
  readonly control: RiskControlState;
  readonly limits: RiskLimits;
  /** Recent gate decisions (any order); their warnings and denials become `recentViolations`. */
  readonly recentDecisions?: readonly RiskDecision[];
  /** Most violations to report. Default 20. */
  readonly maxViolations?: number;
}

/**
 * Builds a {@link RiskSnapshot}. The risk level is CRITICAL when trading is halted; HIGH when it
 * is reduce-only or any budget (daily loss, drawdown, exposure, open positions) is over its limit;
 * MEDIUM when any is over `warnFraction` of its limit; else LOW.
 *
 * @example
 * ```ts
 * import { DEFAULT_RISK_LIMITS, initialRiskControlState, riskSnapshot } from '@minhos/risk';
 * const s = riskSnapshot({
 *   at: 0,
 *   account: { equity: 99_400, peakEquity: 100_000, dailyPnl: -600 },
 *   positions: [],
 *   control: initialRiskControlState(),
 *   limits: DEFAULT_RISK_LIMITS,
 * });
 * s.riskBudgetUsed; // 0.6
 * ```
 */
export function riskSnapshot(input: RiskSnapshotInput): RiskSnapshot {
  const { account, limits, control } = input;
  const net = new Map<InstrumentId, { quantity: number; notional: number; margin: number | undefined }>();
  for (const p of input.positions) {
    const prev = net.get(p.instrument);
    const margin = p.marginPerContract === undefined ? undefined : Math.abs(p.quantity) * p.marginPerContract;
    net.set(p.instrument, {
      quantity: (prev?.quantity ?? 0) + p.quantity,
      notional: (prev?.notional ?? 0) + p.quantity * p.markPrice * p.pointValue,
      margin:
        prev?.margin === undefined && margin === undefined ? undefined : (prev?.margin ?? 0) + (margin ?? 0),
    });
  }
  const byInstrument = [...net]
    .filter(([, v]) => v.quantity !== 0)
    .map(([instrument, v]) => ({
      instrument,
      quantity: v.quantity,
      notionalUsd: v.notional,
      marginUsd: v.margin,
    }));
  const gross = byInstrument.reduce((s, p) => s + Math.abs(p.notionalUsd), 0);
  const netNotional = byInstrument.reduce((s, p) => s + p.notionalUsd, 0);
  const marginUsedUsd = byInstrument.reduce((s, p) => s + (p.marginUsd ?? 0), 0);
  const loss = Math.max(0, -account.dailyPnl);
  const budget = loss / limits.maxDailyLossUsd;
  const dd =
    account.peakEquity > 0 ? Math.max(0, (account.peakEquity - account.equity) / account.peakEquity) : 0;
  const state = tradingState(control);
  const usage = [
    budget,
    dd / limits.maxDrawdownFraction,
    gross / limits.maxNotionalUsd,
    byInstrument.length / limits.maxOpenPositions,
  ];
  const riskLevel: RiskLevel =
    state === 'HALTED'
      ? 'CRITICAL'
      : state === 'REDUCING' || usage.some((u) => u > 1)
        ? 'HIGH'
        : usage.some((u) => u > limits.warnFraction)
          ? 'MEDIUM'
          : 'LOW';
  const breakers: BreakerStatus[] = BREAKER_KINDS.map((kind) => {
    const b = control.breakers[kind];
    if (b === undefined) return { kind, tripped: false };
    return {
      kind,
      tripped: true,
      trippedAt: b.trippedAt,
      actor: b.actor,
      reason: b.reason,
      ...(b.value === undefined ? {} : { value: b.value }),
      ...(b.limit === undefined ? {} : { limit: b.limit }),
    };
  });
  return {
    at: input.at,
    riskLevel,
    tradingState: state,
    tradingEnabled: control.tradingEnabled,
    emergencyStop: control.emergencyStop.level,
    breakers,
    exposure: {
      grossNotionalUsd: gross,
      netNotionalUsd: netNotional,
      limitUsd: limits.maxNotionalUsd,
      used: gross / limits.maxNotionalUsd,
      byInstrument,
    },
    marginUsedUsd,
    marginUsed: account.equity > 0 ? marginUsedUsd / account.equity : marginUsedUsd > 0 ? 1 : 0,
    openPositions: byInstrument.length,
    maxOpenPositions: limits.maxOpenPositions,
    dailyPnlUsd: account.dailyPnl,
    dailyLossLimitUsd: limits.maxDailyLossUsd,
    riskBudgetUsed: budget,
    drawdown: {
      current: dd,
      limit: limits.maxDrawdownFraction,
      equity: account.equity,
      peakEquity: account.peakEquity,
    },
    recentViolations: violationsOf(input.recentDecisions ?? [], input.maxViolations ?? 20),
  };
}

function violationsOf(decisions: readonly RiskDecision[], max: number): RiskViolation[] {
  const out: RiskViolation[] = [];
  const sorted = [...decisions].sort((a, b) => b.at - a.at);
  for (const d of sorted) {
    for (const c of d.checks) {
      if (c.outcome === 'pass') continue;
      out.push(toViolation(d, c));
      if (out.length >= max) return out;
    }
  }
  return out;
}

function toViolation(d: RiskDecision, c: RiskCheckResult): RiskViolation {
  return {
    at: d.at,
    instrument: d.order.instrument,
    check: c.check,
    code: c.code,
    outcome: c.outcome as 'warn' | 'deny',
    enforced: c.enforced,
    message: c.message,
    ...(c.value === undefined ? {} : { value: c.value }),
    ...(c.limit === undefined ? {} : { limit: c.limit }),
  };
}
