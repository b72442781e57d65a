import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScidFile, encodeScidRecords } from './encodeScidRecords.js';
import { header, join as joinBytes, record } from './internal/handMadeScid.js';
import { type ScidRecord, scidRecordsFromRows } from './ScidRecords.js';
import { followScid, type ScidTail, type ScidTailEvent } from './ScidTail.js';
import { ScidWriter } from './ScidWriter.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minhos-tail-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2025, 10, 3, 14, 30) * 1000;
const tick = (i: number): ScidRecord => ({
  time: T0 + i * 1000,
  open: 0,
  high: 6000.25 + (i % 4) * 0.25,
  low: 6000 + (i % 4) * 0.25,
  close: 6000 + (i % 4) * 0.25,
  numTrades: 1,
  totalVolume: 1 + (i % 7),
  bidVolume: i % 2 === 0 ? 1 + (i % 7) : 0,
  askVolume: i % 2 === 1 ? 1 + (i % 7) : 0,
});
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => tick(from + k));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The next event, or `undefined` when none arrives within `ms` (then a `next()` stays pending: use only last). */
async function nextWithin(it: AsyncIterator<ScidTailEvent>, ms: number): Promise<ScidTailEvent | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => {
    timer = setTimeout(() => r(undefined), ms);
  });
  const res = await Promise.race([it.next(), timeout]);
  clearTimeout(timer);
  if (res === undefined) return undefined;
  return res.done ? undefined : res.value;
}

/** Collects `records` events until `n` records arrived (fails after `ms`). */
async function collect(
  it: AsyncIterator<ScidTailEvent>,
  n: number,
  ms = 3000,
): Promise<{ times: number[]; starts: number[] }> {
  const times: number[] = [];
  const starts: number[] = [];
  const deadline = Date.now() + ms;
  while (times.length < n) {
    const ev = await nextWithin(it, Math.max(1, deadline - Date.now()));
    if (ev === undefined) throw new Error(`timed out with ${times.length}/${n} records`);
    if (ev.type !== 'records') throw new Error(`unexpected ${ev.type} event`);
    starts.push(ev.startIndex);
    times.push(...ev.records.time);
  }
  return { times, starts };
}

describe('followScid', () => {
  it('emits existing then appended records, holding a half-written record until it is complete', async () => {
    const p = join(dir, 'append.scid');
    const w = await ScidWriter.create(p);
    await w.appendRows(rows(0, 3));
    const tail = followScid(p, { pollIntervalMs: 20 });
    const it = tail[Symbol.asyncIterator]();
    try {
      expect((await collect(it, 3)).times).toEqual([0, 1, 2].map((i) => T0 + i * 1000));

      await w.appendRows(rows(3, 5));
      const more = await collect(it, 2);
      expect(more.times).toEqual([T0 + 3000, T0 + 4000]);
      expect(more.starts[0]).toBe(3);

      // Half a record: nothing may be emitted, however often we look.
      const next = encodeScidRecords(scidRecordsFromRows([tick(5)]));
      appendFileSync(p, next.subarray(0, 20));
      await tail.check();
      await sleep(150);
      await tail.check();
      expect(tail.bufferedEvents).toBe(0);
      expect(tail.position).toBe(5);

      appendFileSync(p, next.subarray(20));
      await tail.check();
      expect(tail.bufferedEvents).toBe(1);
      const ev = await nextWithin(it, 2000);
      expect(ev?.type).toBe('records');
      if (ev?.type !== 'records') throw new Error('no records');
      expect(Array.from(ev.records.time)).toEqual([T0 + 5000]);
      expect(ev.records.totalVolume[0]).toBe(tick(5).totalVolume);
      expect(ev.startIndex).toBe(5);
      // Emitted exactly once.
      await sleep(100);
      await tail.check();
      expect(tail.bufferedEvents).toBe(0);
      expect(tail.position).toBe(6);
    } finally {
      await w.close();
      await tail.stop();
    }
  });

  it('announces truncation with a reset event and re-syncs from the first record', async () => {
    const p = join(dir, 'trunc.scid');
    writeFileSync(p, encodeScidFile(scidRecordsFromRows(rows(0, 6))));
    const tail = followScid(p, { pollIntervalMs: 20 });
    const it = tail[Symbol.asyncIterator]();
    try {
      await collect(it, 6);
      truncateSync(p, 56 + 2 * 40);
      const reset = await nextWithin(it, 2000);
      expect(reset).toMatchObject({ type: 'reset', reason: 'truncated', fileSize: 56 + 80 });
      expect((await collect(it, 2)).times).toEqual([T0, T0 + 1000]);
      appendFileSync(p, encodeScidRecords(scidRecordsFromRows(rows(2, 3))));
      expect((await collect(it, 1)).starts).toEqual([2]);
    } finally {
      await tail.stop();
    }
  });

  it('notices a rewritten file that regrew past the read position', async () => {
    const p = join(dir, 'rewrite.scid');
    writeFileSync(p, encodeScidFile(scidRecordsFromRows(rows(0, 2))));
    const tail = followScid(p, { pollIntervalMs: 20, watch: false });
    const it = tail[Symbol.asyncIterator]();
    try {
      await collect(it, 2);
      // Same inode, different content, bigger than before: only the last-record check catches it.
      writeFileSync(p, encodeScidFile(scidRecordsFromRows(rows(10, 14))));
      const reset = await nextWithin(it, 2000);
      expect(reset).toMatchObject({ type: 'reset' });
      expect((await collect(it, 4)).times[0]).toBe(T0 + 10_000);
    } finally {
      await tail.stop();
    }
  });

  it('follows a replaced file (new inode) and a file that appears later', async () => {
    const p = join(dir, 'replace.scid');
    const tail = followScid(p, { pollIntervalMs: 20 });
    const it = tail[Symbol.asyncIterator]();
    try {
      await tail.check();
      await sleep(60);
      expect(tail.bufferedEvents).toBe(0);
      writeFileSync(p, encodeScidFile(scidRecordsFromRows(rows(0, 1))));
      expect((await collect(it, 1)).times).toEqual([T0]);
      const tmp = join(dir, 'replace.tmp');
      writeFileSync(tmp, encodeScidFile(scidRecordsFromRows(rows(20, 23))));
      renameSync(tmp, p);
      expect(await nextWithin(it, 2000)).toMatchObject({ type: 'reset', reason: 'replaced' });
      expect((await collect(it, 3)).times).toEqual([T0 + 20_000, T0 + 21_000, T0 + 22_000]);
    } finally {
      await tail.stop();
    }
  });

  it("starts at the end with startAt: 'end' and stops cleanly on abort", async () => {
    const p = join(dir, 'end.scid');
    const w = await ScidWriter.create(p);
    await w.appendRows(rows(0, 100));
    const ac = new AbortController();
    const tail: ScidTail = followScid(p, { pollIntervalMs: 20, startAt: 'end', signal: ac.signal });
    const seen: number[] = [];
    const loop = (async () => {
      for await (const ev of tail) {
        if (ev.type === 'records') seen.push(...ev.records.time);
        if (seen.length >= 2) ac.abort();
      }
    })();
    await tail.check();
    await w.appendRows(rows(100, 102));
    await loop;
    await w.close();
    expect(seen).toEqual([T0 + 100_000, T0 + 101_000]);
  });

  it('ends the iteration with a ScidError for a corrupt header', async () => {
    const p = join(dir, 'corrupt.scid');
    const bytes = encodeScidFile(scidRecordsFromRows(rows(0, 1)));
    bytes[0] = 0x58;
    writeFileSync(p, bytes);
    const tail = followScid(p, { pollIntervalMs: 20 });
    await expect(tail[Symbol.asyncIterator]().next()).rejects.toMatchObject({
      code: 'SCID_BAD_MAGIC',
      file: p,
    });
    await tail.stop();
  });

  it('rejects bad options', () => {
    expect(() => followScid(join(dir, 'x.scid'), { pollIntervalMs: 0 })).toThrow(
      expect.objectContaining({ code: 'SCID_BAD_INPUT' }),
    );
  });
});

