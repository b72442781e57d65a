import { MinhosError } from '@minhos/core';
import { DEFAULT_PRE_TRADE_CHECKS, emergencyStopCheck } from './preTradeChecks.js';
import type {
  CheckMode,
  PreTradeRequest,
  RiskCheck,
  RiskCheckContext,
  RiskCheckResult,
  RiskCheckVerdict,
  RiskDecision,
  RiskReason,
} from './RiskCheck.js';
import type { BreakerKind } from './RiskControlState.js';
import { riskCheckContext } from './riskCheckContext.js';

/** How the gate runs: which checks, in which order, and each one's mode. */
export interface RiskGateOptions {
  /** The checks in the order they run. Defaults to {@link DEFAULT_PRE_TRADE_CHECKS}. */
  readonly checks?: readonly RiskCheck[];
  /**
   * Per-check mode by name (default `enforce`): `observe` records a denial without blocking,
   * `off` skips the check. `emergencyStop` cannot be changed.
   */
  readonly modes?: Readonly<Record<string, CheckMode>>;
}

const MANDATORY = emergencyStopCheck.name;

/**
 * Runs a proposed order through the pre-trade checks and returns a {@link RiskDecision}: every
 * check that ran (in order, with outcome, reason code, value and limit) and, when denied, the
 * enforced denials. All checks run even after a denial so the decision explains everything.
 * A denial is a value, never a throw; a check that throws is recorded as a denial (`CHECK_ERROR`).
 *
 * Position effects are **worst case**: the filled position plus every working order on the order's
 * side (`request.workingOrders`), then the order (see `riskCheckContext`). Orders whose worst-case
 * effect reduces the position are let through the checks with `reducingExempt: true` —
 * maxPosition, exposure, maxPositions, dailyLoss, tradeRisk, riskBudget, drawdown, confidence,
 * volatility, correlation — their denial becomes a warning flagged `reducingExemption`. *Exits*
 * (reducing orders marked `reduceOnly` or `role: 'STOP_LOSS'`) also pass the checks with
 * `exitExempt: true` — circuitBreaker (halting breakers), orderRate, dataFreshness — flagged
 * `exitExemption`. The symbol and emergency stop checks let reducing orders and exits through by
 * their own rules; request, riskConfig, tradingEnabled, tradingHours and priceBand apply to every
 * order.
 *
 * The emergency stop check always runs enforced: if `checks` omits it, it is run first.
 *
 * The gate never changes state: `breakerTrips` lists the breakers whose trip level a check measured
 * (daily loss beyond 1.2×, drawdown, volatility, stale data); apply them with `tripBreaker` or run
 * `evaluateCircuitBreakers` on the same measurements.
 *
 * @throws {@link @minhos/core!MinhosError} `RISK_GATE_CONFIG_INVALID` for duplicate check names, an unknown name in
 *   `modes`, an invalid mode, or an attempt to turn the emergency stop check off or to observe-only.
 * @example
 * ```ts
 * import { instrumentId } from '@minhos/core';
 * import { DEFAULT_RISK_LIMITS, initialRiskControlState, validateOrder } from '@minhos/risk';
 * const es = instrumentId('ESZ25.CME');
 * const now = Date.UTC(2025, 10, 3, 15) * 1000;
 * const decision = validateOrder({
 *   order: { instrument: es, side: 'BUY', quantity: 2, type: 'LIMIT', limitPrice: 6000, protectiveStop: 5996 },
 *   instrument: { instrument: es, tradeable: true, pointValue: 50, tickSize: 0.25, rollDate: Date.UTC(2025, 11, 11) * 1000, sessionOpen: true },
 *   positions: [],
 *   workingOrders: [],
 *   account: { equity: 100_000, peakEquity: 100_000, dailyPnl: 0 },
 *   market: { lastPrice: 6000.25, lastUpdate: now - 2_000_000 },
 *   control: initialRiskControlState(),
 *   recentOrderTimes: [],
 *   limits: DEFAULT_RISK_LIMITS,
 *   now,
 * });
 * decision.ok; // true
 * ```
 */
