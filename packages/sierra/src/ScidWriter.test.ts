import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarSeries } from '@minhos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScidFile } from './encodeScidRecords.js';
import { readScid } from './readScid.js';
import { scidRecordsFromRows } from './ScidRecords.js';
import { ScidWriter } from './ScidWriter.js';
import { scidToTickArray } from './scidToTicks.js';
import { writeScid } from './writeScid.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minhos-writer-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2025, 0, 2, 15) * 1000;
const row = (i: number) => ({
  time: T0 + i,
  open: 1,
  high: 2,
  low: 0.5,
  close: 1.5,
  numTrades: 1,
  totalVolume: i + 1,
  bidVolume: 0,
  askVolume: i + 1,
});

describe('ScidWriter', () => {
  it('writes the documented header bytes', async () => {
    const p = join(dir, 'h.scid');
    await (await ScidWriter.create(p)).close();
    const b = readFileSync(p);
    expect(b.length).toBe(56);
    expect(b.subarray(0, 4).toString('latin1')).toBe('SCID');
    expect([b.readUInt32LE(4), b.readUInt32LE(8), b.readUInt16LE(12), b.readUInt32LE(16)]).toEqual([
      56, 40, 1, 0,
    ]);
    expect(b.subarray(20).every((x) => x === 0)).toBe(true);
  });

  it('encodes DateTime as int64 µs since 1899-12-30 and fields at their documented offsets', async () => {
    const bytes = Buffer.from(encodeScidFile(scidRecordsFromRows([row(0)])));
    expect(bytes.readBigInt64LE(56)).toBe(BigInt(T0) + 25569n * 86_400_000_000n);
    expect([
      bytes.readFloatLE(64),
      bytes.readFloatLE(68),
      bytes.readFloatLE(72),
      bytes.readFloatLE(76),
    ]).toEqual([1, 2, 0.5, 1.5]);
    expect([
      bytes.readUInt32LE(80),
      bytes.readUInt32LE(84),
      bytes.readUInt32LE(88),
      bytes.readUInt32LE(92),
    ]).toEqual([1, 1, 0, 1]);
  });

  it("refuses to clobber in 'create' mode and appends in 'append' mode, cutting a partial record", async () => {
    const p = join(dir, 'a.scid');
    const w = await ScidWriter.create(p);
    await w.appendRows([row(0), row(1)]);
    await w.close();
    await expect(ScidWriter.create(p)).rejects.toMatchObject({ code: 'SCID_IO' });
    appendFileSync(p, new Uint8Array(13));
    const a = await ScidWriter.create(p, { mode: 'append' });
    expect(a.recordCount).toBe(2);
    await expect(a.appendRows([row(0)])).rejects.toMatchObject({ code: 'SCID_UNSORTED', offset: 56 + 80 });
    await a.appendRows([row(2)]);
    await a.close();
    expect(statSync(p).size).toBe(56 + 3 * 40);
    expect(Array.from((await readScid(p)).totalVolume)).toEqual([1, 2, 3]);
  });

  it('rejects NaN prices and out-of-range counts', async () => {
    const w = await ScidWriter.create(join(dir, 'bad.scid'));
    await expect(w.appendRows([{ ...row(0), close: Number.NaN }])).rejects.toMatchObject({
      code: 'SCID_NAN_PRICE',
    });
    await expect(w.appendRows([{ ...row(0), totalVolume: -1 }])).rejects.toMatchObject({
      code: 'SCID_BAD_INPUT',
    });
    await expect(w.appendRows([{ ...row(0), time: Number.NaN }])).rejects.toMatchObject({
      code: 'SCID_BAD_INPUT',
    });
    expect(w.recordCount).toBe(0);
    await w.close();
    await expect(w.appendRows([row(0)])).rejects.toMatchObject({ code: 'SCID_BAD_INPUT' });
  });

  it('writes ticks like Sierra: Open 0, High = ask, Low = bid, same-time trades bumped by 1 µs', async () => {
    const p = join(dir, 't.scid');
    const w = await ScidWriter.create(p);
    await w.appendTicks([
      { time: T0, price: 5000.25, size: 2, bid: 5000, ask: 5000.25, aggressor: 'BUY' },
      { time: T0, price: 5000, size: 1, bid: 5000, ask: 5000.25, aggressor: 'SELL' },
      { time: T0, price: 4999.75, size: 4 },
    ]);
    await w.close();
    const r = await readScid(p);
    expect(Array.from(r.time)).toEqual([T0, T0 + 1, T0 + 2]);
    expect(Array.from(r.open)).toEqual([0, 0, 0]);
    expect(Array.from(r.high)).toEqual([5000.25, 5000.25, 4999.75]);
    expect(Array.from(r.low)).toEqual([5000, 5000, 4999.75]);
    expect(scidToTickArray(r)).toEqual([
      { time: T0, price: 5000.25, size: 2, aggressor: 'BUY' },
      { time: T0 + 1, price: 5000, size: 1, aggressor: 'SELL' },
      { time: T0 + 2, price: 4999.75, size: 4 },
    ]);
  });
});

describe('writeScid', () => {
  it('writes bars, ticks and records in one call', async () => {
    const p = join(dir, 'one-call.scid');
    const bars = BarSeries.fromBars([{ time: T0, open: 1, high: 2, low: 0.5, close: 1.25, volume: 7 }]);
    expect(await writeScid(p, bars)).toBe(1);
    expect(
      await writeScid(p, [{ time: T0 + 60e6, price: 1.5, size: 2, aggressor: 'BUY' }], { mode: 'append' }),
    ).toBe(2);
    expect(
      await writeScid(p, scidRecordsFromRows([{ ...row(0), time: T0 + 120e6 }]), { mode: 'append' }),
    ).toBe(3);
    const r = await readScid(p);
    expect(Array.from(r.close)).toEqual([1.25, 1.5, 1.5]);
    expect(Array.from(r.open)).toEqual([1, 0, 1]);
    await expect(writeScid(p, bars, { mode: 'create' })).rejects.toMatchObject({ code: 'SCID_IO' });
  });

  it('never overwrites silently: its default is ScidWriter.create’s, `create`', async () => {
    const p = join(dir, 'keep-me.scid');
    const bars = BarSeries.fromBars([{ time: T0, open: 1, high: 2, low: 0.5, close: 1.25, volume: 7 }]);
    expect(await writeScid(p, bars)).toBe(1);
    await expect(writeScid(p, bars)).rejects.toMatchObject({ code: 'SCID_IO' });
    await expect(ScidWriter.create(p)).rejects.toMatchObject({ code: 'SCID_IO' });
    expect((await readScid(p)).close.length).toBe(1);
    expect(await writeScid(p, bars, { mode: 'overwrite' })).toBe(1);
  });
});
