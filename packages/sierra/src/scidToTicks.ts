import type { Side, Tick } from '@minhos/core';
import type { ScidRecords } from './ScidRecords.js';
import { SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE, SCID_SINGLE_TRADE } from './scidFormat.js';

/** {@link ScidTicks.kind} value: a whole trade (Open = 0), or a middle sub-trade of an unbundled trade. */
export const SCID_KIND_TRADE = 0;
/** {@link ScidTicks.kind} value: first sub-trade of an unbundled trade. */
export const SCID_KIND_FIRST_SUB_TRADE = 1;
/** {@link ScidTicks.kind} value: last sub-trade of an unbundled trade. */
export const SCID_KIND_LAST_SUB_TRADE = 2;
/** {@link ScidTicks.kind} value: not a tick record (Open holds a price: a bar record). */
export const SCID_KIND_BAR = 3;

/**
 * Classifies one record by its `Open` field: {@link SCID_KIND_TRADE} (0),
 * {@link SCID_KIND_FIRST_SUB_TRADE}, {@link SCID_KIND_LAST_SUB_TRADE} or {@link SCID_KIND_BAR}.
 *
 * A bar record whose open price is exactly 0 (possible for spreads) is indistinguishable from a tick
 * record; that is Sierra's format, not a choice here.
 *
 * @example
 * ```ts
 * import { SCID_FIRST_SUB_TRADE, scidRecordKind } from '@minhos/sierra';
 * scidRecordKind(SCID_FIRST_SUB_TRADE); // 1
 * scidRecordKind(4500.25); // 3
 * ```
 */
export function scidRecordKind(open: number): number {
  if (open === SCID_SINGLE_TRADE) return SCID_KIND_TRADE;
  if (open === SCID_FIRST_SUB_TRADE) return SCID_KIND_FIRST_SUB_TRADE;
  if (open === SCID_LAST_SUB_TRADE) return SCID_KIND_LAST_SUB_TRADE;
  return SCID_KIND_BAR;
}

/**
 * Tick data in columnar form, decoded from `.scid` tick records: the trade view is
 * `time`/`price`/`size`, the quote views are `time`/`bid` and `time`/`ask` (the best bid/ask
 * Sierra stored with each trade). Prices in instrument points; sizes in contracts.
 *
 * Data is not "fixed": a trade may print outside [bid, ask], and Sierra's +1 µs bumps of
 * same-millisecond trades are kept as they are in the file.
 */
export interface ScidTicks {
  /** µs since the Unix epoch, UTC. */
  readonly time: Float64Array;
  /** Trade price (`Close`). */
  readonly price: Float64Array;
  /** Contracts traded (`TotalVolume`). */
  readonly size: Float64Array;
  /** Best bid at the trade (`Low`). For bar records: the bar's low. */
  readonly bid: Float64Array;
  /** Best ask at the trade (`High`). For bar records: the bar's high. */
  readonly ask: Float64Array;
  /** Volume that traded at the bid (sell aggressor). */
  readonly bidVolume: Uint32Array;
  /** Volume that traded at the ask (buy aggressor). */
  readonly askVolume: Uint32Array;
  /** Record kind from `Open`: see {@link scidRecordKind}. */
  readonly kind: Uint8Array;
}

/**
 * Converts `.scid` tick records to columnar {@link ScidTicks} (float32 prices widen exactly to
 * float64).
 *
 * @example
 * ```ts
 * import { readScid, scidToTicks } from '@minhos/sierra';
 * const ticks = scidToTicks(await readScid('ESZ25-CME.scid'));
 * const spread = ticks.ask[0]! - ticks.bid[0]!;
 * ```
 */
export function scidToTicks(records: ScidRecords): ScidTicks {
  const n = records.time.length;
  const kind = new Uint8Array(n);
  const open = records.open;
  for (let i = 0; i < n; i++) kind[i] = scidRecordKind(open[i] as number);
  return {
    time: records.time.slice(),
    price: new Float64Array(records.close),
    size: new Float64Array(records.totalVolume),
    bid: new Float64Array(records.low),
    ask: new Float64Array(records.high),
    bidVolume: records.bidVolume.slice(),
    askVolume: records.askVolume.slice(),
    kind,
  };
}

/**
 * Converts `.scid` tick records to `@minhos/core` {@link Tick} objects (one allocation per tick:
 * for small slices). `aggressor` is `'BUY'` when all volume traded at the ask, `'SELL'` when all
 * at the bid, absent otherwise.
 *
 * @example
 * ```ts
 * import { readScid, scidToTickArray } from '@minhos/sierra';
 * const last = scidToTickArray(await readScid('ESZ25-CME.scid', { from: 1_700_000_000_000_000 })).at(-1);
 * ```
 */
export function scidToTickArray(records: ScidRecords): Tick[] {
  const n = records.time.length;
  const out: Tick[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const bidV = records.bidVolume[i] as number;
    const askV = records.askVolume[i] as number;
    const aggressor: Side | undefined =
      askV > 0 && bidV === 0 ? 'BUY' : bidV > 0 && askV === 0 ? 'SELL' : undefined;
    const base = {
      time: records.time[i] as number,
      price: records.close[i] as number,
      size: records.totalVolume[i] as number,
    };
    out[i] = aggressor === undefined ? base : { ...base, aggressor };
  }
  return out;
}
