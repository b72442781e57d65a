import { describe, expect, it } from 'vitest';
import { decodeScidColumns, type ScidColumn } from '../decodeScidColumns.js';
import { decodeScidRecords } from '../decodeScidRecords.js';
import type { ScidRecords } from '../ScidRecords.js';
import { SCID_EPOCH_OFFSET_US } from '../scidFormat.js';
import { join, record } from './handMadeScid.js';
import { decodeColumnsLE } from './scidColumnKernel.js';

const COLUMNS: readonly ScidColumn[] = [
  'time',
  'open',
  'high',
  'low',
  'close',
  'numTrades',
  'totalVolume',
  'bidVolume',
  'askVolume',
];

/** Records written byte by byte from the documented layout, with edge values in every field. */
function handMade(n: number): Uint8Array {
  const edgesF = [0, -0, 4500.25, -1.99900095e37, -1.99900197e37, 1e-45, 3.4028234663852886e38, -7.5];
  const edgesU = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 97];
  const recs: Uint8Array[] = [];
  // Times spanning 1950..2200, both 32-bit halves exercised (low word near 2^32, odd µs).
  const lo = BigInt(18263) * 86_400_000_000n;
  const hi = BigInt(109574) * 86_400_000_000n;
  for (let i = 0; i < n; i++) {
    const t = i === 0 ? lo : i === n - 1 ? hi : lo + ((hi - lo) * BigInt(i)) / BigInt(n) + BigInt(i * 7919);
    recs.push(
      record({
        dateTime: t,
        o: edgesF[i % edgesF.length] as number,
        h: edgesF[(i + 1) % edgesF.length] as number,
        l: edgesF[(i + 3) % edgesF.length] as number,
        c: edgesF[(i + 5) % edgesF.length] as number,
        n: edgesU[i % edgesU.length] as number,
        vol: edgesU[(i + 1) % edgesU.length] as number,
        bidVol: edgesU[(i + 2) % edgesU.length] as number,
        askVol: edgesU[(i + 4) % edgesU.length] as number,
      }),
    );
  }
  return join(...recs);
}

/** The bytes of a typed array, so equality is bit-exact (-0 vs 0 included). */
const bits = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('decodeColumnsLE (one-pass column kernel)', () => {
  const n = 97;
  const bytes = handMade(n);
  const full = decodeScidRecords(bytes);

  it('is bit-exact with the full decoder for every one of the 511 column subsets, at an offset', () => {
    for (let mask = 1; mask < 1 << COLUMNS.length; mask++) {
      const cols = COLUMNS.filter((_, k) => (mask >> k) & 1);
      const r = decodeScidColumns(bytes, cols);
      expect(Object.keys(r).sort()).toEqual([...cols].sort());
      for (const c of cols) expect(bits(r[c]).equals(bits(full[c])), c).toBe(true);
      // Into a caller-owned `out` at an offset: the cells before it are untouched.
      const out: Partial<Record<ScidColumn, ScidRecords[ScidColumn]>> = {};
      for (const c of cols) {
        out[c] = new (full[c].constructor as Float64ArrayConstructor)(n + 3).fill(-1);
      }
      decodeScidColumns(bytes, cols, { out: out as Pick<ScidRecords, ScidColumn>, outOffset: 3 });
      for (const c of cols) {
        expect(bits((out[c] as ScidRecords[ScidColumn]).subarray(3)).equals(bits(full[c])), c).toBe(true);
      }
      for (const c of cols) expect(Array.from((out[c] as Float64Array).subarray(0, 3))).not.toContain(0);
    }
  });

  it('times are exact from the two 32-bit halves (no BigInt), equal to the BigInt reference', () => {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const r = decodeScidColumns(bytes, ['time']);
    for (let i = 0; i < n; i++) {
      expect(r.time[i]).toBe(Number(v.getBigInt64(i * 40, true)) - SCID_EPOCH_OFFSET_US);
    }
  });

  it('returns the first bad record among the decoded columns only, having written the ones before', () => {
    const b = new Uint8Array(bytes);
    const dv = new DataView(b.buffer);
    dv.setFloat32(10 * 40 + 8, Number.NaN, true); // open of record 10
    dv.setFloat32(20 * 40 + 20, Number.NaN, true); // close of record 20
    dv.setBigInt64(30 * 40, 5n, true); // implausible time at record 30
    const views = (x: Uint8Array) =>
      [
        new Uint32Array(x.buffer, x.byteOffset, n * 10),
        new Int32Array(x.buffer, x.byteOffset, n * 10),
        new Float32Array(x.buffer, x.byteOffset, n * 10),
      ] as const;
    const [u32, i32, f32] = views(b);
    expect(decodeColumnsLE(u32, i32, f32, n, { totalVolume: new Uint32Array(n) }, 0)).toBe(-1);
    expect(decodeColumnsLE(u32, i32, f32, n, { time: new Float64Array(n) }, 0)).toBe(30);
    const close = new Float32Array(n);
    expect(decodeColumnsLE(u32, i32, f32, n, { close, time: new Float64Array(n) }, 0)).toBe(20);
    expect(bits(close.subarray(0, 20))).toEqual(bits(full.close.subarray(0, 20)));
    expect(decodeColumnsLE(u32, i32, f32, n, { open: new Float32Array(n), close }, 0)).toBe(10);
  });
});
