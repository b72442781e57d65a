import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeScidColumns } from './decodeScidColumns.js';
import { decodeScidRecords } from './decodeScidRecords.js';
import { encodeScidFile, encodeScidRecords } from './encodeScidRecords.js';
import { syntheticScidRecords } from './internal/syntheticScid.js';
import { ScidReader } from './ScidReader.js';
import { allocateScidRecords } from './ScidRecords.js';

const dir = mkdtempSync(join(tmpdir(), 'minhos-cols-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decodeScidColumns', () => {
  it('decodes exactly the asked columns, equal to the full decode, into new or caller-owned columns', () => {
    const src = syntheticScidRecords(1000);
    const bytes = encodeScidRecords(src);
    const full = decodeScidRecords(bytes);
    const r = decodeScidColumns(bytes, ['time', 'close', 'totalVolume']);
    expect(Object.keys(r).sort()).toEqual(['close', 'time', 'totalVolume']);
    expect(Array.from(r.time)).toEqual(Array.from(full.time));
    expect(Array.from(r.close)).toEqual(Array.from(full.close));
    expect(Array.from(r.totalVolume)).toEqual(Array.from(full.totalVolume));
    const out = { time: new Float64Array(1010), askVolume: new Uint32Array(1010) };
    const same = decodeScidColumns(bytes, ['time', 'askVolume'], { out, outOffset: 10 });
    expect(same).toBe(out);
    expect(Array.from(out.askVolume.subarray(10))).toEqual(Array.from(src.askVolume));
    expect(out.time[9]).toBe(0);
    expect(() => decodeScidColumns(bytes, ['time'], { out: { time: new Float64Array(5) } })).toThrow(
      /holds 5 records/,
    );
  });

  it('checks what it decodes: NaN in a decoded price or a bad time fails with the byte offset; NaN elsewhere is not read', () => {
    const src = syntheticScidRecords(10);
    src.open[4] = Number.NaN;
    const bytes = encodeScidRecords(src);
    expect(() => decodeScidColumns(bytes, ['time', 'close'])).not.toThrow();
    expect(() => decodeScidColumns(bytes, ['open'], { file: 'x.scid' })).toThrow(
      expect.objectContaining({ code: 'SCID_NAN_PRICE', offset: 56 + 4 * 40 + 8 }),
    );
    const b2 = new Uint8Array(bytes);
    new DataView(b2.buffer).setBigInt64(7 * 40, 5n, true);
    expect(() => decodeScidColumns(b2, ['time'])).toThrow(
      expect.objectContaining({ code: 'SCID_BAD_TIME', offset: 56 + 7 * 40 }),
    );
  });

  it('ScidReader.readColumns / read({ out }) / chunks({ reuse }) give the same values as read()', async () => {
    const src = syntheticScidRecords(150_000);
    const path = join(dir, 'cols.scid');
    writeFileSync(path, encodeScidFile(src));
    const reader = await ScidReader.open(path);
    try {
      const all = await reader.read();
      const cols = await reader.readColumns(['time', 'close', 'totalVolume'], { start: 5, end: 140_005 });
      expect(cols.time.length).toBe(140_000);
      expect(cols.close[0]).toBe(all.close[5]);
      expect(cols.totalVolume[139_999]).toBe(all.totalVolume[140_004]);
      expect(cols.time[70_000]).toBe(all.time[70_005]);
      const out = allocateScidRecords(150_000);
      expect(await reader.read(0, 150_000, { out })).toBe(out);
      expect(Array.from(out.bidVolume.subarray(149_990))).toEqual(
        Array.from(all.bidVolume.subarray(149_990)),
      );
      const seen: number[] = [];
      const buffers = new Set<ArrayBufferLike>();
      let sum = 0;
      for await (const c of reader.chunks({ chunkRecords: 40_000, reuse: true })) {
        seen.push(c.records.time.length);
        buffers.add(c.records.close.buffer);
        for (let i = 0; i < c.records.close.length; i++)
          sum += (c.records.close[i] as number) - (all.close[c.startIndex + i] as number);
      }
      expect(seen).toEqual([40_000, 40_000, 40_000, 30_000]);
      expect(buffers.size).toBe(1);
      expect(sum).toBe(0);
    } finally {
      await reader.close();
    }
  });
});
