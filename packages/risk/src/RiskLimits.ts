import { US_PER_DAY, US_PER_SECOND } from '@minhos/core';

/**
 * Model-accuracy circuit breaker settings: trip when the hit rate over the last `window` scored
 * predictions falls below `minAccuracy`.
 */
export interface ModelAccuracyLimit {
  /** Number of most recent scored predictions to look at (integer ≥ 1). */
  readonly window: number;
  /** Minimum hit rate over the window, 0..1. */
  readonly minAccuracy: number;
}

/**
 * Every limit the risk gate and the circuit breakers read. Money in USD, durations in µs,
 * fractions as 0..1 decimals, quantities in contracts.
 *
 * A limit is an inclusive maximum: a value **equal** to the limit passes (with a warning), a value
 * **above** it is denied. Warnings start strictly above `warnFraction × limit`.
 *
 * Use {@link DEFAULT_RISK_LIMITS} (the original system's defaults) and override what you need with
 * {@link resolveRiskLimits}; {@link validateRiskLimits} lists what is not sane.
 *
 * @example
 * ```ts
 * import { resolveRiskLimits } from '@minhos/risk';
 * const limits = resolveRiskLimits({ maxPositionContracts: 2, maxDailyLossUsd: 500 });
 * limits.maxOrdersPerMinute; // 10 (default)
 * ```
 */
export interface RiskLimits {
  /** Largest absolute position per instrument after the order, contracts. Original default 5. */
  readonly maxPositionContracts: number;
  /** Largest loss allowed in one session, USD (positive number). Original default 1000. */
  readonly maxDailyLossUsd: number;
  /** Multiple of `maxDailyLossUsd` beyond which the daily-loss circuit breaker trips. Original 1.2. */
  readonly dailyLossBreakerMultiple: number;
  /** Largest drawdown from the equity high-water mark, fraction 0..1. Original default 0.10. */
  readonly maxDrawdownFraction: number;
  /** Largest number of instruments with a non-zero position after the order. Original default 3. */
  readonly maxOpenPositions: number;
  /** Largest number of orders in any trailing 60 s, this one included. Original default 10. */
  readonly maxOrdersPerMinute: number;
  /** Largest gross notional (Σ |contracts| × price × point value), USD, across all positions. */
  readonly maxNotionalUsd: number;
  /**
   * Largest loss of one order at its protective stop (contracts × (stop distance × point value +
   * round-trip cost)), USD. Default 500: half the daily-loss limit, so one stopped-out trade cannot
   * end the day.
   */
  readonly maxTradeRiskUsd: number;
  /**
   * Deny orders that open or add risk without a `protectiveStop` (their loss is unknown), code
   * `PROTECTIVE_STOP_REQUIRED`. Default false: such orders pass with a `TRADE_RISK_UNKNOWN` warning.
   */
  readonly requireProtectiveStop: boolean;
  /** Market data older than this is stale and denies the order, µs. Original default 60 s. */
  readonly maxDataAgeUs: number;
  /** Data older than this trips the stale-data circuit breaker, µs (≥ `maxDataAgeUs`). */
  readonly staleDataBreakerUs: number;
  /** Fat-finger band: largest |limit price − last trade| / last trade, fraction. */
  readonly priceBandFraction: number;
  /** Lowest model confidence (0..1) accepted for model-driven orders. */
  readonly minConfidence: number;
  /** Window before an instrument's roll date in which orders pass with a warning, µs. */
  readonly rolloverWarningUs: number;
  /** Largest realised / baseline volatility ratio before new risk is denied (and the breaker trips). */
  readonly maxVolatilityRatio: number;
  /** Largest correlation (−1..1) of the new position with the existing exposure. */
  readonly maxCorrelation: number;
  /** Model-accuracy breaker settings. */
  readonly modelAccuracy: ModelAccuracyLimit;
  /** Fraction of a limit beyond which a check warns (original 0.8). */
  readonly warnFraction: number;
}

