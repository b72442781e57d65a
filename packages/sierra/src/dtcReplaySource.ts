import { type Bar, MinhosError, type Side, type TimestampUs, US_PER_MINUTE } from '@minhos/core';

/** One replayed market event: a trade print or a top-of-book change. Times in µs since epoch (UTC). */
export type DtcReplayEvent =
  | {
      readonly kind: 'trade';
      readonly time: TimestampUs;
      /** Price in the instrument's quote units (index points for ES). */
      readonly price: number;
      /** Contracts. */
      readonly size: number;
      /** BUY = printed at the ask (buyer-initiated), SELL = at the bid. */
      readonly aggressor?: Side;
    }
  | {
      readonly kind: 'quote';
      readonly time: TimestampUs;
      readonly bid: number;
      readonly ask: number;
      readonly bidSize: number;
      readonly askSize: number;
    };

/**
 * What the {@link DtcSimulator} replays for one instrument: a time-ordered stream of trades/quotes,
 * and optionally native bars (used to answer historical requests exactly).
 *
 * Implement it to replay anything (a database, a `.scid` file, a recorded session). `events(from)` is
 * called once per replay pass and must yield events with `time ≥ from` in non-decreasing time order.
 *
 * @example
 * ```ts
 * import { dtcMemorySource } from '@minhos/sierra';
 * const source = dtcMemorySource([{ kind: 'trade', time: 1_700_000_000_000_000, price: 4500, size: 1 }]);
 * ```
 */
export interface DtcReplaySource {
  /** For logs, e.g. `"es_1min_trade_lean.csv ES201312"`. */
  readonly description: string;
  /** Events with `time ≥ from`, in time order. */
  events(from?: TimestampUs): AsyncIterable<DtcReplayEvent>;
  /** Duration of the native bars in µs, when {@link DtcReplaySource.bars} exists. */
  readonly barIntervalUs?: number;
  /** Native bars with `from ≤ time < to` (bar start times), in time order. */
  bars?(from: TimestampUs, to: TimestampUs): AsyncIterable<Bar>;
}

