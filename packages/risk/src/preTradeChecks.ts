import { US_PER_MINUTE, US_PER_SECOND } from '@minhos/core';
import {
  exposureCheck,
  marginCheck,
  maxPositionCheck,
  maxPositionsCheck,
  riskBudgetCheck,
  tradeRiskCheck,
} from './bookChecks.js';
import { bounded, pass, pct, usd } from './internal/bounded.js';
import { fmt } from './internal/format.js';
import { isFiniteNumber, pearson } from './internal/stats.js';
import type { RiskCheck, RiskCheckContext } from './RiskCheck.js';
import { validateRiskLimits } from './RiskLimits.js';
import { requestCheck } from './requestCheck.js';

const secs = (us: number): string => `${fmt(us / US_PER_SECOND, 3)} s`;

/** The symbol is tradeable and not past its roll date (warns inside the rollover warning window). */
export const symbolCheck: RiskCheck = {
  name: 'symbol',
  description:
    'The instrument is tradeable and not past its roll date; warns inside the rollover warning window. Past the roll date, orders that reduce a position still pass (with a warning) so the expiring contract can be closed.',
  reducingExempt: false,
  run(ctx) {
    const { instrument, now, limits, effect } = ctx;
    if (!instrument.tradeable) {
      return {
        outcome: 'deny',
        code: 'SYMBOL_NOT_TRADEABLE',
        message: `${instrument.instrument} is not tradeable`,
      };
    }
    const roll = instrument.rollDate;
    if (roll === undefined)
      return pass('SYMBOL_OK', `${instrument.instrument} is tradeable and has no roll date`);
    const left = roll - now;
    const days = fmt(left / 86_400_000_000, 2);
    if (left <= 0) {
      return {
        outcome: effect.reducing ? 'warn' : 'deny',
        code: 'SYMBOL_PAST_ROLL_DATE',
        message: `${instrument.instrument} is past its roll date by ${fmt(-left / 86_400_000_000, 2)} days${effect.reducing ? '; allowed because the order reduces the position' : ''}`,
        value: left,
        limit: 0,
      };
    }
    if (left <= limits.rolloverWarningUs) {
      return {
        outcome: 'warn',
        code: 'SYMBOL_ROLL_APPROACHING',
        message: `${instrument.instrument} rolls in ${days} days (warning window ${fmt(limits.rolloverWarningUs / 86_400_000_000, 2)} days)`,
        value: left,
        limit: limits.rolloverWarningUs,
      };
    }
    return {
      outcome: 'pass',
      code: 'SYMBOL_OK',
      message: `${instrument.instrument} rolls in ${days} days`,
      value: left,
      limit: limits.rolloverWarningUs,
    };
  },
};

/** The risk limits themselves are sane (see `validateRiskLimits`). */
export const riskConfigCheck: RiskCheck = {
  name: 'riskConfig',
  description: 'The risk limits are sane (validateRiskLimits finds no problem).',
  reducingExempt: false,
  run(ctx) {
    const problems = validateRiskLimits(ctx.limits);
    if (problems.length === 0) return pass('RISK_CONFIG_OK', 'risk limits are sane');
    return {
      outcome: 'deny',
      code: 'RISK_CONFIG_INVALID',
      message: `risk limits are not sane: ${problems.map((p) => `${p.path} must be ${p.expected}, got ${String(p.value)}`).join('; ')}`,
      value: problems.length,
      limit: 0,
    };
  },
};

/**
 * The emergency stop level. Always enforced: the gate refuses to turn it off or to observe only.
 * NONE passes; REDUCE_ONLY and FLATTEN pass only orders whose worst-case effect reduces the
 * position; HALT passes only exits (reducing orders marked `reduceOnly` or `STOP_LOSS`).
 */
