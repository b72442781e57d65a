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

/** Cancels a timer; returns whether it was still pending (false once fired or already cancelled). */
export type CancelTimer = () => boolean;

/**
 * A clock with timers: the one API timeouts, approval windows and intervals use, so they run the
 * same code live ({@link LiveClock}) and in backtests ({@link SimulatedClock}). Times in µs.
 */
export interface TimerClock extends Clock {
  /** Runs `callback(now)` once at time `at` (as soon as possible if `at` has passed). */
  scheduleAt(at: TimestampUs, callback: (now: TimestampUs) => void): CancelTimer;
  /** Runs `callback(now)` once, `delayUs` microseconds from now. */
  scheduleAfter(delayUs: number, callback: (now: TimestampUs) => void): CancelTimer;
  /** Runs `callback(now)` every `intervalUs` microseconds (first after one interval) until cancelled. */
  scheduleEvery(intervalUs: number, callback: (now: TimestampUs) => void): CancelTimer;
  /** Number of timers not yet fired or cancelled. */
  readonly pendingTimers: number;
}

function checkDelay(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new MinhosError(
      'CLOCK_INVALID_TIME',
      `timer ${name} must be a finite number of µs ≥ 0, got ${value}`,
    );
  }
}

/** Builds `scheduleEvery` from `scheduleAt`, so both clocks share one interval implementation. */
function every(clock: TimerClock, intervalUs: number, callback: (now: TimestampUs) => void): CancelTimer {
  if (!(Number.isFinite(intervalUs) && intervalUs > 0)) {
    throw new MinhosError(
      'CLOCK_INVALID_TIME',
      `timer interval must be a finite number of µs > 0, got ${intervalUs}`,
    );
  }
  let active = true;
  let cancel: CancelTimer = () => false;
  const arm = (at: TimestampUs): void => {
    cancel = clock.scheduleAt(at, (now) => {
      if (!active) return;
      arm(at + intervalUs);
      callback(now);
    });
  };
  arm(clock.now() + intervalUs);
  return () => {
    if (!active) return false;
    active = false;
    return cancel();
  };
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
export class LiveClock implements TimerClock {
  readonly #originUs: number;
  readonly #perfOriginMs: number;
  #last = 0;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor() {
    this.#originUs = Date.now() * US_PER_MS;
    this.#perfOriginMs = performance.now();
  }

  now(): TimestampUs {
    const t = Math.floor(this.#originUs + (performance.now() - this.#perfOriginMs) * US_PER_MS);
    this.#last = Math.max(t, this.#last);
    return this.#last;
  }

  /**
   * Runs `callback` at `at` on the event loop (a Node timer; it keeps the process alive). Long
   * waits are re-armed in steps so a far-away time does not overflow the timer's 32-bit range.
   */
  scheduleAt(at: TimestampUs, callback: (now: TimestampUs) => void): CancelTimer {
    if (!Number.isFinite(at))
      throw new MinhosError('CLOCK_INVALID_TIME', `timer time must be finite, got ${at}`);
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = (): void => {
      const waitMs = Math.min(Math.max(0, (at - this.now()) / US_PER_MS), 2 ** 31 - 1);
      handle = setTimeout(() => {
        this.#timers.delete(handle as ReturnType<typeof setTimeout>);
        const now = this.now();
        if (now < at) arm();
        else callback(now);
      }, Math.ceil(waitMs));
      this.#timers.add(handle);
    };
    arm();
    return () => {
      if (handle === undefined || !this.#timers.has(handle)) return false;
      clearTimeout(handle);
      this.#timers.delete(handle);
      return true;
    };
  }

  scheduleAfter(delayUs: number, callback: (now: TimestampUs) => void): CancelTimer {
    checkDelay('delay', delayUs);
    return this.scheduleAt(this.now() + delayUs, callback);
  }

  scheduleEvery(intervalUs: number, callback: (now: TimestampUs) => void): CancelTimer {
    return every(this, intervalUs, callback);
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }
}

interface Timer {
  readonly at: TimestampUs;
  readonly seq: number;
  readonly callback: (now: TimestampUs) => void;
}

/**
 * A manually driven clock for backtests and tests. Time only moves forward, through
 * {@link SimulatedClock.advanceTo}; timers fire in time order (ties in scheduling order) as time
 * passes them, each seeing `now()` equal to its due time; a timer scheduled by a timer callback
 * fires in the same advance when it is due by then.
 *
 * @example
 * ```ts
 * import { SimulatedClock } from '@minhos/core';
 * const clock = new SimulatedClock(0);
 * const fired: number[] = [];
 * clock.scheduleAt(5, (t) => fired.push(t));
 * clock.advanceTo(10); // fired = [5], clock.now() = 10
 * ```
 */
export class SimulatedClock implements TimerClock {
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

  /** Schedules `callback` at time `at` (fired on the next advance if already past). */
  scheduleAt(at: TimestampUs, callback: (now: TimestampUs) => void): CancelTimer {
    if (!Number.isFinite(at))
      throw new MinhosError('CLOCK_INVALID_TIME', `timer time must be finite, got ${at}`);
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
      if (idx < 0) return false;
      this.#timers.splice(idx, 1);
      return true;
    };
  }

  scheduleAfter(delayUs: number, callback: (now: TimestampUs) => void): CancelTimer {
    checkDelay('delay', delayUs);
    return this.scheduleAt(this.#now + delayUs, callback);
  }

  scheduleEvery(intervalUs: number, callback: (now: TimestampUs) => void): CancelTimer {
    return every(this, intervalUs, callback);
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.#timers.length;
  }
}
