import type { ScidRecords } from '../ScidRecords.js';
import { MAX_SCID_US, MIN_SCID_US, SCID_EPOCH_OFFSET_US } from '../scidFormat.js';

const TWO_32 = 4294967296;
const NO_F64 = new Float64Array(0);
const NO_F32 = new Float32Array(0);
const NO_U32 = new Uint32Array(0);

/**
 * The hot loop of a column decode on a little-endian host with int64 µs times: ONE pass over the
 * records (each 40-byte record is read from memory once, whatever the number of columns), writing
 * only the columns present in `out` at `o + i`. Absent columns are replaced by empty arrays and
 * guarded by loop-invariant flags, so every load and store stays monomorphic (one typed-array kind
 * per variable) and the branches are perfectly predicted. Time is the exact sum of the two 32-bit
 * halves (below 2^53 for every plausible DateTime, no BigInt).
 *
 * `words` must be 4-byte-aligned views of the same bytes (the caller checks). Checks what it
 * decodes: returns the index of the first record whose time is outside 1950..2200 or whose decoded
 * price is NaN, or -1 when all `n` are good (records before the bad one are already written).
 * @internal
 */
export function decodeColumnsLE(
  u32: Uint32Array,
  i32: Int32Array,
  f32: Float32Array,
  n: number,
  out: Partial<ScidRecords>,
  o: number,
): number {
  const time = out.time ?? NO_F64;
  const open = out.open ?? NO_F32;
  const high = out.high ?? NO_F32;
  const low = out.low ?? NO_F32;
  const close = out.close ?? NO_F32;
  const numTrades = out.numTrades ?? NO_U32;
  const totalVolume = out.totalVolume ?? NO_U32;
  const bidVolume = out.bidVolume ?? NO_U32;
  const askVolume = out.askVolume ?? NO_U32;
  const hT = out.time !== undefined;
  const hO = out.open !== undefined;
  const hH = out.high !== undefined;
  const hL = out.low !== undefined;
  const hC = out.close !== undefined;
  const hN = out.numTrades !== undefined;
  const hV = out.totalVolume !== undefined;
  const hB = out.bidVolume !== undefined;
  const hA = out.askVolume !== undefined;
  // Locals, not module bindings, so the optimising compiler keeps them in registers.
  const minUs = MIN_SCID_US;
  const maxUs = MAX_SCID_US;
  const epoch = SCID_EPOCH_OFFSET_US;
  const two32 = TWO_32;
  for (let i = 0, b = 0; i < n; i++, b += 10) {
    const j = o + i;
    if (hT) {
      const us = (u32[b] as number) + (i32[b + 1] as number) * two32;
      if (!(us >= minUs && us <= maxUs)) return i;
      time[j] = us - epoch;
    }
    if (hO) {
      const x = f32[b + 2] as number;
      if (Number.isNaN(x)) return i;
      open[j] = x;
    }
    if (hH) {
      const x = f32[b + 3] as number;
      if (Number.isNaN(x)) return i;
      high[j] = x;
    }
    if (hL) {
      const x = f32[b + 4] as number;
      if (Number.isNaN(x)) return i;
      low[j] = x;
    }
    if (hC) {
      const x = f32[b + 5] as number;
      if (Number.isNaN(x)) return i;
      close[j] = x;
    }
    if (hN) numTrades[j] = u32[b + 6] as number;
    if (hV) totalVolume[j] = u32[b + 7] as number;
    if (hB) bidVolume[j] = u32[b + 8] as number;
    if (hA) askVolume[j] = u32[b + 9] as number;
  }
  return -1;
}
