import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { BarSeries } from '@minhos/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScidFile } from './encodeScidRecords.js';
import { loadEsMinuteBars } from './internal/esFixture.js';
import { header, join, record } from './internal/handMadeScid.js';
import { firstMismatch } from './internal/syntheticScid.js';
import { readScid, readScidInfo } from './readScid.js';
import { ScidReader } from './ScidReader.js';
import { allocateScidRecords, concatScidRecords } from './ScidRecords.js';
import { ScidWriter } from './ScidWriter.js';
import { scidToBarSeries } from './scidToBarSeries.js';

let dir: string;
let esPath: string;
let es: BarSeries;

beforeAll(async () => {
  dir = mkdtempSync(joinPath(tmpdir(), 'minhos-scid-'));
  es = loadEsMinuteBars('ES201312');
  esPath = joinPath(dir, 'ESZ13.scid');
  const w = await ScidWriter.create(esPath);
  await w.appendBars(es);
  await w.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ScidReader on ES Z13 1-minute bars (QuantConnect/AlgoSeek data, written with ScidWriter)', () => {
  it('has the expected header and size', async () => {
    const info = await readScidInfo(esPath);
    expect(es.length).toBe(16_673);
    expect(info.recordCount).toBe(16_673);
    expect(info.fileSize).toBe(56 + 40 * 16_673);
    expect(info.trailingBytes).toBe(0);
    expect(info.timeFormat).toBe('int64-us');
    expect(info.header).toEqual({ headerSize: 56, recordSize: 40, version: 1, utcStartIndex: 0 });
    expect(info.firstTime).toBe(Date.UTC(2013, 9, 6, 22, 0) * 1000);
    expect(info.lastTime).toBe(es.time[es.length - 1]);
  });

  it('reads every bar back bit-exactly (0.25-grid prices are exact in float32)', async () => {
    const bars = scidToBarSeries(await readScid(esPath));
    expect(bars.length).toBe(es.length);
    for (const col of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
      expect(firstMismatch(bars[col], es[col]), col).toBe(-1);
    }
  });

  it('finds a time range by binary search, equal to filtering everything', async () => {
    const from = Date.UTC(2013, 11, 2, 14, 30) * 1000;
    const to = Date.UTC(2013, 11, 2, 21, 15) * 1000;
    const range = await readScid(esPath, { from, to });
    const expected = es.between(from, to);
    expect(range.time.length).toBe(expected.length);
    expect(range.time.length).toBeGreaterThan(300);
    expect(Array.from(range.time)).toEqual(Array.from(expected.time));
    const reader = await ScidReader.open(esPath);
    try {
      expect(await reader.lowerBound(0)).toBe(0);
      expect(await reader.lowerBound(Number.MAX_SAFE_INTEGER)).toBe(es.length);
      for (const i of [0, 1, 511, 512, 513, 8000, es.length - 1]) {
        const t = es.time[i] as number;
        expect(await reader.lowerBound(t)).toBe(es.lowerBound(t));
        expect(await reader.lowerBound(t + 1)).toBe(es.lowerBound(t + 1));
      }
    } finally {
      await reader.close();
    }
  });

  it('streams chunks that concatenate to the whole file, with correct start indexes', async () => {
    const reader = await ScidReader.open(esPath);
    try {
      const chunks = [];
      const starts = [];
      for await (const c of reader.chunks({ chunkRecords: 1000 })) {
        starts.push(c.startIndex);
        chunks.push(c.records);
      }
      expect(starts.slice(0, 3)).toEqual([0, 1000, 2000]);
      expect(chunks.length).toBe(17);
      const all = concatScidRecords(chunks);
      const direct = await reader.read();
      for (const col of ['time', 'open', 'close', 'totalVolume'] as const) {
        expect(firstMismatch(all[col], direct[col]), col).toBe(-1);
      }
      const windowed = [];
      const from = es.time[5000] as number;
      const to = es.time[5500] as number;
      for await (const c of reader.chunks({ from, to, chunkRecords: 128 })) windowed.push(c.records);
      expect(concatScidRecords(windowed).time).toEqual(es.time.slice(5000, 5500));
    } finally {
      await reader.close();
    }
  });

  it('stops streaming on abort', async () => {
    const reader = await ScidReader.open(esPath);
    const ac = new AbortController();
    let n = 0;
    try {
      await expect(
        (async () => {
          for await (const _ of reader.chunks({ chunkRecords: 100, signal: ac.signal })) {
            if (++n === 3) ac.abort(new Error('enough'));
          }
        })(),
      ).rejects.toThrow('enough');
      expect(n).toBe(3);
    } finally {
      await reader.close();
    }
  });
});

