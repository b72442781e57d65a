import { BarSeries, US_PER_MINUTE } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { backfillGaps, mergeBars } from './backfillGaps.js';
import { detectGaps } from './detectGaps.js';
import { loadEsMinuteBars } from './internal/esFixture.js';
import { CME_EQUITY_SESSION, sessionWindows } from './TradingSession.js';

const M = US_PER_MINUTE;
const utc = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h, mi) * 1000;

describe('sessionWindows', () => {
  it('applies DST: 17:00 Chicago is 22:00 UTC in CDT and 23:00 UTC in CST, and skips weekends', () => {
    const w = sessionWindows(CME_EQUITY_SESSION, utc(2013, 11, 1), utc(2013, 11, 6));
    expect(w.map((x) => x.tradeDate)).toEqual(['2013-11-01', '2013-11-04', '2013-11-05', '2013-11-06']);
    expect(w[0]).toEqual({
      tradeDate: '2013-11-01',
      start: utc(2013, 10, 31, 22),
      end: utc(2013, 11, 1, 21),
    });
    // DST ended on Sunday 2013-11-03: the Monday session opens 17:00 CST = 23:00 UTC.
    expect(w[1]).toEqual({ tradeDate: '2013-11-04', start: utc(2013, 11, 3, 23), end: utc(2013, 11, 4, 22) });
  });

  it('honours holidays and validates the session', () => {
    const s = { ...CME_EQUITY_SESSION, holidays: ['2013-11-28'] };
    const w = sessionWindows(s, utc(2013, 11, 27), utc(2013, 11, 30));
    expect(w.map((x) => x.tradeDate)).toEqual(['2013-11-27', '2013-11-29']);
    expect(() => sessionWindows({ ...s, open: '25:00' }, 0, 1)).toThrow(
      expect.objectContaining({ code: 'SESSION_INVALID' }),
    );
    expect(() => sessionWindows({ ...s, timeZone: 'Mars/Olympus' }, 0, 1)).toThrow(
      expect.objectContaining({ code: 'SESSION_INVALID' }),
    );
  });
});

describe('detectGaps', () => {
  // A clean synthetic week of CME minute bars with holes punched in known places.
  function fullMinutes(from: number, to: number): number[] {
    const out: number[] = [];
    for (const w of sessionWindows(CME_EQUITY_SESSION, from, to)) {
      for (let t = Math.max(w.start, from); t < Math.min(w.end, to); t += M) out.push(t);
    }
    return out;
  }

  it('finds exactly the holes, never the daily break or the weekend', () => {
    const all = fullMinutes(utc(2025, 11, 6, 23), utc(2025, 11, 11, 22));
    const holeA = [utc(2025, 11, 7, 14, 30), utc(2025, 11, 7, 14, 31), utc(2025, 11, 7, 14, 32)];
    const holeB = [utc(2025, 11, 10, 23, 0)]; // first minute of the Tuesday session
    const drop = new Set([...holeA, ...holeB]);
    const times = all.filter((t) => !drop.has(t));
    const gaps = detectGaps(times, { barSizeUs: M, session: CME_EQUITY_SESSION });
    expect(gaps).toEqual([
      { from: holeA[0], to: utc(2025, 11, 7, 14, 33), bars: 3, tradeDate: '2025-11-07' },
      { from: holeB[0], to: utc(2025, 11, 10, 23, 1), bars: 1, tradeDate: '2025-11-11' },
    ]);
  });

  it('reports a whole missing session day inside an explicit range', () => {
    const times = [
      ...fullMinutes(utc(2025, 11, 4, 23), utc(2025, 11, 5, 22)),
      ...fullMinutes(utc(2025, 11, 6, 23), utc(2025, 11, 7, 22)),
    ];
    const gaps = detectGaps(times, { barSizeUs: M, session: CME_EQUITY_SESSION });
    expect(gaps).toEqual([
      { from: utc(2025, 11, 5, 23), to: utc(2025, 11, 6, 22), bars: 23 * 60, tradeDate: '2025-11-06' },
    ]);
  });

  it('on real ES data, reports only in-session minutes with no bar, and accounts for every slot', () => {
    const es = loadEsMinuteBars('ES201312');
    const from = utc(2013, 12, 2, 0);
    const to = utc(2013, 12, 4, 0);
    const part = es.between(from, to);
    const gaps = detectGaps(part.time, { barSizeUs: M, session: CME_EQUITY_SESSION, from, to });
    const present = new Set(part.time);
    let missing = 0;
    for (const g of gaps) {
      for (let t = g.from; t < g.to; t += M) {
        expect(present.has(t)).toBe(false);
        missing++;
      }
    }
    let slots = 0;
    let inSession = 0;
    for (const w of sessionWindows(CME_EQUITY_SESSION, from, to)) {
      for (let t = Math.max(w.start, from); t < Math.min(w.end, to); t += M) {
        slots++;
        if (present.has(t)) inSession++;
      }
    }
    expect(missing + inSession).toBe(slots);
    expect(missing).toBeGreaterThan(0);
    // No gap may touch the 16:00–17:00 CST maintenance break (22:00–23:00 UTC).
    for (const g of gaps) {
      const h = new Date(g.from / 1000).getUTCHours();
      expect(h === 22).toBe(false);
    }
  });
});

describe('backfillGaps', () => {
  const bar = (time: number, close: number) => ({
    time,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
  });
  const existing = BarSeries.fromBars([bar(0, 1), bar(M, 2), bar(4 * M, 5)]);
  const gaps = [{ from: 2 * M, to: 4 * M, bars: 2, tradeDate: '1970-01-01' }];

  it('merges fetched bars sorted and deduplicated, clipped to the gaps', async () => {
    const res = await backfillGaps(existing, gaps, async () => [
      bar(3 * M, 4),
      bar(2 * M, 3),
      bar(M, 99),
      bar(9 * M, 9),
    ]);
    expect(Array.from(res.bars.time)).toEqual([0, M, 2 * M, 3 * M, 4 * M]);
    expect(Array.from(res.bars.close)).toEqual([1, 2, 3, 4, 5]);
    expect(res.added).toBe(2);
    expect(res.failed).toEqual([]);
  });

  it('reports failed fetches without losing the rest', async () => {
    const two = [...gaps, { from: 5 * M, to: 6 * M, bars: 1, tradeDate: '1970-01-01' }];
    const res = await backfillGaps(existing, two, async (g) => {
      if (g.from === 2 * M) throw new Error('history server busy');
      return [bar(5 * M, 6)];
    });
    expect(res.added).toBe(1);
    expect(res.failed).toHaveLength(1);
    expect(res.failed[0]?.error).toMatchObject({ message: 'history server busy' });
  });

  it('mergeBars keeps the preferred side on equal times', () => {
    const fetched = BarSeries.fromBars([bar(M, 42)]);
    expect(mergeBars(existing, fetched, 'existing').close[1]).toBe(2);
    expect(mergeBars(existing, fetched, 'fetched').close[1]).toBe(42);
  });
});
