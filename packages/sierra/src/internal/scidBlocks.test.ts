import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateScidColumns } from '../decodeScidColumns.js';
import { decodeScidRecords } from '../decodeScidRecords.js';
import { encodeScidFile } from '../encodeScidRecords.js';
import { ScidReader } from '../ScidReader.js';
import type { ScidRecords } from '../ScidRecords.js';
import { firstMismatch, syntheticScidRecords } from './syntheticScid.js';

// Long enough for the pipelined path (≥ 256 Ki records), with a short last block (not a multiple
// of the 64 Ki-record block).
const N = 300_017;
let dir: string;
let path: string;
let expected: ScidRecords;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minhos-scid-blocks-'));
  path = join(dir, 'long.scid');
  const bytes = encodeScidFile(syntheticScidRecords(N));
  writeFileSync(path, bytes);
  expected = decodeScidRecords(bytes.subarray(56));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('long reads (pipelined blocks)', () => {
  it('read() and readColumns() equal the in-memory decode bit for bit, whole file and across block edges', async () => {
    const reader = await ScidReader.open(path);
    try {
      const all = await reader.read();
      for (const k of Object.keys(expected) as (keyof ScidRecords)[]) {
        expect(firstMismatch(all[k], expected[k]), k).toBe(-1);
      }
      // A range that starts inside the first block and ends inside the last, into `out` at an offset.
      const s = 1234;
      const e = N - 77;
      const out = allocateScidColumns(['time', 'close', 'totalVolume'], e - s + 10);
      await reader.readColumns(['time', 'close', 'totalVolume'], { start: s, end: e, out, outOffset: 10 });
      for (const k of ['time', 'close', 'totalVolume'] as const) {
        expect(firstMismatch(out[k].subarray(10), expected[k].subarray(s, e)), k).toBe(-1);
      }
    } finally {
      await reader.close();
    }
  });

  it('two long reads at once on one reader each get their own buffers and the right records', async () => {
    const reader = await ScidReader.open(path);
    try {
      const [a, b] = await Promise.all([
        reader.readColumns(['time', 'close']),
        reader.readColumns(['close', 'askVolume'], { start: 5 }),
      ]);
      expect(firstMismatch(a.time, expected.time)).toBe(-1);
      expect(firstMismatch(a.close, expected.close)).toBe(-1);
      expect(firstMismatch(b.close, expected.close.subarray(5))).toBe(-1);
      expect(firstMismatch(b.askVolume, expected.askVolume.subarray(5))).toBe(-1);
    } finally {
      await reader.close();
    }
  });

  it('a NaN price deep in the file names its offset, and the next read is clean', async () => {
    // Twice as long: after the failure (block 2, block 3 in flight) a long read follows at once,
    // on the same pipeline buffers.
    const M = 2 * N;
    const good = syntheticScidRecords(M);
    const bad = syntheticScidRecords(M);
    bad.close[70_003] = Number.NaN;
    const p = join(dir, 'nan.scid');
    writeFileSync(p, encodeScidFile(bad));
    const reader = await ScidReader.open(p);
    try {
      await expect(reader.readColumns(['time', 'close'])).rejects.toMatchObject({
        code: 'SCID_NAN_PRICE',
        offset: 56 + 70_003 * 40 + 20, // the close field of that record
        file: p,
      });
      const r = await reader.readColumns(['time', 'close'], { start: 70_004 });
      expect(firstMismatch(r.time, good.time.subarray(70_004))).toBe(-1);
      expect(firstMismatch(r.close, good.close.subarray(70_004))).toBe(-1);
    } finally {
      await reader.close();
    }
  });

  it('a reader closed during a long read fails that read with "reader is closed"', async () => {
    const reader = await ScidReader.open(path);
    const failed = expect(reader.read()).rejects.toMatchObject({
      code: 'SCID_BAD_INPUT',
      message: /reader is closed/,
    });
    await reader.close();
    await failed;
  });

  it('a file that shrank under the reader fails with a retryable SCID_IO at the byte where it ended', async () => {
    const p = join(dir, 'shrinks.scid');
    const bytes = encodeScidFile(syntheticScidRecords(N));
    writeFileSync(p, bytes);
    const reader = await ScidReader.open(p);
    try {
      writeFileSync(p, bytes.subarray(0, 56 + 280_000 * 40 + 12));
      await expect(reader.read()).rejects.toMatchObject({
        code: 'SCID_IO',
        retryable: true,
        offset: 56 + 280_000 * 40 + 12,
      });
    } finally {
      await reader.close();
    }
  });
});