export const emergencyStopCheck: RiskCheck = {
  name: 'emergencyStop',
  description:
    'Emergency stop: NONE passes; REDUCE_ONLY and FLATTEN pass only orders that shrink the worst-case |position| without flipping it; HALT passes only exits (reducing orders marked reduceOnly or STOP_LOSS: protective stops and closing orders). Cannot be disabled.',
  reducingExempt: false,
  run(ctx) {
    const level = ctx.control.emergencyStop.level;
    const reducing = ctx.effect.reducing;
    switch (level) {
      case 'NONE':
        return pass('EMERGENCY_STOP_OFF', 'emergency stop not engaged');
      case 'REDUCE_ONLY':
        return reducing
          ? {
              outcome: 'warn',
              code: 'EMERGENCY_REDUCE_ONLY',
              message: 'emergency stop REDUCE_ONLY: order reduces the position',
            }
          : {
              outcome: 'deny',
              code: 'EMERGENCY_REDUCE_ONLY',
              message: `emergency stop REDUCE_ONLY: order takes the worst-case position (filled + working on its side) from ${ctx.effect.before} to ${ctx.effect.after} contracts`,
            };
      case 'HALT':
        return ctx.exit
          ? {
              outcome: 'warn',
              code: 'EMERGENCY_HALT',
              message: 'emergency stop HALT: exit order (reduce-only or protective stop) allowed',
            }
          : {
              outcome: 'deny',
              code: 'EMERGENCY_HALT',
              message: reducing
                ? 'emergency stop HALT: only exits pass; mark a closing order reduceOnly or a protective stop STOP_LOSS'
                : `emergency stop HALT: no new risk, this order takes the worst-case position from ${ctx.effect.before} to ${ctx.effect.after} contracts`,
            };
      case 'FLATTEN':
        return reducing
          ? {
              outcome: 'warn',
              code: 'EMERGENCY_FLATTEN',
              message: 'emergency stop FLATTEN: closing order allowed',
            }
          : {
              outcome: 'deny',
              code: 'EMERGENCY_FLATTEN',
              message: `emergency stop FLATTEN: only closing orders, this one takes the worst-case position (filled + working on its side) from ${ctx.effect.before} to ${ctx.effect.after} contracts`,
            };
      default:
        return {
          outcome: 'deny',
          code: 'EMERGENCY_STOP_UNKNOWN',
          message: `unknown emergency stop level ${String(level)}`,
        };
    }
  },
};

/** Tripped circuit breakers: HALT-effect breakers deny everything, the others deny non-reducing orders. */
export const circuitBreakerCheck: RiskCheck = {
  name: 'circuitBreaker',
  description:
    'Tripped circuit breakers: a breaker with effect HALT denies every order but exits; with effect REDUCE_ONLY it denies orders that do not reduce the worst-case position.',
  reducingExempt: false,
  exitExempt: true,
  run(ctx) {
    const tripped = Object.values(ctx.control.breakers).filter((b) => b !== undefined);
    if (tripped.length === 0)
      return { ...pass('CIRCUIT_BREAKERS_OK', 'no circuit breaker tripped'), value: 0, limit: 0 };
    const names = tripped.map((b) => `${b.kind} (${b.reason})`).join(', ');
    const halting = tripped.filter((b) => b.effect === 'HALT');
    if (halting.length > 0) {
      return {
        outcome: 'deny',
        code: 'CIRCUIT_BREAKER_HALT',
        message: `circuit breaker tripped, trading halted: ${names}`,
        value: tripped.length,
        limit: 0,
      };
    }
    return ctx.effect.reducing
      ? {
          outcome: 'warn',
          code: 'CIRCUIT_BREAKER_TRIPPED',
          message: `circuit breaker tripped (${names}); allowed because the order reduces the position`,
          value: tripped.length,
          limit: 0,
        }
      : {
          outcome: 'deny',
          code: 'CIRCUIT_BREAKER_TRIPPED',
          message: `circuit breaker tripped, reduce-only: ${names}`,
          value: tripped.length,
          limit: 0,
        };
  },
};

/** The master trading switch is on. */
export const tradingEnabledCheck: RiskCheck = {
  name: 'tradingEnabled',
  description: 'The master trading switch is on.',
  reducingExempt: false,
  run: (ctx) =>
    ctx.control.tradingEnabled
      ? pass('TRADING_ENABLED', 'trading is enabled')
      : { outcome: 'deny', code: 'TRADING_DISABLED', message: 'trading is disabled' },
};

/** The instrument's session is open. */
export const tradingHoursCheck: RiskCheck = {
  name: 'tradingHours',
  description: "The instrument's trading session is open now (a trading-hours predicate result passed in).",
  reducingExempt: false,
  run: (ctx) =>
    ctx.instrument.sessionOpen
      ? pass('SESSION_OPEN', `${ctx.instrument.instrument} session is open`)
      : {
          outcome: 'deny',
          code: 'SESSION_CLOSED',
          message: `${ctx.instrument.instrument} session is closed`,
        },
};

