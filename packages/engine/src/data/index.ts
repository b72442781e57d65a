export type { BarReplay, BarReplayOptions, MarketDataSink, ReplayFeed } from './barReplaySource.js';
export { barReplaySource } from './barReplaySource.js';
export type {
  DtcMarketDataClient,
  DtcMarketDataRun,
  DtcMarketDataSourceOptions,
} from './dtcMarketDataSource.js';
export { dtcMarketDataSource } from './dtcMarketDataSource.js';
export type { ContractBars } from './frontMonthFeeds.js';
export { frontMonthFeeds } from './frontMonthFeeds.js';
export type { FrontMonthInstrument, FrontMonthOptions } from './frontMonthInstrument.js';
export { frontMonthInstrument } from './frontMonthInstrument.js';
export type { ContractRun, RollingRun, RollingSourceOptions } from './rollingSource.js';
export { rollingSource } from './rollingSource.js';
export type { ScidTailRun, ScidTailSink, ScidTailSourceOptions } from './scidTailSource.js';
export { scidTailSource } from './scidTailSource.js';
export type {
  SessionBarsOptions,
  SessionBarsSink,
  SessionBarsStats,
  SessionTimeframe,
} from './sessionBars.js';
export { sessionBars } from './sessionBars.js';
