export type { AiBacktestParts, AiBacktestPartsOptions, AiBacktestSetup } from './aiBacktest.js';
export { aiBacktestParts } from './aiBacktest.js';
export type {
  BacktestDecisions,
  BacktestJob,
  BacktestJobResult,
  BacktestJobsOptions,
  BacktestRequest,
  BacktestStart,
  BacktestStrategy,
} from './BacktestJobs.js';
export { BacktestJobs } from './BacktestJobs.js';
export { bucketedMember } from './bucketedMember.js';
export type { ConfigChange, ConfigUpdate } from './ConfigSettings.js';
export { ConfigSettings, isUpdatableSetting, UPDATABLE_SETTINGS } from './ConfigSettings.js';
export type { DecisionLoopOptions, LoopAnalysis, LoopEvent } from './DecisionLoop.js';
export { DEFAULT_FUSION_WEIGHTS, DecisionLoop } from './DecisionLoop.js';
export { decisionAction, decisionView } from './decisionView.js';
export { liveRiskGate, riskLimitsOf } from './liveRiskGate.js';
export { aiView, approvalsView, backtestSummary } from './loopViews.js';
export type { MarketQuote } from './MarketBook.js';
export { MarketBook } from './MarketBook.js';
export type {
  ModelTrainerOptions,
  TrainerEvent,
  TrainerPrediction,
  TrainerState,
  TrainerStatus,
} from './ModelTrainer.js';
export { ModelTrainer } from './ModelTrainer.js';
export type { RiskUpdate } from './RiskSettings.js';
export { RiskSettings } from './RiskSettings.js';
export type { DecisionRecord, ServerDeps, ServiceHealth } from './ServerDeps.js';
export { SMA_FAST, SMA_SLOW, smaCrossoverMember } from './smaCrossoverMember.js';
export type { ControlChange, EmergencyLevel, TradingMode } from './TradingControl.js';
export { EMERGENCY_LEVELS, TRADING_MODES, TradingControl } from './TradingControl.js';
export type { RoundTrip, TradePerformance } from './tradePerformance.js';
export { roundTrips, tradePerformance } from './tradePerformance.js';
