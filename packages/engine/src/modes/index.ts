// Trading modes: manual / semi_auto (approvals on the clock's timers) / full_auto, emergency levels first.

export type {
  ApprovalOutcome,
  ModeEvent,
  ModeRoute,
  PendingApproval,
  TradingMode,
  TradingModesOptions,
} from './TradingModes.js';
export { TRADING_MODES, TradingModes } from './TradingModes.js';