/**
 * The defaults. Taken from the original system where it had one (max position 5 contracts, max
 * daily loss 1000 USD, breaker at 1.2×, drawdown 10 %, 3 positions, 10 orders/min, stale data 60 s,
 * warnings at 0.8×); the others are ours and documented on each field:
 * notional 2,000,000 USD (five ES contracts at 6,000 points = 1.5 M plus headroom), stale-data
 * breaker 5 min, price band 2 % (CME's own ES dynamic bands are wider; 2 % catches a slipped
 * digit), min confidence 0.6, rollover warning 7 days (the symbols package's "critical" level),
 * volatility ratio 3×, correlation 0.7, model accuracy ≥ 0.45 over the last 100 predictions.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxPositionContracts: 5,
  maxDailyLossUsd: 1000,
  dailyLossBreakerMultiple: 1.2,
  maxDrawdownFraction: 0.1,
  maxOpenPositions: 3,
  maxOrdersPerMinute: 10,
  maxNotionalUsd: 2_000_000,
  maxTradeRiskUsd: 500,
  requireProtectiveStop: false,
  maxDataAgeUs: 60 * US_PER_SECOND,
  staleDataBreakerUs: 300 * US_PER_SECOND,
  priceBandFraction: 0.02,
  minConfidence: 0.6,
  rolloverWarningUs: 7 * US_PER_DAY,
  maxVolatilityRatio: 3,
  maxCorrelation: 0.7,
  modelAccuracy: Object.freeze({ window: 100, minAccuracy: 0.45 }),
  warnFraction: 0.8,
});

/** Overrides accepted by {@link resolveRiskLimits}: any subset, `modelAccuracy` field by field. */
export type RiskLimitsOverrides = Partial<Omit<RiskLimits, 'modelAccuracy'>> & {
  readonly modelAccuracy?: Partial<ModelAccuracyLimit>;
};

/**
 * The defaults with `overrides` applied (frozen). Does not validate: pass the result to
 * {@link validateRiskLimits}, or let the gate's `riskConfig` check deny orders while it is not sane.
 *
 * @example
 * ```ts
 * import { resolveRiskLimits } from '@minhos/risk';
 * resolveRiskLimits({ modelAccuracy: { window: 50 } }).modelAccuracy; // { window: 50, minAccuracy: 0.45 }
 * ```
 */
export function resolveRiskLimits(overrides: RiskLimitsOverrides = {}): RiskLimits {
  const { modelAccuracy, ...rest } = overrides;
  return Object.freeze({
    ...DEFAULT_RISK_LIMITS,
    ...rest,
    modelAccuracy: Object.freeze({ ...DEFAULT_RISK_LIMITS.modelAccuracy, ...modelAccuracy }),
  });
}

/** One reason a {@link RiskLimits} value is not sane. */
export interface RiskLimitProblem {
  /** Dotted field path, e.g. `modelAccuracy.window`. */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** What was expected, in words. */
  readonly expected: string;
}

type Rule = readonly [path: string, value: unknown, ok: boolean, expected: string];

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;
const positiveInt = (v: unknown): boolean => positive(v) && Number.isInteger(v);
const fraction = (v: unknown): boolean => typeof v === 'number' && v > 0 && v <= 1;

/**
 * Lists every field of `limits` that is not sane (empty list = sane): counts must be positive
 * integers, money and durations positive and finite, fractions in (0, 1], the breaker multiple ≥ 1,
 * the stale-data breaker no shorter than the staleness limit.
 *
 * @example
 * ```ts
 * import { DEFAULT_RISK_LIMITS, validateRiskLimits } from '@minhos/risk';
 * validateRiskLimits({ ...DEFAULT_RISK_LIMITS, maxDailyLossUsd: -5 });
 * // [{ path: 'maxDailyLossUsd', value: -5, expected: 'a positive finite number of USD' }]
 * ```
 */
