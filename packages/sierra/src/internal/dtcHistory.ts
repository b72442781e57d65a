import type { Bar, TimestampUs } from '@minhos/core';
import type { DtcReplayEvent, DtcReplaySource } from '../dtcReplaySource.js';

/** A historical bar with the trade statistics the DTC record can carry. */
export interface HistoryBar extends Bar {
  readonly numTrades: number;
  readonly bidVolume: number;
  readonly askVolume: number;
}

/** Bucket start of `t` for an interval, aligned to the Unix epoch (days start 00:00 UTC). */
export function bucketStart(t: TimestampUs, intervalUs: number): TimestampUs {
  return Math.floor(t / intervalUs) * intervalUs;
}

/**
 * Bars of `intervalUs` over `[from, to)` (bar start times) that are complete at `asOf`
 * (`start + interval ≤ asOf`), built from the source's native bars when the interval is a whole
 * multiple of theirs, otherwise from its trade prints.
 */
export async function historicalBars(
  source: DtcReplaySource,
  intervalUs: number,
  from: TimestampUs,
  to: TimestampUs,
  asOf: TimestampUs,
): Promise<HistoryBar[]> {
  const native = source.barIntervalUs;
  const out: HistoryBar[] = [];
  let cur:
    | {
        time: number;
        open: number;
        high: number;
        low: number;
        close: number;
        volume: number;
        numTrades: number;
        bidVolume: number;
        askVolume: number;
      }
    | undefined;
  const flush = () => {
    if (cur !== undefined && cur.time + intervalUs <= asOf && cur.time >= from && cur.time < to)
      out.push(cur);
    cur = undefined;
  };
  const add = (
    time: number,
    o: number,
    h: number,
    l: number,
    c: number,
    v: number,
    trades: number,
    bidV: number,
    askV: number,
  ) => {
    const start = bucketStart(time, intervalUs);
    if (cur !== undefined && cur.time !== start) flush();
    if (cur === undefined) {
      cur = {
        time: start,
        open: o,
        high: h,
        low: l,
        close: c,
        volume: v,
        numTrades: trades,
        bidVolume: bidV,
        askVolume: askV,
      };
    } else {
      if (h > cur.high) cur.high = h;
      if (l < cur.low) cur.low = l;
      cur.close = c;
      cur.volume += v;
      cur.numTrades += trades;
      cur.bidVolume += bidV;
      cur.askVolume += askV;
    }
  };
  const startAt = Number.isFinite(from) ? bucketStart(from, intervalUs) : from;
  const stopAt = Math.min(to, asOf);
  if (source.bars !== undefined && native !== undefined && intervalUs % native === 0) {
    for await (const b of source.bars(startAt, stopAt))
      add(b.time, b.open, b.high, b.low, b.close, b.volume, 0, 0, 0);
  } else {
    for await (const e of source.events(Number.isFinite(startAt) ? startAt : undefined)) {
      if (e.time >= stopAt) break;
      if (e.kind !== 'trade') continue;
      add(
        e.time,
        e.price,
        e.price,
        e.price,
        e.price,
        e.size,
        1,
        e.aggressor === 'SELL' ? e.size : 0,
        e.aggressor === 'BUY' ? e.size : 0,
      );
    }
  }
  flush();
  return out;
}

/** Trade prints over `[from, min(to, asOf))`. */
export async function historicalTicks(
  source: DtcReplaySource,
  from: TimestampUs,
  to: TimestampUs,
  asOf: TimestampUs,
): Promise<Extract<DtcReplayEvent, { kind: 'trade' }>[]> {
  const out: Extract<DtcReplayEvent, { kind: 'trade' }>[] = [];
  const stopAt = Math.min(to, asOf);
  for await (const e of source.events(Number.isFinite(from) ? from : undefined)) {
    if (e.time >= stopAt) break;
    if (e.kind === 'trade') out.push(e);
  }
  return out;
}
