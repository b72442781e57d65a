export type { BarReplay, BarReplayOptions, MarketDataSink, ReplayFeed } from './barReplaySource.js';
export { barReplaySource } from './barReplaySource.js';