function lowerBoundByTime<E extends { readonly time: number }>(items: readonly E[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as E).time < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function assertSorted(items: readonly { readonly time: number }[], what: string): void {
  for (let i = 0; i < items.length; i++) {
    const t = (items[i] as { time: number }).time;
    if (!Number.isFinite(t)) {
      throw new MinhosError(
        'DTC_REPLAY_INVALID',
        `${what}[${i}].time must be a finite µs timestamp, got ${t}`,
        {
          details: { index: i, time: t },
        },
      );
    }
    if (i > 0 && t < (items[i - 1] as { time: number }).time) {
      throw new MinhosError(
        'DTC_REPLAY_INVALID',
        `${what} must be in time order: [${i}].time ${t} < [${i - 1}].time ${(items[i - 1] as { time: number }).time}`,
        { details: { index: i } },
      );
    }
  }
}

/**
 * A replay source over events held in memory (tests, recorded sessions).
 *
 * @throws {@link @minhos/core!MinhosError} `DTC_REPLAY_INVALID` when events are not in time order.
 * @example
 * ```ts
 * import { dtcMemorySource } from '@minhos/sierra';
 * const src = dtcMemorySource([
 *   { kind: 'quote', time: 0, bid: 99.75, ask: 100, bidSize: 5, askSize: 3 },
 *   { kind: 'trade', time: 1_000_000, price: 100, size: 2, aggressor: 'BUY' },
 * ]);
 * ```
 */
export function dtcMemorySource(events: readonly DtcReplayEvent[], description = 'memory'): DtcReplaySource {
  assertSorted(events, 'events');
  const frozen = events.slice();
  return {
    description,
    async *events(from?: TimestampUs) {
      for (let i = from === undefined ? 0 : lowerBoundByTime(frozen, from); i < frozen.length; i++) {
        yield frozen[i] as DtcReplayEvent;
      }
    },
  };
}

/** How bars become a replayed trade/quote sequence (see {@link dtcBarToEvents}). */
export interface DtcBarReplayOptions {
  /** Bar duration in µs (default 1 minute). */
  readonly barIntervalUs?: number;
  /** Minimum price increment for the synthetic quotes (default 0.25, the ES tick). */
  readonly tickSize?: number;
  /** Size shown on each side of the synthetic quotes, in contracts (default 1). */
  readonly quoteSize?: number;
}

/**
 * Turns one bar into a small, deterministic sequence of quotes and trades whose aggregate is the
 * bar again (same open, high, low, close and total volume):
 *
 * - price path `O → L → H → C` for an up bar (`C ≥ O`) and `O → H → L → C` for a down bar, with
 *   consecutive equal prices merged (a flat bar is one print);
 * - the `n` prints are evenly spaced from the bar start: print `k` at `time + floor(k × interval / n)`;
 * - the volume is split evenly, the remainder going one contract each to the first prints (a bar
 *   with fewer contracts than prints gets zero-size prints so the high and low are still visited);
 * - a print above the previous price (or the previous bar's close, for the first) is a BUY at the
 *   ask, one below is a SELL at the bid, an unchanged one keeps the side of the previous print of
 *   the bar (BUY for a first print unchanged from the previous close); each print is
 *   preceded, at the same time, by a one-tick-wide quote that it trades against (`bid = price − tick`
 *   for a BUY, `ask = price + tick` for a SELL).
 *
 * @example
 * ```ts
 * import { dtcBarToEvents } from '@minhos/sierra';
 * const ev = dtcBarToEvents({ time: 0, open: 10, high: 12, low: 9, close: 11, volume: 10 }, undefined);
 * ev.filter((e) => e.kind === 'trade').map((e) => e.price); // [10, 9, 12, 11], sizes [3, 3, 2, 2]
 * ```
 */
export function dtcBarToEvents(
  bar: Bar,
  previousClose: number | undefined,
  options: DtcBarReplayOptions = {},
): DtcReplayEvent[] {
  const interval = options.barIntervalUs ?? US_PER_MINUTE;
  const tick = options.tickSize ?? 0.25;
  const quoteSize = options.quoteSize ?? 1;
  const raw =
    bar.close >= bar.open
      ? [bar.open, bar.low, bar.high, bar.close]
      : [bar.open, bar.high, bar.low, bar.close];
  const path: number[] = [];
  for (const p of raw) if (path.length === 0 || path[path.length - 1] !== p) path.push(p);
  const n = path.length;
  const integral = Number.isInteger(bar.volume);
  const base = integral ? Math.floor(bar.volume / n) : bar.volume / n;
  const remainder = integral ? bar.volume - base * n : 0;
  const out: DtcReplayEvent[] = [];
  let prev = previousClose;
  let side: Side = 'BUY';
  for (let k = 0; k < n; k++) {
    const price = path[k] as number;
    if (prev !== undefined && price > prev) side = 'BUY';
    else if (prev !== undefined && price < prev) side = 'SELL';
    const time = bar.time + Math.floor((k * interval) / n);
    const size = base + (k < remainder ? 1 : 0);
    out.push(
      side === 'BUY'
        ? { kind: 'quote', time, bid: price - tick, ask: price, bidSize: quoteSize, askSize: quoteSize }
        : { kind: 'quote', time, bid: price, ask: price + tick, bidSize: quoteSize, askSize: quoteSize },
    );
    out.push({ kind: 'trade', time, price, size, aggressor: side });
    prev = price;
  }
  return out;
}

/**
 * A replay source over bars in memory: replays each bar as {@link dtcBarToEvents} describes and
 * serves the bars themselves for historical requests.
 *
 * @throws {@link @minhos/core!MinhosError} `DTC_REPLAY_INVALID` when bars are not in time order.
 * @example
 * ```ts
 * import { dtcBarSource } from '@minhos/sierra';
 * const src = dtcBarSource([{ time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 7 }]);
 * ```
 */
export function dtcBarSource(
  bars: Iterable<Bar>,
  options: DtcBarReplayOptions & { readonly description?: string } = {},
): DtcReplaySource {
  const list = Array.from(bars, (b) => ({ ...b }));
  assertSorted(list, 'bars');
  const interval = options.barIntervalUs ?? US_PER_MINUTE;
  return {
    description: options.description ?? `${list.length} bars`,
    barIntervalUs: interval,
    async *events(from?: TimestampUs) {
      // Start at the bar containing `from`, then skip its prints before `from`.
      let i = from === undefined ? 0 : Math.max(0, lowerBoundByTime(list, from - interval + 1));
      let prevClose = i > 0 ? (list[i - 1] as Bar).close : undefined;
      for (; i < list.length; i++) {
        const bar = list[i] as Bar;
        for (const e of dtcBarToEvents(bar, prevClose, options)) {
          if (from === undefined || e.time >= from) yield e;
        }
        prevClose = bar.close;
      }
    },
    async *bars(from: TimestampUs, to: TimestampUs) {
      for (let i = lowerBoundByTime(list, from); i < list.length; i++) {
        const bar = list[i] as Bar;
        if (bar.time >= to) break;
        yield bar;
      }
    },
  };
}