/** Orders in the trailing minute, this one included, stay within the limit. */
export const orderRateCheck: RiskCheck = {
  name: 'orderRate',
  description:
    'Orders submitted in the trailing 60 s (any instrument), this one included, do not exceed maxOrdersPerMinute. Applies to reducing orders too (it guards against runaway loops) but not to exits, which the worst-case book already bounds by the position.',
  reducingExempt: false,
  exitExempt: true,
  run(ctx) {
    const from = ctx.now - US_PER_MINUTE;
    let count = 1;
    for (const t of ctx.recentOrderTimes) if (t > from && t <= ctx.now) count++;
    return bounded(
      count,
      ctx.limits.maxOrdersPerMinute,
      ctx.limits.warnFraction,
      { ok: 'ORDER_RATE_OK', warn: 'ORDER_RATE_WARNING', deny: 'ORDER_RATE_EXCEEDED' },
      (v, l) => `${v} orders in the last minute including this one (limit ${l})`,
    );
  },
};

/** Session loss: warn past 0.8×, deny past 1×, report a breaker trip past 1.2× the limit. */
export const dailyLossCheck: RiskCheck = {
  name: 'dailyLoss',
  description:
    'Session loss (−dailyPnl, USD): warns above warnFraction × maxDailyLossUsd, denies above maxDailyLossUsd, and above dailyLossBreakerMultiple × the limit also reports a DAILY_LOSS breaker trip. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const loss = Math.max(0, -ctx.account.dailyPnl);
    const limit = ctx.limits.maxDailyLossUsd;
    const trip = ctx.limits.dailyLossBreakerMultiple * limit;
    if (loss > trip) {
      return {
        outcome: 'deny',
        code: 'DAILY_LOSS_BREAKER',
        message: `session loss ${usd(loss)} is beyond the breaker level ${usd(trip)} (limit ${usd(limit)})`,
        value: loss,
        limit,
        tripBreaker: 'DAILY_LOSS',
      };
    }
    return bounded(
      loss,
      limit,
      ctx.limits.warnFraction,
      { ok: 'DAILY_LOSS_OK', warn: 'DAILY_LOSS_WARNING', deny: 'DAILY_LOSS_LIMIT' },
      (v, l) => `session loss ${usd(v)} (limit ${usd(l)})`,
    );
  },
};

/** Market data is fresh and the price is positive; reports a stale-data breaker trip past its level. */
export const dataFreshnessCheck: RiskCheck = {
  name: 'dataFreshness',
  description:
    'The last price is positive and no older than maxDataAgeUs (warns above warnFraction of it; data from the future warns as clock skew); beyond staleDataBreakerUs also reports a STALE_DATA breaker trip. Exits pass with a warning: a stale feed must not keep a position open.',
  reducingExempt: false,
  exitExempt: true,
  run(ctx) {
    const { market, limits, now } = ctx;
    if (!(isFiniteNumber(market.lastPrice) && market.lastPrice > 0)) {
      return {
        outcome: 'deny',
        code: 'PRICE_INVALID',
        message: `last price must be a positive number, got ${market.lastPrice}`,
      };
    }
    if (!isFiniteNumber(market.lastUpdate)) {
      return {
        outcome: 'deny',
        code: 'DATA_STALE',
        message: `last update time is not a timestamp: ${market.lastUpdate}`,
      };
    }
    const age = now - market.lastUpdate;
    if (age < 0) {
      return {
        outcome: 'warn',
        code: 'DATA_CLOCK_SKEW',
        message: `last price is stamped ${secs(-age)} in the future: clock skew between feed and gate`,
        value: age,
        limit: limits.maxDataAgeUs,
      };
    }
    const verdict = bounded(
      age,
      limits.maxDataAgeUs,
      limits.warnFraction,
      { ok: 'DATA_FRESH', warn: 'DATA_AGING', deny: 'DATA_STALE' },
      (v, l) => `last price is ${secs(v)} old (limit ${secs(l)})`,
    );
    return age > limits.staleDataBreakerUs ? { ...verdict, tripBreaker: 'STALE_DATA' } : verdict;
  },
};

/** Drawdown from the high-water mark: warn past 0.8×, deny and report a breaker trip past the limit. */
export const drawdownCheck: RiskCheck = {
  name: 'drawdown',
  description:
    'Drawdown (peakEquity − equity) / peakEquity: warns above warnFraction × maxDrawdownFraction, denies above it and reports a DRAWDOWN breaker trip. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const { equity, peakEquity } = ctx.account;
    const dd = peakEquity > 0 ? Math.max(0, (peakEquity - equity) / peakEquity) : 0;
    const verdict = bounded(
      dd,
      ctx.limits.maxDrawdownFraction,
      ctx.limits.warnFraction,
      { ok: 'DRAWDOWN_OK', warn: 'DRAWDOWN_WARNING', deny: 'DRAWDOWN_LIMIT' },
      (v, l) => `drawdown ${pct(v)} from the high-water mark (limit ${pct(l)})`,
    );
    return verdict.outcome === 'deny' ? { ...verdict, tripBreaker: 'DRAWDOWN' } : verdict;
  },
};

