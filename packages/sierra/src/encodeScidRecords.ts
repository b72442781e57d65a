import { endianness } from 'node:os';
import type { ScidRecords } from './ScidRecords.js';
import { encodeScidHeader, SCID_EPOCH_OFFSET_US, SCID_HEADER_SIZE, SCID_RECORD_SIZE } from './scidFormat.js';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';
const TWO_32 = 4294967296;

/**
 * Encodes columnar records as 40-byte little-endian `.scid` records (no header), DateTime as int64
 * µs since 1899-12-30 UTC. Pure and synchronous: use it for in-memory files (tests, simulators,
 * network transfer); {@link ScidWriter} uses it for files.
 *
 * Times must be whole µs (they are truncated toward −∞ otherwise); prices are written as float32.
 *
 * @example
 * ```ts
 * import { allocateScidRecords, encodeScidRecords } from '@minhos/sierra';
 * encodeScidRecords(allocateScidRecords(3)).length; // 120
 * ```
 */
export function encodeScidRecords(records: ScidRecords): Uint8Array {
  const n = records.time.length;
  const bytes = new Uint8Array(n * SCID_RECORD_SIZE);
  encodeInto(records, bytes);
  return bytes;
}

/**
 * Encodes a complete `.scid` file image: the 56-byte header followed by the records.
 *
 * @example
 * ```ts
 * import { allocateScidRecords, encodeScidFile } from '@minhos/sierra';
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('/tmp/empty.scid', encodeScidFile(allocateScidRecords(0)));
 * ```
 */
export function encodeScidFile(records: ScidRecords): Uint8Array {
  const bytes = new Uint8Array(SCID_HEADER_SIZE + records.time.length * SCID_RECORD_SIZE);
  bytes.set(encodeScidHeader(), 0);
  encodeInto(records, bytes.subarray(SCID_HEADER_SIZE));
  return bytes;
}

function encodeInto(r: ScidRecords, bytes: Uint8Array): void {
  const n = r.time.length;
  if (LITTLE_ENDIAN_HOST && bytes.byteOffset % 8 === 0) {
    const u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, n * 10);
    const f32 = new Float32Array(bytes.buffer, bytes.byteOffset, n * 10);
    for (let i = 0, b = 0; i < n; i++, b += 10) {
      const us = Math.floor(r.time[i] as number) + SCID_EPOCH_OFFSET_US;
      const hi = Math.floor(us / TWO_32);
      u32[b] = us - hi * TWO_32;
      u32[b + 1] = hi;
      f32[b + 2] = r.open[i] as number;
      f32[b + 3] = r.high[i] as number;
      f32[b + 4] = r.low[i] as number;
      f32[b + 5] = r.close[i] as number;
      u32[b + 6] = r.numTrades[i] as number;
      u32[b + 7] = r.totalVolume[i] as number;
      u32[b + 8] = r.bidVolume[i] as number;
      u32[b + 9] = r.askVolume[i] as number;
    }
    return;
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, n * SCID_RECORD_SIZE);
  for (let i = 0; i < n; i++) {
    const p = i * SCID_RECORD_SIZE;
    const us = Math.floor(r.time[i] as number) + SCID_EPOCH_OFFSET_US;
    const hi = Math.floor(us / TWO_32);
    v.setUint32(p, us - hi * TWO_32, true);
    v.setInt32(p + 4, hi, true);
    v.setFloat32(p + 8, r.open[i] as number, true);
    v.setFloat32(p + 12, r.high[i] as number, true);
    v.setFloat32(p + 16, r.low[i] as number, true);
    v.setFloat32(p + 20, r.close[i] as number, true);
    v.setUint32(p + 24, r.numTrades[i] as number, true);
    v.setUint32(p + 28, r.totalVolume[i] as number, true);
    v.setUint32(p + 32, r.bidVolume[i] as number, true);
    v.setUint32(p + 36, r.askVolume[i] as number, true);
  }
}