export function validateOrder(request: PreTradeRequest, options: RiskGateOptions = {}): RiskDecision {
  const checks = resolveChecks(options);
  const ctx = riskCheckContext(request);
  const results: RiskCheckResult[] = [];
  for (const check of checks) {
    const mode = options.modes?.[check.name] ?? 'enforce';
    if (mode === 'off') continue;
    const verdict = runCheck(check, ctx);
    const denied = verdict.outcome === 'deny';
    const exempt = denied && check.reducingExempt && ctx.effect.reducing;
    const exitExempt = denied && !exempt && check.exitExempt === true && ctx.exit;
    results.push(
      Object.freeze({
        ...verdict,
        ...(exempt
          ? {
              outcome: 'warn' as const,
              message: `${verdict.message}; allowed because the order reduces the position`,
              reducingExemption: true,
            }
          : {}),
        ...(exitExempt
          ? {
              outcome: 'warn' as const,
              message: `${verdict.message}; allowed because the order is an exit (reduce-only or protective stop)`,
              exitExemption: true,
            }
          : {}),
        check: check.name,
        enforced: mode === 'enforce',
      }),
    );
  }
  const reasons = results.filter((r): r is RiskReason => r.outcome === 'deny' && r.enforced);
  const warnings = results.filter((r) => r.outcome === 'warn' || (r.outcome === 'deny' && !r.enforced));
  const breakerTrips = [
    ...new Set(results.flatMap((r) => (r.tripBreaker === undefined ? [] : [r.tripBreaker]))),
  ] as BreakerKind[];
  const common = {
    checks: Object.freeze(results),
    warnings: Object.freeze(warnings),
    breakerTrips: Object.freeze(breakerTrips),
    order: request.order,
    at: request.now,
  };
  return Object.freeze(
    reasons.length === 0
      ? { ok: true as const, ...common }
      : { ok: false as const, reasons: Object.freeze(reasons), ...common },
  );
}

function runCheck(check: RiskCheck, ctx: RiskCheckContext): RiskCheckVerdict {
  try {
    return check.run(ctx);
  } catch (e) {
    // A broken check must not let an order through: record it as a denial, keep the cause's text.
    return {
      outcome: 'deny',
      code: 'CHECK_ERROR',
      message: `check ${check.name} threw: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

function resolveChecks(options: RiskGateOptions): readonly RiskCheck[] {
  const checks = options.checks ?? DEFAULT_PRE_TRADE_CHECKS;
  const names = new Set<string>();
  for (const c of checks) {
    if (names.has(c.name)) {
      throw new MinhosError('RISK_GATE_CONFIG_INVALID', `risk gate: check name "${c.name}" appears twice`);
    }
    if (c.name === MANDATORY && c !== emergencyStopCheck) {
      throw new MinhosError(
        'RISK_GATE_CONFIG_INVALID',
        `risk gate: the name "${MANDATORY}" is reserved for the built-in emergency stop check`,
      );
    }
    names.add(c.name);
  }
  for (const [name, mode] of Object.entries(options.modes ?? {})) {
    if (mode !== 'enforce' && mode !== 'observe' && mode !== 'off') {
      throw new MinhosError(
        'RISK_GATE_CONFIG_INVALID',
        `risk gate: modes.${name} must be enforce, observe or off, got ${String(mode)}`,
      );
    }
    if (!names.has(name) && name !== MANDATORY) {
      throw new MinhosError(
        'RISK_GATE_CONFIG_INVALID',
        `risk gate: modes.${name} names no configured check (known: ${[...names].join(', ')})`,
      );
    }
    if (name === MANDATORY && mode !== 'enforce') {
      throw new MinhosError(
        'RISK_GATE_CONFIG_INVALID',
        `risk gate: the ${MANDATORY} check is always enforced, got mode ${mode}`,
      );
    }
  }
  return names.has(MANDATORY) ? checks : [emergencyStopCheck, ...checks];
}