/** Fat-finger band: an order price too far from the last trade. */
export const priceBandCheck: RiskCheck = {
  name: 'priceBand',
  description:
    'Fat-finger band: for every price the order carries (limit, stop), |price − last trade| / last trade does not exceed priceBandFraction; the largest deviation is reported. Market orders pass. Applies to reducing orders too.',
  reducingExempt: false,
  run(ctx) {
    const { order, market, limits } = ctx;
    const prices = (
      [
        ['limit', order.limitPrice],
        ['stop', order.stopPrice],
      ] as const
    ).filter((x): x is readonly ['limit' | 'stop', number] => x[1] !== undefined);
    if (prices.length === 0) return pass('PRICE_BAND_MARKET_ORDER', 'market order: priced at the last trade');
    if (!(market.lastPrice > 0))
      return {
        outcome: 'deny',
        code: 'PRICE_INVALID',
        message: `last price must be positive, got ${market.lastPrice}`,
      };
    let worst = prices[0] as readonly ['limit' | 'stop', number];
    let dev = -1;
    for (const p of prices) {
      const d = Math.abs(p[1] - market.lastPrice) / market.lastPrice;
      if (d > dev || Number.isNaN(d)) {
        dev = d;
        worst = p;
      }
    }
    return bounded(
      dev,
      limits.priceBandFraction,
      limits.warnFraction,
      { ok: 'PRICE_BAND_OK', warn: 'PRICE_BAND_WARNING', deny: 'PRICE_BAND_EXCEEDED' },
      (v, l) =>
        `${worst[0]} ${worst[1]} is ${pct(v)} from the last trade ${market.lastPrice} (band ${pct(l)})`,
    );
  },
};

/** Model confidence reaches the floor (manual orders without a confidence pass as not applicable). */
export const confidenceCheck: RiskCheck = {
  name: 'confidence',
  description:
    'Model confidence is at least minConfidence; orders without a confidence (manual) pass as not applicable. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const c = ctx.order.confidence;
    const min = ctx.limits.minConfidence;
    if (c === undefined) return pass('CONFIDENCE_NOT_APPLICABLE', 'no model confidence: manual order');
    return c < min
      ? {
          outcome: 'deny',
          code: 'CONFIDENCE_TOO_LOW',
          message: `confidence ${fmt(c, 4)} is below ${fmt(min, 4)}`,
          value: c,
          limit: min,
        }
      : {
          outcome: 'pass',
          code: 'CONFIDENCE_OK',
          message: `confidence ${fmt(c, 4)} (minimum ${fmt(min, 4)})`,
          value: c,
          limit: min,
        };
  },
};

/** Realised volatility against its baseline; reports a breaker trip when the ratio is past the limit. */
export const volatilityCheck: RiskCheck = {
  name: 'volatility',
  description:
    'Volatility spike: realised / baseline volatility does not exceed maxVolatilityRatio (warns above warnFraction of it; above it also reports a VOLATILITY_SPIKE breaker trip). Passes as not applicable without a reading. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const v = ctx.market.volatility;
    if (v === undefined) return pass('VOLATILITY_NOT_APPLICABLE', 'no volatility reading supplied');
    if (
      !(
        isFiniteNumber(v.realisedPerBar) &&
        v.realisedPerBar >= 0 &&
        isFiniteNumber(v.baselinePerBar) &&
        v.baselinePerBar > 0
      )
    ) {
      return {
        outcome: 'warn',
        code: 'VOLATILITY_READING_INVALID',
        message: `volatility reading needs realisedPerBar ≥ 0 and baselinePerBar > 0, got ${v.realisedPerBar} / ${v.baselinePerBar}`,
      };
    }
    const verdict = bounded(
      v.realisedPerBar / v.baselinePerBar,
      ctx.limits.maxVolatilityRatio,
      ctx.limits.warnFraction,
      { ok: 'VOLATILITY_OK', warn: 'VOLATILITY_ELEVATED', deny: 'VOLATILITY_SPIKE' },
      (r, l) => `realised volatility is ${fmt(r, 3)}× its baseline (limit ${fmt(l, 3)}×)`,
    );
    return verdict.outcome === 'deny' ? { ...verdict, tripBreaker: 'VOLATILITY_SPIKE' } : verdict;
  },
};

