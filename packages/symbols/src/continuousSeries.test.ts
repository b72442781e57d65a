import { readFileSync } from 'node:fs';
import { type Bar, BarSeries } from '@minhos/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractBars, continuousSeries, ES, futuresContract } from './index.js';

const CSV = new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const us = (iso: string): number => Date.parse(iso) * 1000;
const iso = (t: number): string => new Date(t / 1000).toISOString();

/** Test-only loader: Lean's per-contract ES CSV → one BarSeries per `contract_yyyymm`. */
function loadLeanCsv(url: URL): Map<string, BarSeries> {
  const rows = new Map<string, Bar[]>();
  const lines = readFileSync(url, 'utf8').trim().split(/\r?\n/);
  expect(lines[0]).toBe('time_utc_bar_start,contract_yyyymm,open,high,low,close,volume');
  for (const line of lines.slice(1)) {
    const [time, contract, open, high, low, close, volume] = line.split(',');
    const list = rows.get(contract as string) ?? [];
    list.push({
      time: us(time as string),
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    });
    rows.set(contract as string, list);
  }
  return new Map([...rows].map(([k, bars]) => [k, BarSeries.fromBars(bars.sort((a, b) => a.time - b.time))]));
}

let data: Map<string, BarSeries>;
let z13: ContractBars;
let h14: ContractBars;
let m14: ContractBars;

beforeAll(() => {
  data = loadLeanCsv(CSV);
  const get = (k: string): BarSeries => data.get(k) as BarSeries;
  z13 = { contract: futuresContract(ES, 2013, 12), bars: get('ES201312') };
  h14 = { contract: futuresContract(ES, 2014, 3), bars: get('ES201403') };
  m14 = { contract: futuresContract(ES, 2014, 6), bars: get('ES201406') };
});

/** Independent check of a stitched series against the raw contract bars (collects mismatches). */
function expectStitched(
  out: BarSeries,
  parts: { bars: BarSeries; from: number; to: number; apply: (p: number) => number }[],
): void {
  const mismatches: string[] = [];
  let k = 0;
  for (const { bars, from, to, apply } of parts) {
    for (let j = 0; j < bars.length; j++) {
      const t = bars.time[j] as number;
      if (t < from || t >= to) continue;
      if (out.time[k] !== t) mismatches.push(`time[${k}] ${out.time[k]} != ${t}`);
      for (const col of ['open', 'high', 'low', 'close'] as const) {
        const want = apply(bars[col][j] as number);
        if (out[col][k] !== want) mismatches.push(`${col}[${k}] ${out[col][k]} != ${want}`);
      }
      if (out.volume[k] !== bars.volume[j]) mismatches.push(`volume[${k}]`);
      k++;
    }
  }
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(out.length).toBe(k);
  expect(k).toBeGreaterThan(0);
}

