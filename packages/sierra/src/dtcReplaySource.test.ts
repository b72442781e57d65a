import { readFileSync } from 'node:fs';
import { type Bar, US_PER_MINUTE } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { dtcCsvBarSource, parseDtcBarCsv } from './dtcCsvBarSource.js';
import { type DtcReplayEvent, dtcBarSource, dtcBarToEvents, dtcMemorySource } from './dtcReplaySource.js';

const CSV_URL = new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const TEXT = readFileSync(CSV_URL, 'utf8');
const HEADER = 'time_utc_bar_start,contract_yyyymm,open,high,low,close,volume\n';

async function collect(it: AsyncIterable<DtcReplayEvent>): Promise<DtcReplayEvent[]> {
  const out: DtcReplayEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('dtcBarToEvents', () => {
  it('visits O→L→H→C for an up bar with evenly spaced prints and the volume split exactly', () => {
    const ev = dtcBarToEvents({ time: 0, open: 10, high: 12, low: 9, close: 11, volume: 10 }, undefined);
    const trades = ev.filter((e) => e.kind === 'trade');
    expect(trades.map((t) => [t.time, t.price, t.size, t.aggressor])).toEqual([
      [0, 10, 3, 'BUY'],
      [15_000_000, 9, 3, 'SELL'],
      [30_000_000, 12, 2, 'BUY'],
      [45_000_000, 11, 2, 'SELL'],
    ]);
    const quotes = ev.filter((e) => e.kind === 'quote');
    expect(quotes.map((q) => [q.bid, q.ask])).toEqual([
      [9.75, 10],
      [9, 9.25],
      [11.75, 12],
      [11, 11.25],
    ]);
  });

  it('visits O→H→L→C for a down bar and merges equal consecutive prices', () => {
    const down = dtcBarToEvents({ time: 0, open: 10, high: 10, low: 8, close: 9, volume: 3 }, 10.5);
    expect(down.filter((e) => e.kind === 'trade').map((t) => [t.price, t.size, t.aggressor])).toEqual([
      [10, 1, 'SELL'],
      [8, 1, 'SELL'],
      [9, 1, 'BUY'],
    ]);
    const flat = dtcBarToEvents({ time: 0, open: 5, high: 5, low: 5, close: 5, volume: 7 }, undefined);
    expect(flat.filter((e) => e.kind === 'trade').map((t) => t.size)).toEqual([7]);
  });

  it('re-aggregates to the original bar for every ES201312 bar of the real data', () => {
    const bars = parseDtcBarCsv(TEXT, { contract: 'ES201312' });
    expect(bars.length).toBe(16673);
    let prev: number | undefined;
    const mismatches: string[] = [];
    for (const bar of bars) {
      const trades = dtcBarToEvents(bar, prev).filter((e) => e.kind === 'trade');
      let high = -Infinity;
      let low = Infinity;
      let volume = 0;
      for (const t of trades) {
        high = Math.max(high, t.price);
        low = Math.min(low, t.price);
        volume += t.size;
        if (t.time < bar.time || t.time >= bar.time + US_PER_MINUTE)
          mismatches.push(`${bar.time}: print outside the bar`);
      }
      const open = trades[0]?.price;
      const close = trades[trades.length - 1]?.price;
      if (
        open !== bar.open ||
        high !== bar.high ||
        low !== bar.low ||
        close !== bar.close ||
        volume !== bar.volume
      ) {
        mismatches.push(
          `${bar.time}: ${JSON.stringify({ open, high, low, close, volume })} vs ${JSON.stringify(bar)}`,
        );
      }
      prev = bar.close;
    }
    expect(mismatches).toEqual([]);
  });
});

describe('replay sources', () => {
  it('dtcMemorySource starts at the first event at or after `from` and checks time order', async () => {
    const ev: DtcReplayEvent[] = [1, 2, 2, 5].map((t) => ({ kind: 'trade', time: t, price: t, size: 1 }));
    const src = dtcMemorySource(ev);
    expect((await collect(src.events(2))).map((e) => e.time)).toEqual([2, 2, 5]);
    expect((await collect(src.events())).length).toBe(4);
    expect(() => dtcMemorySource([ev[3] as DtcReplayEvent, ev[0] as DtcReplayEvent])).toThrow(/time order/);
  });

  it('dtcBarSource resumes mid-bar at `from` and serves native bars by range', async () => {
    const bars: Bar[] = [0, 1, 2].map((i) => ({
      time: i * US_PER_MINUTE,
      open: 10 + i,
      high: 12 + i,
      low: 9 + i,
      close: 11 + i,
      volume: 4,
    }));
    const src = dtcBarSource(bars);
    const from = US_PER_MINUTE + 20_000_000;
    const ev = await collect(src.events(from));
    expect(ev[0]?.time).toBe(US_PER_MINUTE + 30_000_000);
    expect(ev.every((e) => e.time >= from)).toBe(true);
    const served: Bar[] = [];
    for await (const b of src.bars?.(US_PER_MINUTE, 2 * US_PER_MINUTE) ?? []) served.push(b);
    expect(served).toEqual([bars[1]]);
  });

  it('dtcCsvBarSource reads the bundled CSV for one contract', async () => {
    const src = await dtcCsvBarSource(CSV_URL, { contract: 'ES201403' });
    expect(src.description).toContain('5116 bars');
    expect(src.barIntervalUs).toBe(US_PER_MINUTE);
    await expect(dtcCsvBarSource(new URL('./nope.csv', CSV_URL))).rejects.toMatchObject({
      code: 'DTC_REPLAY_CSV_UNREADABLE',
    });
  });
});

describe('parseDtcBarCsv errors name the line', () => {
  const cases: [string, RegExp][] = [
    ['a,b,c\n', /header must be/],
    [`${HEADER}2013-10-06T22:00:00Z,ES201312,1,2,0.5\n`, /:2: expected 7 columns/],
    [`${HEADER}yesterday,ES201312,1,2,0.5,1,3\n`, /:2: time "yesterday"/],
    [`${HEADER}2013-10-06T22:00:00Z,ES201312,1,x,0.5,1,3\n`, /:2: non-numeric/],
    [`${HEADER}2013-10-06T22:00:00Z,ES201312,1,0.9,0.5,1,3\n`, /:2: inconsistent OHLC/],
    [
      `${HEADER}2013-10-06T22:01:00Z,ES201312,1,2,0.5,1,3\n2013-10-06T22:00:00Z,ES201312,1,2,0.5,1,3\n`,
      /:3: bar time .* not after/,
    ],
    [
      `${HEADER}2013-10-06T22:00:00Z,ES201312,1,2,0.5,1,3\n2013-10-06T22:01:00Z,ES201403,1,2,0.5,1,3\n`,
      /:3: several contracts/,
    ],
  ];
  for (const [text, re] of cases) {
    it(`rejects ${re.source}`, () => {
      expect(() => parseDtcBarCsv(text, { file: 'f.csv' })).toThrow(re);
    });
  }
});
