export { liveRiskGate, riskLimitsOf } from './liveRiskGate.js';
export type { MarketQuote } from './MarketBook.js';
export { MarketBook } from './MarketBook.js';
export type { RiskUpdate } from './RiskSettings.js';
export { RiskSettings } from './RiskSettings.js';
export type { DecisionRecord, ServerDeps, ServiceHealth } from './ServerDeps.js';
export type { ControlChange, EmergencyLevel, TradingMode } from './TradingControl.js';
export { EMERGENCY_LEVELS, TRADING_MODES, TradingControl } from './TradingControl.js';