describe('ScidTail iteration protocol', () => {
  it('serves concurrent next() calls in order', async () => {
    const p = join(dir, 'concurrent.scid');
    writeFileSync(p, encodeScidFile(scidRecordsFromRows([])));
    const tail = followScid(p, { pollIntervalMs: 20, maxChunkRecords: 1 });
    const it = tail[Symbol.asyncIterator]();
    const a = it.next();
    const b = it.next();
    appendFileSync(p, encodeScidRecords(scidRecordsFromRows(rows(0, 2))));
    const [ra, rb] = await Promise.all([a, b]);
    await tail.stop();
    expect(ra.done || ra.value.type !== 'records' ? undefined : ra.value.startIndex).toBe(0);
    expect(rb.done || rb.value.type !== 'records' ? undefined : rb.value.startIndex).toBe(1);
    expect((await it.next()).done).toBe(true);
  });
});

describe('ScidTail backpressure', () => {
  it('reads a large file in bounded chunks, never buffering more than highWaterMark events', async () => {
    const p = join(dir, 'large.scid');
    writeFileSync(p, encodeScidFile(scidRecordsFromRows(rows(0, 5000))));
    const tail = followScid(p, { pollIntervalMs: 20, maxChunkRecords: 100, highWaterMark: 3 });
    const it = tail[Symbol.asyncIterator]();
    await sleep(100);
    expect(tail.bufferedEvents).toBeLessThanOrEqual(3);
    const got = await collect(it, 5000, 5000);
    await tail.stop();
    expect(got.starts).toEqual(Array.from({ length: 50 }, (_, k) => k * 100));
    expect(got.times.every((t, i) => t === T0 + i * 1000)).toBe(true);
  });
});

describe('ScidTail on hand-made legacy files', () => {
  it('detects float64-day DateTimes from the first record that lands', async () => {
    const p = join(dir, 'legacy-tail.scid');
    writeFileSync(p, header());
    const tail = followScid(p, { pollIntervalMs: 20 });
    const it = tail[Symbol.asyncIterator]();
    try {
      const legacy = (minute: number) =>
        record({
          dateTime: 41610 + minute / 1440,
          o: 0,
          h: 2,
          l: 1,
          c: 2,
          n: 1,
          vol: 1,
          bidVol: 0,
          askVol: 1,
        });
      appendFileSync(p, joinBytes(legacy(0), legacy(1)));
      const base = Date.UTC(2013, 11, 2) * 1000;
      expect((await collect(it, 2)).times).toEqual([base, base + 60e6]);
    } finally {
      await tail.stop();
    }
  });
});