export function validateRiskLimits(limits: RiskLimits): readonly RiskLimitProblem[] {
  const l = limits;
  const rules: Rule[] = [
    [
      'maxPositionContracts',
      l.maxPositionContracts,
      positiveInt(l.maxPositionContracts),
      'a positive integer of contracts',
    ],
    ['maxDailyLossUsd', l.maxDailyLossUsd, positive(l.maxDailyLossUsd), 'a positive finite number of USD'],
    [
      'dailyLossBreakerMultiple',
      l.dailyLossBreakerMultiple,
      positive(l.dailyLossBreakerMultiple) && l.dailyLossBreakerMultiple >= 1,
      'a finite number ≥ 1',
    ],
    ['maxDrawdownFraction', l.maxDrawdownFraction, fraction(l.maxDrawdownFraction), 'a fraction in (0, 1]'],
    ['maxOpenPositions', l.maxOpenPositions, positiveInt(l.maxOpenPositions), 'a positive integer'],
    ['maxOrdersPerMinute', l.maxOrdersPerMinute, positiveInt(l.maxOrdersPerMinute), 'a positive integer'],
    ['maxNotionalUsd', l.maxNotionalUsd, positive(l.maxNotionalUsd), 'a positive finite number of USD'],
    ['maxTradeRiskUsd', l.maxTradeRiskUsd, positive(l.maxTradeRiskUsd), 'a positive finite number of USD'],
    [
      'requireProtectiveStop',
      l.requireProtectiveStop,
      typeof l.requireProtectiveStop === 'boolean',
      'a boolean',
    ],
    ['maxDataAgeUs', l.maxDataAgeUs, positive(l.maxDataAgeUs), 'a positive finite duration in µs'],
    [
      'staleDataBreakerUs',
      l.staleDataBreakerUs,
      positive(l.staleDataBreakerUs) && l.staleDataBreakerUs >= l.maxDataAgeUs,
      'a finite duration in µs ≥ maxDataAgeUs',
    ],
    ['priceBandFraction', l.priceBandFraction, fraction(l.priceBandFraction), 'a fraction in (0, 1]'],
    [
      'minConfidence',
      l.minConfidence,
      typeof l.minConfidence === 'number' && l.minConfidence >= 0 && l.minConfidence <= 1,
      'a number in [0, 1]',
    ],
    [
      'rolloverWarningUs',
      l.rolloverWarningUs,
      typeof l.rolloverWarningUs === 'number' &&
        Number.isFinite(l.rolloverWarningUs) &&
        l.rolloverWarningUs >= 0,
      'a finite duration in µs ≥ 0',
    ],
    ['maxVolatilityRatio', l.maxVolatilityRatio, positive(l.maxVolatilityRatio), 'a positive finite ratio'],
    [
      'maxCorrelation',
      l.maxCorrelation,
      typeof l.maxCorrelation === 'number' && l.maxCorrelation > -1 && l.maxCorrelation <= 1,
      'a correlation in (−1, 1]',
    ],
    [
      'modelAccuracy.window',
      l.modelAccuracy?.window,
      positiveInt(l.modelAccuracy?.window),
      'a positive integer',
    ],
    [
      'modelAccuracy.minAccuracy',
      l.modelAccuracy?.minAccuracy,
      typeof l.modelAccuracy?.minAccuracy === 'number' &&
        l.modelAccuracy.minAccuracy >= 0 &&
        l.modelAccuracy.minAccuracy <= 1,
      'a number in [0, 1]',
    ],
    [
      'warnFraction',
      l.warnFraction,
      typeof l.warnFraction === 'number' && l.warnFraction > 0 && l.warnFraction < 1,
      'a fraction in (0, 1)',
    ],
  ];
  return rules.filter(([, , ok]) => !ok).map(([path, value, , expected]) => ({ path, value, expected }));
}
