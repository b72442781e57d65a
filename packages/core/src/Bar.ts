import type { TimestampUs } from './time.js';

/**
 * One OHLCV bar. `time` is the bar's **start**, in µs since the Unix epoch (UTC); prices are in
 * the instrument's quote units (index points for ES), `volume` in contracts/shares.
 */
export interface Bar {
  readonly time: TimestampUs;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}
