/**
 * The MinhOS trading runtime: order management, brokers with reconciliation, market data sources
 * and crash-safe SQLite persistence.
 *
 * @packageDocumentation
 */

export type {
  BacktestHandle,
  BacktestInstrumentResult,
  BacktestingPyStats,
  BacktestingPyStatsInput,
  BacktestingPyValueKind,
  BacktestSeries,
  BacktestTrade,
  ClosedTrade,
  DrawdownPeriod,
  EquityMark,
  EventBacktestOptions,
  EventBacktestResult,
  FuturesDay,
  FuturesStats,
  FuturesStatsInput,
  FuturesTrade,
  ReplayBar,
  ReplayContext,
  ReplayOptions,
  ReplayResult,
  ReplayStrategy,
  ScheduledAction,
  SmaCrossoverOptions,
  StatsBar,
  WalkForwardFold,
  WalkForwardOptions,
  WalkForwardResult,
} from './backtest/index.js';
export {
  BACKTESTING_PY_LABELS,
  backtestingPyReplay,
  backtestingPyStats,
  drawdownPeriods,
  drawdownSeries,
  eventBacktest,
  formatBacktestingPyStats,
  futuresStats,
  leanSharpeRatio,
  simpleMovingAverage,
  smaCrossover,
  TradeLedger,
  tradeReturn,
  walkForwardBacktest,
} from './backtest/index.js';
export type {
  Broker,
  BrokerOrder,
  BrokerReport,
  DtcBrokerOptions,
  DtcInstrument,
  DtcReconciler,
  FillReport,
  PaperBrokerOptions,
  SendResult,
  VenueOrder,
  VenueSnapshot,
} from './brokers/index.js';
export { DtcBroker, PaperBroker } from './brokers/index.js';
export type {
  BarReplay,
  BarReplayOptions,
  MarketDataSink,
  ReplayFeed,
  ScidTailRun,
  ScidTailSink,
  ScidTailSourceOptions,
} from './data/index.js';
export { barReplaySource, scidTailSource } from './data/index.js';
export type {
  ApprovalOutcome,
  ModeEvent,
  ModeRoute,
  PendingApproval,
  TradingMode,
  TradingModesOptions,
} from './modes/index.js';
export { TRADING_MODES, TradingModes } from './modes/index.js';
export type {
  AccountFigures,
  AccountState,
  GateInput,
  GateReason,
  GateVerdict,
  InstrumentEconomics,
  InstrumentSpec,
  OrderIntent,
  OrderManagerOptions,
  ReconcileReport,
  RiskGate,
  RiskGateFromLimitsOptions,
  SubmitOutcome,
  TradeDateRule,
  TradingPermission,
} from './oms/index.js';
export {
  accountFigures,
  CME_TRADE_DATE,
  exchangeTradeDate,
  OrderManager,
  openGate,
  riskGateFromLimits,
  roundToTick,
  toPreTradeRequest,
} from './oms/index.js';
export type {
  AiAnalysis,
  AiStrategyOptions,
  DecisionOrder,
  DecisionOutcome,
  DecisionPipelineOptions,
  DecisionRecord,
  FusedMember,
  FusedSignal,
  FusionOptions,
  MemberSignal,
  MemberState,
  RankedCandidate,
  RankUniverseOptions,
  RegistryMemberOptions,
  SignalMember,
  UniverseCandidate,
} from './pipeline/index.js';
export {
  aiStrategy,
  DEFAULT_REGIME_CONFIDENCE,
  DEFAULT_REGIME_MULTIPLIERS,
  DecisionPipeline,
  fuseSignals,
  modelMember,
  rankUniverse,
  registryMember,
  traditionalTaMember,
} from './pipeline/index.js';
export type {
  DecisionQuality,
  DecisionQualityInput,
  QualityCategory,
  QualityLabel,
  QualityRecommendation,
  QualitySummary,
  QualityTrend,
} from './quality/index.js';
export { decisionQuality, QUALITY_WEIGHTS, qualityLabel, qualitySummary } from './quality/index.js';
export type {
  ModuleMode,
  ModuleSetting,
  RestartPolicy,
  Service,
  ServiceContext,
  ServiceManagerOptions,
  ServiceState,
  ServiceStatus,
} from './runtime/index.js';
export {
  bracketFromConfig,
  DEFAULT_MODULES,
  dtcClientOptionsFromConfig,
  kellySettingsFromConfig,
  LatencyHistogram,
  ModuleFlags,
  paperBrokerOptionsFromConfig,
  riskLimitsFromConfig,
  ServiceManager,
  ServiceMetrics,
  storeFromConfig,
} from './runtime/index.js';
export type {
  JournalEntry,
  OrderRecord,
  OrderRole,
  StoreErrorCode,
  StoreOptions,
  StoreSnapshot,
  SyncPolicy,
  ValidationRecord,
} from './store/index.js';
export { EngineStore, openStore, restoreStore, SCHEMA_VERSION, StoreError } from './store/index.js';
export type {
  BarWindow,
  ExecutionContext,
  IndicatorSpec,
  IndicatorView,
  IntentExecutor,
  SmaCrossoverStrategyOptions,
  Strategy,
  StrategyContext,
  StrategyIntent,
  TaAction,
  TaSignal,
  TraditionalTaStrategyOptions,
} from './strategy/index.js';
export {
  actionDirection,
  directExecutor,
  IndicatorBook,
  pendingEntries,
  smaCrossoverStrategy,
  tradeToTarget,
  traditionalTaSignal,
  traditionalTaStrategy,
} from './strategy/index.js';
