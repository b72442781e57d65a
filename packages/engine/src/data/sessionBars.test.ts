import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bar, BarSeries, instrumentId, SimulatedClock } from '@minhos/core';
import {
  aggregateBars,
  aggregateDaily,
  CME_EQUITY_SESSION,
  dtcBarToEvents,
  encodeScidFile,
  parseDtcBarCsv,
  type ScidRecord,
  scidRecordsFromRows,
  sessionWindows,
  type TradingSession,
  tradingSessionOf,
} from '@minhos/sierra';
import { cmeHolidayCalendar, ES } from '@minhos/symbols';
import { describe, expect, it } from 'vitest';
import { until } from '../internal/until.js';
import { barReplaySource } from './barReplaySource.js';
import { scidTailSource } from './scidTailSource.js';
import { sessionBars } from './sessionBars.js';

// Real bundled data (QuantConnect Lean / AlgoSeek, see data/PROVENANCE.md): ESZ13 1-minute bars
// 2013-10-06..2013-12-20, which span the end of US daylight saving time on 2013-11-03.
const CSV = readFileSync(new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8');
const Z13 = parseDtcBarCsv(CSV, { contract: 'ES201312' });
const ID = instrumentId('ESZ13.CME');
const MIN = 60_000_000;
const us = (iso: string): number => Date.parse(iso) * 1000;
const SESSION = tradingSessionOf(ES, cmeHolidayCalendar());

function rows(s: BarSeries | readonly Bar[]): Bar[] {
  const out: Bar[] = [];
  for (let i = 0; i < s.length; i++) out.push(s.at(i) as Bar);
  return out;
}

/** The rows inside a session window: what the batch intraday aggregation is given. */
function inSession(bars: readonly Bar[], session: TradingSession): Bar[] {
  const first = bars[0]?.time ?? 0;
  const last = bars.at(-1)?.time ?? 0;
  const ws = sessionWindows(session, first, last + 1);
  return bars.filter((b) => ws.some((w) => b.time >= w.start && b.time < w.end));
}

function collect() {
  const out = new Map<string, Bar[]>();
  const order: Array<[string, number]> = [];
  return {
    out,
    order,
    sink: {
      onBar: (_id: string, tf: string, bar: Bar) => {
        const list = out.get(tf) ?? [];
        out.set(tf, list);
        list.push(bar);
        order.push([tf, bar.time]);
      },
    },
  };
}

describe('sessionBars on the bundled ESZ13 minutes', () => {
  it('builds 30-minute and daily bars equal, bar for bar, to sierra’s batch aggregation (across the DST change)', async () => {
    const minutes = rows(Z13);
    const c = collect();
    const sink = sessionBars(c.sink, { session: SESSION, timeframes: ['30m', '1d'] });
    const replay = barReplaySource(
      {
        feeds: [{ instrumentId: ID, timeframe: '1m', bars: Z13 }],
        speed: 'max',
        clock: new SimulatedClock(0),
      },
      sink,
    );
    await replay.done;
    sink.flush();
    const batch30 = rows(aggregateBars(BarSeries.fromBars(inSession(minutes, SESSION)), 30 * MIN));
    const batchDaily = aggregateDaily(BarSeries.fromBars(Z13), SESSION);
    expect(c.out.get('1m')).toHaveLength(minutes.length);
    expect(batch30.length).toBeGreaterThan(500);
    expect(c.out.get('30m')).toEqual(batch30);
    expect(c.out.get('1d')).toEqual(rows(batchDaily.bars));
    // 2013's 16:00–16:15 CT prints are outside today's session: left out on both sides.
    expect(sink.stats.outsideSession).toBeGreaterThan(0);
    expect(sink.stats.outsideSession).toBe(batchDaily.outsideSession);
    // The trade dates on both sides of the DST change open at 17:00 Chicago: 22:00Z then 23:00Z.
    const daily = c.out.get('1d') ?? [];
    const opens = daily.map((b) => new Date(b.time / 1000).toISOString().slice(11, 16));
    expect(opens).toContain('22:00');
    expect(opens).toContain('23:00');
    const oct30 = daily[batchDaily.tradeDates.indexOf('2013-10-30')] as Bar;
    const nov18 = daily[batchDaily.tradeDates.indexOf('2013-11-18')] as Bar;
    expect(oct30.time).toBe(us('2013-10-29T22:00:00Z'));
    expect(nov18.time).toBe(us('2013-11-17T23:00:00Z'));
  });

  it('emits a closed bar only once its period is over, before the bar that opened the next period', async () => {
    const c = collect();
    const sink = sessionBars(c.sink, { session: SESSION, timeframes: ['30m', '1d'] });
    const replay = barReplaySource(
      {
        feeds: [{ instrumentId: ID, timeframe: '1m', bars: Z13 }],
        speed: 'max',
        clock: new SimulatedClock(0),
      },
      sink,
    );
    await replay.done;
    // No look-ahead: every 30m bar went out after a 1m bar at or past its end, the next one right after it.
    let lastMinute = Number.NEGATIVE_INFINITY;
    let checked = 0;
    for (const [tf, time] of c.order) {
      if (tf === '1m') lastMinute = time;
      else if (tf === '30m') {
        expect(lastMinute).toBeLessThan(time + 30 * MIN);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
    for (let i = 0; i + 1 < c.order.length; i++) {
      const [tf, time] = c.order[i] as [string, number];
      if (tf !== '30m') continue;
      const [nextTf, nextTime] = c.order[i + 1] as [string, number];
      if (nextTf === '1m') expect(nextTime).toBeGreaterThanOrEqual(time + 30 * MIN);
    }
  });

  it('gives the same bars from trades (four prints per real minute) as from the minutes, 1m bars first', () => {
    const minutes = rows(Z13).slice(0, 4000);
    const fromBars = collect();
    const a = sessionBars(fromBars.sink, { session: SESSION, timeframes: ['30m', '1d'] });
    for (const b of minutes) a.onBar(ID, '1m', b);
    a.flush();
    const fromTrades = collect();
    const b = sessionBars(fromTrades.sink, { session: SESSION, timeframes: ['30m', '1d'] });
    // A trade source: O, H, L, C prints inside each minute; the minute bar is delivered by the source
    // right after the first print of the next minute (as scidTailSource does).
    let prev: Bar | undefined;
    for (const m of minutes) {
      const v = m.volume;
      const prints: Array<[number, number, number]> = [
        [m.time, m.open, v - 3 * Math.floor(v / 4)],
        [m.time + 10_000_000, m.high, Math.floor(v / 4)],
        [m.time + 20_000_000, m.low, Math.floor(v / 4)],
        [m.time + 30_000_000, m.close, Math.floor(v / 4)],
      ];
      for (const [i, [t, p, q]] of prints.entries()) {
        b.onTrade(ID, p, q, t);
        if (i === 0 && prev !== undefined) b.onBar(ID, '1m', prev);
      }
      prev = m;
    }
    b.flush();
    expect(fromTrades.out.get('30m')).toEqual(fromBars.out.get('30m'));
    expect(fromTrades.out.get('1d')).toEqual(fromBars.out.get('1d'));
    // The 30m bar that a print closed went out after the source's last minute of that period.
    const i30 = fromTrades.order.findIndex(([tf]) => tf === '30m');
    const [, t30] = fromTrades.order[i30] as [string, number];
    const [tfBefore, tBefore] = fromTrades.order[i30 - 1] as [string, number];
    expect(tfBefore).toBe('1m');
    expect(tBefore).toBeLessThan(t30 + 30 * MIN);
  });

  it('through the real SCID tail: prints of the real minutes in a .scid file give the batch bars', async () => {
    // The first 3,000 ESZ13 minutes (five trade dates, with the 16:00–16:15 CT prints of 2013
    // outside today's session) turned into prints the way the DTC simulator does, written to a
    // .scid file and followed from its beginning by scidTailSource.
    const minutes = rows(Z13).slice(0, 3000);
    const recs: ScidRecord[] = [];
    let prev: number | undefined;
    for (const m of minutes) {
      for (const ev of dtcBarToEvents(m, prev)) {
        if (ev.kind !== 'trade') continue;
        recs.push({
          time: ev.time,
          open: 0,
          high: ev.price,
          low: ev.price,
          close: ev.price,
          numTrades: 1,
          totalVolume: ev.size,
          bidVolume: 0,
          askVolume: ev.size,
        });
      }
      prev = m.close;
    }
    const file = join(mkdtempSync(join(tmpdir(), 'minhos-session-bars-')), 'ESZ13-CME.scid');
    writeFileSync(file, encodeScidFile(scidRecordsFromRows(recs)));
    const c = collect();
    let trades = 0;
    const sink = sessionBars(
      { ...c.sink, onTrade: () => void trades++ },
      { session: SESSION, timeframes: ['30m', '1d'] },
    );
    const run = scidTailSource({ file, instrumentId: ID, startAt: 'beginning', pollIntervalMs: 20 }, sink);
    await until(() => trades === recs.length, 30_000);
    run.stop();
    await run.done;
    sink.flush();
    const batch30 = rows(aggregateBars(BarSeries.fromBars(inSession(minutes, SESSION)), 30 * MIN));
    const batchDaily = aggregateDaily(BarSeries.fromBars(minutes), SESSION);
    expect(c.out.get('30m')).toEqual(batch30);
    expect(c.out.get('1d')).toEqual(rows(batchDaily.bars));
    expect(batchDaily.bars.length).toBeGreaterThanOrEqual(3);
    // The tail's own 1-minute bars equal the minutes they came from (the last one is still open).
    expect(c.out.get('1m')).toEqual(minutes.slice(0, -1));
  });

  it('closes by the clock at the session close, not waiting for the next session', () => {
    const clock = new SimulatedClock(us('2013-10-11T20:00:00Z'));
    const c = collect();
    const sink = sessionBars(c.sink, { session: SESSION, timeframes: ['30m', '1d'], clock, closeGraceUs: 0 });
    // Friday 2013-10-11: the session closes 16:00 CDT = 21:00Z. The real minutes of its last hour.
    const lastHour = rows(Z13).filter(
      (b) => b.time >= us('2013-10-11T20:00:00Z') && b.time < us('2013-10-11T21:00:00Z'),
    );
    expect(lastHour.length).toBeGreaterThan(30);
    for (const b of lastHour) {
      clock.advanceTo(b.time);
      sink.onBar(ID, '1m', b);
    }
    expect(c.out.get('30m')?.map((b) => b.time)).toEqual([us('2013-10-11T20:00:00Z')]);
    expect(c.out.get('1d')).toBeUndefined();
    clock.advanceTo(us('2013-10-11T21:00:00Z') - 1);
    expect(c.out.get('30m')).toHaveLength(1);
    clock.advanceTo(us('2013-10-11T21:00:00Z'));
    expect(c.out.get('30m')?.map((b) => b.time)).toEqual([
      us('2013-10-11T20:00:00Z'),
      us('2013-10-11T20:30:00Z'),
    ]);
    const [day] = c.out.get('1d') ?? [];
    expect(day?.time).toBe(us('2013-10-10T22:00:00Z'));
    expect(day?.close).toBe(lastHour.at(-1)?.close);
    sink.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('sessionBars edges', () => {
  const bar = (time: number, price: number, volume = 1): Bar => ({
    time,
    open: price,
    high: price,
    low: price,
    close: price,
    volume,
  });

  it('skips a holiday (no session) and counts its prints as outside the session', () => {
    // Thanksgiving 2025-11-27 is a CME holiday in @minhos/symbols' calendar: no trade date.
    const c = collect();
    const sink = sessionBars(c.sink, { session: SESSION, timeframes: ['1d'] });
    sink.onBar(ID, '1m', bar(us('2025-11-26T15:00:00Z'), 100)); // trade date 2025-11-26
    sink.onBar(ID, '1m', bar(us('2025-11-27T15:00:00Z'), 200)); // holiday: outside
    sink.onBar(ID, '1m', bar(us('2025-11-28T15:00:00Z'), 300)); // trade date 2025-11-28
    sink.flush();
    expect(sink.stats.outsideSession).toBe(1);
    expect(c.out.get('1d')?.map((b) => b.close)).toEqual([100, 300]);
    const batch = aggregateDaily(BarSeries.fromBars(c.out.get('1m') ?? []), SESSION);
    expect(c.out.get('1d')).toEqual(rows(batch.bars));
  });

  it('ends an intraday bar at a session close that is not on the bucket grid (a short session)', () => {
    // A session closing 12:15 (like CME's early closes): the 12:00 bucket ends at 12:15.
    const short: TradingSession = { timeZone: 'America/Chicago', open: '08:30', close: '12:15' };
    const c = collect();
    const sink = sessionBars(c.sink, { session: short, timeframes: ['30m'] });
    const day = us('2025-11-28T14:30:00Z'); // 08:30 CST
    sink.onBar(ID, '1m', bar(day, 1)); // 08:30 bucket (anchored at the open)
    sink.onBar(ID, '1m', bar(day + 214 * MIN, 2)); // 12:04 → bucket 12:00–12:15
    sink.onBar(ID, '1m', bar(day + 224 * MIN, 3)); // 12:14
    sink.onBar(ID, '1m', bar(day + 226 * MIN, 4)); // 12:16: after the close
    sink.flush();
    expect(
      c.out.get('30m')?.map((b) => [new Date(b.time / 1000).toISOString().slice(11, 16), b.close]),
    ).toEqual([
      ['14:30', 1],
      ['18:00', 3],
    ]);
    expect(sink.stats.outsideSession).toBe(1);
  });

  it('counts data of an emitted period as late instead of reopening the bar', () => {
    const c = collect();
    const sink = sessionBars(c.sink, { session: CME_EQUITY_SESSION, timeframes: ['30m'] });
    const t = us('2025-11-04T15:00:00Z');
    sink.onTrade(ID, 10, 1, t);
    sink.onTrade(ID, 11, 1, t + 31 * MIN);
    sink.onTrade(ID, 12, 1, t + 5 * MIN);
    sink.flush();
    expect(c.out.get('30m')?.map((b) => b.close)).toEqual([10, 11]);
    expect(sink.stats.late).toBe(1);
  });

  it('rejects timeframes it cannot build, naming them', () => {
    const sink = { onBar: () => {} };
    expect(() => sessionBars(sink, { session: SESSION, timeframes: ['2d'] })).toThrow(/only '1d'/);
    expect(() => sessionBars(sink, { session: SESSION, timeframes: ['30x'] })).toThrow(
      /'30m', '4h' or '1d', got "30x"/,
    );
    expect(() => sessionBars(sink, { session: SESSION, timeframes: ['30m', '30m'] })).toThrow(/listed twice/);
    expect(() => sessionBars(sink, { session: SESSION, timeframes: ['1m'] })).toThrow(/base timeframe/);
    expect(() =>
      sessionBars(sink, {
        session: { timeZone: 'Mars/Base', open: '17:00', close: '16:00' },
        timeframes: ['1d'],
      }),
    ).toThrow(/IANA time zone/);
  });
});
