import type { TimerClock } from '@minhos/core';
import type { FuturesSpec } from '@minhos/symbols';
import {
  type FrontMonthInstrument,
  type FrontMonthOptions,
  frontMonthInstrument,
} from './frontMonthInstrument.js';

/** A running per-contract source (`scidTailSource`, `dtcMarketDataSource`, …) as {@link rollingSource} sees it. */
export interface ContractRun {
  stop(): void;
}

/** Options of {@link rollingSource}. */
export interface RollingSourceOptions extends FrontMonthOptions {
  /** The root's contract spec from `@minhos/symbols` (e.g. `ES`). */
  readonly spec: FuturesSpec;
  /** The engine's clock: the front month is resolved at its time and the switch runs on its timers. */
  readonly clock: TimerClock;
  /** Starts the source of one contract (called for the front month, then at every roll). */
  readonly start: (contract: FrontMonthInstrument) => ContractRun;
  /** Called after each switch, with the contract left and the one now followed. */
  readonly onRoll?: (from: FrontMonthInstrument, to: FrontMonthInstrument) => void;
}

/** A running {@link rollingSource}. */
export interface RollingRun {
  /** The contract followed now. */
  readonly current: FrontMonthInstrument;
  /** Stops the contract's source and the roll timer. */
  stop(): void;
}

/**
 * A market data source for a futures root (ES) rather than a contract: it resolves the front month
 * at the clock's time with `@minhos/symbols`, starts `start(contract)` for it, and at the roll
 * instant stops that source and starts the next contract's — repeatedly, so a roll never needs a
 * code change or a restart. Each contract's `spec` carries its `rollAt` for the order manager.
 *
 * @example
 * ```ts
 * import { LiveClock } from '@minhos/core';
 * import { ES } from '@minhos/symbols';
 * import { rollingSource, scidTailSource } from '@minhos/engine';
 * const run = rollingSource({
 *   spec: ES,
 *   clock: new LiveClock(),
 *   start: (c) =>
 *     scidTailSource(
 *       { file: `C:/SierraChart/Data/${c.symbol}-${c.exchange}.scid`, instrumentId: c.instrumentId },
 *       { onTrade: () => {}, onBar: (id, _tf, bar) => console.log(id, bar.close) },
 *     ),
 * });
 * run.stop();
 * ```
 */
export function rollingSource(options: RollingSourceOptions): RollingRun {
  const { spec, clock, start, onRoll, ...fm } = options;
  let current = frontMonthInstrument(spec, clock.now(), fm);
  let run = start(current);
  let stopped = false;
  let cancel: (() => boolean) | undefined;
  const arm = (): void => {
    cancel = clock.scheduleAt(current.rollAt, (now) => {
      if (stopped) return;
      run.stop();
      const from = current;
      // Resolve at the later of the timer's time and the roll (a late timer must still move on).
      current = frontMonthInstrument(spec, Math.max(now, from.rollAt), fm);
      run = start(current);
      onRoll?.(from, current);
      arm();
    });
  };
  arm();
  return {
    get current() {
      return current;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      cancel?.();
      run.stop();
    },
  };
}
