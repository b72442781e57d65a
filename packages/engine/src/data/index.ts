export type { BarReplay, BarReplayOptions, MarketDataSink, ReplayFeed } from './barReplaySource.js';
export { barReplaySource } from './barReplaySource.js';
export type { ScidTailRun, ScidTailSink, ScidTailSourceOptions } from './scidTailSource.js';
export { scidTailSource } from './scidTailSource.js';