describe('continuousSeries on real ES data (Lean, ESZ13 → ESH14)', () => {
  it('rolls on the calendar date and back-adjusts by the difference at the last common bar', () => {
    const r = continuousSeries(ES, [h14, z13], { adjustment: 'difference' });
    if (!r.ok) throw r.error;
    const { series, rolls, segments } = r.value;
    expect(rolls).toHaveLength(1);
    const roll = rolls[0];
    if (roll === undefined) throw new Error('no roll');
    // ESZ13 expires 2013-12-20; the 8-day CME default rolls on trade date 2013-12-12, which starts
    // at 17:00 CST on 12-11 (23:00Z). The data has no bars for 12-04..12-17, so the last minute both
    // contracts traded before the roll is 2013-12-02T23:50Z (ESZ13 1800.75, ESH14 1794.75).
    expect(roll).toMatchObject({
      reason: 'calendar',
      date: '2013-12-12',
      fromPrice: 1800.75,
      toPrice: 1794.75,
    });
    expect(roll.from.code).toBe('ESZ13');
    expect(roll.to.code).toBe('ESH14');
    expect(iso(roll.at)).toBe('2013-12-11T23:00:00.000Z');
    expect(iso(roll.priceTime)).toBe('2013-12-02T23:50:00.000Z');
    expect(roll.adjustment).toBe(-6);
    expect(roll.cumulativeAdjustment).toBe(-6);

    // Before the roll: ESZ13 shifted by exactly (next − front); after: ESH14 unchanged.
    expectStitched(series, [
      { bars: z13.bars, from: -Infinity, to: roll.at, apply: (p) => p + roll.adjustment },
      { bars: h14.bars, from: roll.at, to: Infinity, apply: (p) => p },
    ]);
    // Continuity at the measuring bar: adjusted front close = next close.
    const i = series.lowerBound(roll.priceTime);
    expect(series.close[i]).toBe(roll.toPrice);
    expect(segments.map((s) => [s.contract.code, s.end - s.start])).toEqual([
      ['ESZ13', z13.bars.lowerBound(roll.at)],
      ['ESH14', h14.bars.length - h14.bars.lowerBound(roll.at)],
    ]);
  });

  it('ratio adjustment multiplies by next / front; none keeps raw prices', () => {
    const r = continuousSeries(ES, [z13, h14], { adjustment: 'ratio' });
    if (!r.ok) throw r.error;
    const roll = r.value.rolls[0];
    if (roll === undefined) throw new Error('no roll');
    expect(roll.adjustment).toBe(1794.75 / 1800.75);
    expectStitched(r.value.series, [
      { bars: z13.bars, from: -Infinity, to: roll.at, apply: (p) => p * roll.adjustment },
      { bars: h14.bars, from: roll.at, to: Infinity, apply: (p) => p },
    ]);
    const none = continuousSeries(ES, [z13, h14], { adjustment: 'none' });
    if (!none.ok) throw none.error;
    expect(none.value.rolls[0]?.adjustment).toBe(0);
    expectStitched(none.value.series, [
      { bars: z13.bars, from: -Infinity, to: roll.at, apply: (p) => p },
      { bars: h14.bars, from: roll.at, to: Infinity, apply: (p) => p },
    ]);
  });

  it('volume roll: after the first trade date the next contract out-traded the front', () => {
    // Independent daily volumes per CME trade date (17:00 CT boundary; CDT until 2013-11-03).
    const byTradeDate = (bars: BarSeries): Map<string, number> => {
      const m = new Map<string, number>();
      for (let j = 0; j < bars.length; j++) {
        const t = bars.time[j] as number;
        const shiftH = t < us('2013-11-03T07:00:00Z') ? 2 : 1; // local + 7 h = UTC + 2 h (CDT) / + 1 h (CST)
        const d = new Date(t / 1000 + shiftH * 3_600_000).toISOString().slice(0, 10);
        m.set(d, (m.get(d) ?? 0) + (bars.volume[j] as number));
      }
      return m;
    };
    const vz = byTradeDate(z13.bars);
    const vh = byTradeDate(h14.bars);
    const cross = [...vz.keys()].sort().find((d) => (vh.get(d) ?? 0) > (vz.get(d) ?? 0));
    expect(cross).toBe('2013-12-18');

    const r = continuousSeries(ES, [z13, h14], { rolls: 'volume' });
    if (!r.ok) throw r.error;
    const roll = r.value.rolls[0];
    expect(roll?.reason).toBe('volume');
    expect(roll?.date).toBe('2013-12-19');
    expect(iso(roll?.at ?? 0)).toBe('2013-12-18T23:00:00.000Z');
    // Measured on 12-18, the day both traded heavily, not 16 days earlier.
    expect(iso(roll?.priceTime ?? 0).slice(0, 10)).toBe('2013-12-18');
    expect(roll?.adjustment).toBe((roll?.toPrice ?? 0) - (roll?.fromPrice ?? 0));
  });

  it('accepts user roll points and composes adjustments over several rolls', () => {
    const r = continuousSeries(ES, [z13, h14, m14], {
      rolls: [
        { from: 'ESZ13', at: us('2013-12-18T16:00:00Z') },
        { from: 'ESH14', at: '2013-12-20' },
      ],
    });
    if (!r.ok) throw r.error;
    const [a, b] = r.value.rolls;
    if (a === undefined || b === undefined) throw new Error('expected two rolls');
    expect(a.reason).toBe('user');
    expect(iso(b.at)).toBe('2013-12-19T23:00:00.000Z');
    expect(b.cumulativeAdjustment).toBe(b.adjustment);
    expect(a.cumulativeAdjustment).toBe(a.adjustment + b.adjustment);
    expectStitched(r.value.series, [
      { bars: z13.bars, from: -Infinity, to: a.at, apply: (p) => p + a.cumulativeAdjustment },
      { bars: h14.bars, from: a.at, to: b.at, apply: (p) => p + b.cumulativeAdjustment },
      { bars: m14.bars, from: b.at, to: Infinity, apply: (p) => p },
    ]);
  });

  it('reports unusable input as error values', () => {
    const h20 = { contract: futuresContract(ES, 2020, 3), bars: data.get('ES202003') as BarSeries };
    const gap = continuousSeries(ES, [z13, h20]);
    expect(gap.ok ? undefined : gap.error.code).toBe('CONTINUOUS_NO_OVERLAP');
    const missing = continuousSeries(ES, [z13, h14], { rolls: [] });
    expect(missing.ok ? undefined : missing.error.message).toBe(
      'continuousSeries(ES): no roll point given for ESZ13 → ESH14',
    );
    const twice = continuousSeries(ES, [z13, z13]);
    expect(twice.ok ? undefined : twice.error.code).toBe('CONTINUOUS_INVALID_INPUT');
    const order = continuousSeries(ES, [z13, h14, m14], {
      rolls: [
        { from: 'ESZ13', at: '2013-12-19' },
        { from: 'ESH14', at: '2013-12-18' },
      ],
    });
    expect(order.ok ? undefined : order.error.code).toBe('CONTINUOUS_ROLL_ORDER');
    const empty = continuousSeries(ES, []);
    expect(empty.ok && empty.value.series.length).toBe(0);
  });
});

describe('continuousSeries invariants (synthetic)', () => {
  it('difference adjustment: per segment a constant shift; the last contract is untouched', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 4000, max: 8000 }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.integer({ min: 4000, max: 8000 }), { minLength: 40, maxLength: 40 }),
        fc.integer({ min: 5, max: 35 }),
        (pa, pb, cut) => {
          const t0 = us('2025-03-03T15:00:00Z');
          const mk = (ticks: number[]): BarSeries =>
            BarSeries.fromBars(
              ticks.map((q, i) => ({
                time: t0 + i * 60e6,
                open: q / 4,
                high: q / 4 + 1,
                low: q / 4 - 1,
                close: q / 4,
                volume: 1,
              })),
            );
          const a = mk(pa);
          const b = mk(pb);
          const r = continuousSeries(
            ES,
            [
              { contract: futuresContract(ES, 2025, 3), bars: a },
              { contract: futuresContract(ES, 2025, 6), bars: b },
            ],
            { rolls: [{ from: 'ESH25', at: t0 + cut * 60e6 }] },
          );
          if (!r.ok) throw r.error;
          const adj = (pb[cut - 1] as number) / 4 - (pa[cut - 1] as number) / 4;
          expect(r.value.rolls[0]?.adjustment).toBe(adj);
          for (let i = 0; i < 40; i++) {
            const raw = i < cut ? (a.close[i] as number) + adj : (b.close[i] as number);
            expect(r.value.series.close[i]).toBe(raw);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
