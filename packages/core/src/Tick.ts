import type { Side } from './Side.js';
import type { TimestampUs } from './time.js';

/** One trade print. `aggressor` is the side that lifted/hit, when the source knows it. */
export interface Tick {
  readonly time: TimestampUs;
  readonly price: number;
  readonly size: number;
  readonly aggressor?: Side;
}

/** Top of book at `time`. Sizes are in contracts; a side with no quote has size 0 and price NaN. */
export interface Quote {
  readonly time: TimestampUs;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}
