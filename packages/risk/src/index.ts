/**
 * Layered pre-trade risk checks, circuit breakers, emergency stop and market state classification.
 * Pure functions over plain data: no I/O, time passed in as `TimestampUs` (µs since the Unix epoch).
 *
 * @packageDocumentation
 */

export {
  exposureCheck,
  marginCheck,
  maxPositionCheck,
  maxPositionsCheck,
  riskBudgetCheck,
  tradeRiskCheck,
  tradeRiskUsd,
  worstCaseGrossNotional,
  worstCaseMargin,
} from './bookChecks.js';
export type { EmergencyStopActions } from './emergencyStopActions.js';
export { emergencyStopActions } from './emergencyStopActions.js';
export type {
  BreakerAutoReset,
  BreakerBreach,
  BreakerMetrics,
  RiskTransitions,
} from './evaluateCircuitBreakers.js';
export {
  AUTO_RESET_ACTOR,
  autoResetBreakers,
  breakerBreaches,
  CIRCUIT_BREAKER_ACTOR,
  evaluateCircuitBreakers,
} from './evaluateCircuitBreakers.js';
export type {
  MarketState,
  MarketStateFeatures,
  MarketStateOptions,
  MarketStateReading,
  MarketStateRule,
  MarketStateThresholds,
  VolatilityRegime,
} from './marketState.js';
export {
  classifyMarketState,
  classifyMarketStates,
  DEFAULT_MARKET_STATE_THRESHOLDS,
  MARKET_STATES,
} from './marketState.js';
export type { OrderEffect } from './orderEffect.js';
export { orderEffect } from './orderEffect.js';
export type { PricedOrder } from './orderPrices.js';
export { executablePrice, orderTypeOf } from './orderPrices.js';
export {
  circuitBreakerCheck,
  confidenceCheck,
  correlationCheck,
  DEFAULT_PRE_TRADE_CHECKS,
  dailyLossCheck,
  dataFreshnessCheck,
  drawdownCheck,
  emergencyStopCheck,
  exposureCorrelation,
  orderRateCheck,
  priceBandCheck,
  riskConfigCheck,
  symbolCheck,
  tradingEnabledCheck,
  tradingHoursCheck,
  volatilityCheck,
} from './preTradeChecks.js';
export type {
  CheckMode,
  CheckOutcome,
  PreTradeRequest,
  RiskCheck,
  RiskCheckContext,
  RiskCheckResult,
  RiskCheckVerdict,
  RiskDecision,
  RiskReason,
} from './RiskCheck.js';
export type {
  BreakerEffect,
  BreakerKind,
  ControlAction,
  EmergencyStopLevel,
  RiskControlState,
  RiskEvent,
  RiskEventKind,
  RiskTransition,
  TradingState,
  TripDetails,
  TrippedBreaker,
} from './RiskControlState.js';
export {
  BREAKER_KINDS,
  DEFAULT_BREAKER_EFFECTS,
  EMERGENCY_STOP_LEVELS,
  initialRiskControlState,
  resetBreaker,
  setEmergencyStop,
  setTradingEnabled,
  tradingState,
  tripBreaker,
} from './RiskControlState.js';
export type { ModelAccuracyLimit, RiskLimitProblem, RiskLimits, RiskLimitsOverrides } from './RiskLimits.js';
export { DEFAULT_RISK_LIMITS, resolveRiskLimits, validateRiskLimits } from './RiskLimits.js';
export { requestCheck } from './requestCheck.js';
export { returnCorrelation } from './returnCorrelation.js';
export { riskCheckContext } from './riskCheckContext.js';
export type {
  BreakerStatus,
  RiskLevel,
  RiskSnapshot,
  RiskSnapshotInput,
  RiskViolation,
} from './riskSnapshot.js';
export { riskSnapshot } from './riskSnapshot.js';
export type { SameTimeVolatilityOptions } from './sameTimeVolatilityReading.js';
export { sameTimeVolatilityReading } from './sameTimeVolatilityReading.js';
export type {
  AccountRiskState,
  InstrumentRiskSpec,
  MarketDataState,
  OrderRole,
  PositionExposure,
  ProposedOrder,
  VolatilityReading,
  WorkingOrder,
} from './types.js';
export type { RiskGateOptions } from './validateOrder.js';
export { validateOrder } from './validateOrder.js';
export { volatilityReading } from './volatilityReading.js';
export type { WorstCasePosition } from './worstCaseBook.js';
export { worstCaseBook } from './worstCaseBook.js';