describe('ScidReader on hand-made files', () => {
  const DT = 41610n * 86_400_000_000n;
  const rec = (i: number) =>
    record({
      dateTime: DT + BigInt(i) * 1_000_000n,
      o: 0,
      h: 10.5,
      l: 10.25,
      c: 10.5,
      n: 1,
      vol: 1,
      bidVol: 0,
      askVol: 1,
    });

  it('reports a trailing partial record instead of crashing, and reads the whole ones', async () => {
    const p = joinPath(dir, 'partial.scid');
    writeFileSync(p, join(header(), rec(0), rec(1), rec(2).subarray(0, 17)));
    const reader = await ScidReader.open(p);
    try {
      expect(reader.recordCount).toBe(2);
      expect(reader.trailingBytes).toBe(17);
      expect(reader.issues).toHaveLength(1);
      expect(reader.issues[0]).toMatchObject({ code: 'SCID_PARTIAL_RECORD', offset: 56 + 80, file: p });
      expect((await reader.read()).time.length).toBe(2);
    } finally {
      await reader.close();
    }
    await expect(readScid(p, { strict: true })).rejects.toMatchObject({ code: 'SCID_PARTIAL_RECORD' });
  });

  it('detects legacy float64-day files from the first record', async () => {
    const p = joinPath(dir, 'legacy.scid');
    const legacy = (i: number) =>
      record({ dateTime: 41610 + i / 1440, o: 1, h: 2, l: 0.5, c: 1.5, n: 1, vol: 1, bidVol: 1, askVol: 0 });
    writeFileSync(p, join(header(), legacy(0), legacy(1), legacy(2)));
    const reader = await ScidReader.open(p);
    try {
      expect(reader.timeFormat).toBe('float64-days');
      const base = Date.UTC(2013, 11, 2) * 1000;
      expect(Array.from((await reader.read()).time)).toEqual([base, base + 60e6, base + 120e6]);
      expect(await reader.lowerBound(base + 1)).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it.each([
    ['a bad magic', () => join(header('XCID'), rec(0)), 'SCID_BAD_MAGIC', 0],
    ['a wrong record size', () => join(header('SCID', 56, 48), rec(0)), 'SCID_BAD_RECORD_SIZE', 8],
    ['a truncated header', () => header().subarray(0, 20), 'SCID_TRUNCATED_HEADER', 20],
    ['garbage time', () => join(header(), new Uint8Array(40).fill(0xff)), 'SCID_BAD_TIME', 56],
  ])('rejects %s with a ScidError naming file and offset', async (_n, bytes, code, offset) => {
    const p = joinPath(dir, `bad-${code}.scid`);
    writeFileSync(p, bytes());
    await expect(ScidReader.open(p)).rejects.toMatchObject({ name: 'ScidError', code, offset, file: p });
  });

  it('rejects a NaN price found while reading', async () => {
    const p = joinPath(dir, 'nan.scid');
    const bad = record({
      dateTime: DT + 5_000_000n,
      o: 1,
      h: 2,
      l: 1,
      c: Number.NaN,
      n: 1,
      vol: 1,
      bidVol: 0,
      askVol: 1,
    });
    writeFileSync(p, join(header(), rec(0), rec(1), bad));
    await expect(readScid(p)).rejects.toMatchObject({ code: 'SCID_NAN_PRICE', offset: 56 + 80 + 20 });
  });

  it('reports a missing file as SCID_IO', async () => {
    await expect(readScid(joinPath(dir, 'nope.scid'))).rejects.toMatchObject({
      code: 'SCID_IO',
      retryable: false,
    });
  });

  it('sees records appended after open once refreshed, and reports a shrunk file', async () => {
    const p = joinPath(dir, 'growing.scid');
    writeFileSync(p, join(header(), rec(0)));
    const reader = await ScidReader.open(p);
    try {
      expect(reader.recordCount).toBe(1);
      writeFileSync(p, join(header(), rec(0), rec(1), rec(2).subarray(0, 5)));
      expect(reader.recordCount).toBe(1);
      expect(await reader.refresh()).toBe(2);
      expect(reader.trailingBytes).toBe(5);
      expect((await reader.read()).time.length).toBe(2);
      writeFileSync(p, header().subarray(0, 10));
      await expect(reader.refresh()).rejects.toMatchObject({ code: 'SCID_TRUNCATED_HEADER' });
    } finally {
      await reader.close();
    }
    await expect(reader.read()).rejects.toMatchObject({ code: 'SCID_BAD_INPUT' });
  });

  it('reads an empty (header-only) file', async () => {
    const p = joinPath(dir, 'empty.scid');
    writeFileSync(p, header());
    const info = await readScidInfo(p);
    expect(info.recordCount).toBe(0);
    expect(info.firstTime).toBeUndefined();
    expect((await readScid(p)).time.length).toBe(0);
  });
});

describe('ScidReader.lowerBound (property)', () => {
  it('equals an in-memory lower bound on clustered, duplicated, jumpy time series', async () => {
    const T = Date.UTC(2020, 0, 1) * 1000;
    let run = 0;
    let large = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 5e10 })),
          {
            maxLength: 3000,
            size: 'max',
          },
        ),
        fc.array(fc.double({ min: -0.1, max: 1.1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        async (steps, qs) => {
          if (steps.length > 512) large++;
          const r = allocateScidRecords(steps.length);
          let t = T;
          steps.forEach((d, i) => {
            t += d;
            r.time[i] = t;
          });
          const p = joinPath(dir, `prop-${run++}.scid`);
          writeFileSync(p, encodeScidFile(r));
          const reader = await ScidReader.open(p);
          try {
            const first = T;
            const span = Math.max(1, t - T);
            const queries = qs.map((q) => Math.round(first + q * span));
            for (let i = 0; i < r.time.length; i += Math.max(1, r.time.length >> 3)) {
              queries.push(r.time[i] as number, (r.time[i] as number) + 1, (r.time[i] as number) - 1);
            }
            for (const q of queries) {
              let lo = 0;
              let hi = r.time.length;
              while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if ((r.time[mid] as number) < q) lo = mid + 1;
                else hi = mid;
              }
              expect(await reader.lowerBound(q)).toBe(lo);
            }
          } finally {
            await reader.close();
            rmSync(p);
          }
        },
      ),
      { numRuns: 60, seed: 20251122 },
    );
    // The interpolation/bisection path only runs above 512 records: make sure it was exercised.
    expect(large).toBeGreaterThan(20);
  });
});