/**
 * Correlation of the new position with the existing exposure: the Pearson correlation of the order
 * instrument's returns with the returns of the current book (Σ signed notional × returns of every
 * other instrument held), times the order's direction (+1 BUY, −1 SELL). Adding a long in something
 * that moves with a long book is positive; a hedge is negative. `undefined` when the aligned
 * returns are missing or of different lengths; `NaN` when a series has no variance.
 *
 * @example
 * ```ts
 * import { exposureCorrelation, type RiskCheckContext } from '@minhos/risk';
 * declare const ctx: RiskCheckContext; // long NQ held, BUY ES proposed, market.returns for both
 * exposureCorrelation(ctx); // ≈ +0.9: ES and NQ move together
 * ```
 */
export function exposureCorrelation(ctx: RiskCheckContext): number | undefined {
  const returns = ctx.market.returns;
  const others = ctx.positions.filter((p) => p.instrument !== ctx.order.instrument && p.quantity !== 0);
  const own = returns?.[ctx.order.instrument];
  if (returns === undefined || own === undefined) return undefined;
  const book = new Float64Array(own.length);
  for (const p of others) {
    const r = returns[p.instrument];
    if (r === undefined || r.length !== own.length) return undefined;
    const w = p.quantity * p.markPrice * p.pointValue;
    for (let i = 0; i < book.length; i++) book[i] = (book[i] as number) + w * (r[i] as number);
  }
  const rho = pearson(own, book);
  return ctx.order.side === 'BUY' ? rho : -rho;
}

/** The new position must not be too correlated with what the book already holds. */
export const correlationCheck: RiskCheck = {
  name: 'correlation',
  description:
    'Correlation of the order (signed by its side) with the existing exposure in other instruments does not exceed maxCorrelation; warns above warnFraction of it, or when the aligned returns it needs are missing. Passes as not applicable with no other position. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const others = ctx.positions.filter((p) => p.instrument !== ctx.order.instrument && p.quantity !== 0);
    if (others.length === 0) return pass('CORRELATION_NOT_APPLICABLE', 'no position in another instrument');
    const rho = exposureCorrelation(ctx);
    if (rho === undefined) {
      return {
        outcome: 'warn',
        code: 'CORRELATION_DATA_MISSING',
        message: `aligned returns are missing for ${[ctx.order.instrument, ...others.map((p) => p.instrument)].join(', ')}`,
      };
    }
    if (Number.isNaN(rho)) {
      return {
        outcome: 'warn',
        code: 'CORRELATION_UNDEFINED',
        message: 'correlation undefined: a return series has zero variance or fewer than 3 points',
      };
    }
    const limit = ctx.limits.maxCorrelation;
    const message = `correlation with the current book ${fmt(rho, 3)} (limit ${fmt(limit, 3)})`;
    if (rho > limit) return { outcome: 'deny', code: 'CORRELATION_LIMIT', message, value: rho, limit };
    if (limit > 0 && rho > ctx.limits.warnFraction * limit)
      return { outcome: 'warn', code: 'CORRELATION_WARNING', message, value: rho, limit };
    return { outcome: 'pass', code: 'CORRELATION_OK', message, value: rho, limit };
  },
};

/**
 * The built-in checks in their default order (the original system's layers first):
 * request · symbol · riskConfig · emergencyStop · circuitBreaker · tradingEnabled · tradingHours ·
 * orderRate · maxPosition · exposure · margin · maxPositions · dailyLoss · tradeRisk · riskBudget ·
 * dataFreshness · drawdown · priceBand · confidence · volatility · correlation.
 *
 * Reorder, filter or extend this array and pass it as `RiskGateOptions.checks`.
 *
 * @example
 * ```ts
 * import { DEFAULT_PRE_TRADE_CHECKS, type PreTradeRequest, validateOrder } from '@minhos/risk';
 * declare const request: PreTradeRequest;
 * // No correlation check, and the price band only observed (recorded, never blocking).
 * const checks = DEFAULT_PRE_TRADE_CHECKS.filter((c) => c.name !== 'correlation');
 * const decision = validateOrder(request, { checks, modes: { priceBand: 'observe' } });
 * ```
 */
export const DEFAULT_PRE_TRADE_CHECKS: readonly RiskCheck[] = Object.freeze([
  requestCheck,
  symbolCheck,
  riskConfigCheck,
  emergencyStopCheck,
  circuitBreakerCheck,
  tradingEnabledCheck,
  tradingHoursCheck,
  orderRateCheck,
  maxPositionCheck,
  exposureCheck,
  marginCheck,
  maxPositionsCheck,
  dailyLossCheck,
  tradeRiskCheck,
  riskBudgetCheck,
  dataFreshnessCheck,
  drawdownCheck,
  priceBandCheck,
  confidenceCheck,
  volatilityCheck,
  correlationCheck,
]);
