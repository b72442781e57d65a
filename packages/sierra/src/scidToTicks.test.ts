import { describe, expect, it } from 'vitest';
import { scidRecordsFromRows } from './ScidRecords.js';
import { SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE } from './scidFormat.js';
import { scidToBarSeries } from './scidToBarSeries.js';
import {
  SCID_KIND_BAR,
  SCID_KIND_FIRST_SUB_TRADE,
  SCID_KIND_LAST_SUB_TRADE,
  SCID_KIND_TRADE,
  scidToTicks,
} from './scidToTicks.js';

const base = { numTrades: 1, bidVolume: 0, askVolume: 0 };
const records = scidRecordsFromRows([
  { ...base, time: 1, open: 0, high: 10.25, low: 10, close: 10.25, totalVolume: 3, askVolume: 3 },
  {
    ...base,
    time: 2,
    open: SCID_FIRST_SUB_TRADE,
    high: 10.25,
    low: 10,
    close: 10,
    totalVolume: 1,
    bidVolume: 1,
  },
  {
    ...base,
    time: 3,
    open: SCID_LAST_SUB_TRADE,
    high: 10.25,
    low: 10,
    close: 10,
    totalVolume: 2,
    bidVolume: 2,
  },
  { ...base, time: 4, open: 0, high: 10.25, low: 10, close: 10.5, totalVolume: 1, askVolume: 1 },
  { ...base, time: 60, open: 10.5, high: 11, low: 10.25, close: 10.75, totalVolume: 40 },
]);

describe('scidToTicks', () => {
  it('exposes trade, bid and ask views and classifies records by Open', () => {
    const t = scidToTicks(records);
    expect(Array.from(t.price)).toEqual([10.25, 10, 10, 10.5, 10.75]);
    expect(Array.from(t.bid)).toEqual([10, 10, 10, 10, 10.25]);
    expect(Array.from(t.ask)).toEqual([10.25, 10.25, 10.25, 10.25, 11]);
    expect(Array.from(t.size)).toEqual([3, 1, 2, 1, 40]);
    expect(Array.from(t.kind)).toEqual([
      SCID_KIND_TRADE,
      SCID_KIND_FIRST_SUB_TRADE,
      SCID_KIND_LAST_SUB_TRADE,
      SCID_KIND_TRADE,
      SCID_KIND_BAR,
    ]);
    // The print above the ask (10.5 > 10.25) is kept.
    expect(t.price[3]).toBeGreaterThan(t.ask[3] as number);
  });
});

describe('scidToBarSeries', () => {
  it('maps bar records field for field and tick records to one-trade bars at the trade price', () => {
    const s = scidToBarSeries(records);
    expect(s.at(0)).toEqual({ time: 1, open: 10.25, high: 10.25, low: 10.25, close: 10.25, volume: 3 });
    expect(s.at(1)).toEqual({ time: 2, open: 10, high: 10, low: 10, close: 10, volume: 1 });
    expect(s.at(4)).toEqual({ time: 60, open: 10.5, high: 11, low: 10.25, close: 10.75, volume: 40 });
  });
});
