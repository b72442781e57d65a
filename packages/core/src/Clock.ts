import { MinhosError } from './MinhosError.js';
import { type TimestampUs, US_PER_MS } from './time.js';

/**
 * The only source of time in MinhOS. Domain code receives a `Clock` and never calls `Date.now()`,
 * so the same code runs live (a {@link LiveClock}) and in backtests (a {@link SimulatedClock}).
 */
export interface Clock {
  /** Current time in µs since the Unix epoch (UTC). */
  now(): TimestampUs;
}

/**
 * Wall-clock time. Microsecond resolution comes from `performance.now()` anchored to `Date.now()`
 * at construction, and readings never go backwards.
 *
 * @example
 * ```ts
 * import { LiveClock } from '@minhos/core';
 * const t = new LiveClock().now(); // µs since epoch
 * ```
 */
export class LiveClock implements Clock {
  readonly #originUs: number;
  readonly #perfOriginMs: number;
  #last = 0;

  constructor() {
    this.#originUs = Date.now() * US_PER_MS;
    this.#perfOriginMs = performance.now();
  }

  now(): TimestampUs {
    const t = Math.floor(this.#originUs + (performance.now() - this.#perfOriginMs) * US_PER_MS);
    this.#last = Math.max(t, this.#last);
    return this.#last;
  }
}

interface Timer {
  readonly at: TimestampUs;
  readonly seq: number;
  readonly callback: (now: TimestampUs) => void;
}

/**
 * A manually driven clock for backtests and tests. Time only moves forward, through
 * {@link SimulatedClock.advanceTo}; timers scheduled with {@link SimulatedClock.schedule} fire in time
 * order (ties in scheduling order) as time passes them, each seeing `now()` equal to its due time.
 *
 * @example
 * ```ts
 * import { SimulatedClock } from '@minhos/core';
 * const clock = new SimulatedClock(0);
 * const fired: number[] = [];
 * clock.schedule(5, (t) => fired.push(t));
 * clock.advanceTo(10); // fired = [5], clock.now() = 10
 * ```
 */
export class SimulatedClock implements Clock {
  #now: TimestampUs;
  #seq = 0;
  #timers: Timer[] = [];

  constructor(start: TimestampUs = 0) {
    if (!Number.isFinite(start))
      throw new MinhosError('CLOCK_INVALID_TIME', `clock start must be finite, got ${start}`);
    this.#now = start;
  }

  now(): TimestampUs {
    return this.#now;
  }

  /**
   * Moves time forward to `t`, firing due timers in order.
   * @throws {@link MinhosError} `CLOCK_BACKWARDS` when `t` is earlier than `now()`.
   */
  advanceTo(t: TimestampUs): void {
    if (!(t >= this.#now)) {
      throw new MinhosError(
        'CLOCK_BACKWARDS',
        `simulated clock cannot move backwards from ${this.#now} to ${t}`,
        {
          details: { now: this.#now, requested: t },
        },
      );
    }
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.at > t) break;
      this.#timers.shift();
      this.#now = next.at;
      next.callback(next.at);
    }
    this.#now = t;
  }

  /** Advances by `deltaUs` microseconds. */
  advanceBy(deltaUs: number): void {
    this.advanceTo(this.#now + deltaUs);
  }

  /** Schedules `callback` at time `at` (fired immediately on the next advance if already past). Returns a cancel function. */
  schedule(at: TimestampUs, callback: (now: TimestampUs) => void): () => void {
    const timer: Timer = { at: Math.max(at, this.#now), seq: this.#seq++, callback };
    let i = this.#timers.length;
    while (i > 0) {
      const prev = this.#timers[i - 1] as Timer;
      if (prev.at <= timer.at) break;
      i--;
    }
    this.#timers.splice(i, 0, timer);
    return () => {
      const idx = this.#timers.indexOf(timer);
      if (idx >= 0) this.#timers.splice(idx, 1);
    };
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }
}
