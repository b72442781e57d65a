import type { ScidRecords } from '../ScidRecords.js';
import { MAX_SCID_US, MIN_SCID_US, SCID_EPOCH_OFFSET_US } from '../scidFormat.js';

const TWO_32 = 4294967296;
/** Records per sub-block: 640 KiB of source, so every column pass after the first reads from cache. */
const SUB_BLOCK = 1 << 14;

/**
 * The hot loop of a column decode on a little-endian host with int64 µs times. Writes only the
 * columns present in `out`, at `o + i`, walking the records in sub-blocks of 16 Ki (640 KiB, cache
 * resident) with one tight loop per column and per sub-block. Each loop has a single typed-array
 * kind per variable (monomorphic) and no per-column flags. One fused loop guarded by nine "is this
 * column wanted" flags was as fast on a good compile but bimodal across processes (35–81 ms CPU for
 * time + close + volume of 5 M records, against 32–41 ms for this shape). Time is the exact sum of the two 32-bit halves (below 2^53 for every plausible
 * DateTime, no BigInt).
 *
 * `u32`/`i32`/`f32` are 4-byte-aligned views of the same bytes (the caller checks). Checks what it
 * decodes: returns the index of the first record whose time is outside 1950..2200 or whose decoded
 * price is NaN, or -1 when all `n` are good. Every record before the bad one is written (later
 * cells may be written too).
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
  const { time, open, high, low, close, numTrades, totalVolume, bidVolume, askVolume } = out;
  for (let s = 0; s < n; s += SUB_BLOCK) {
    const m = Math.min(SUB_BLOCK, n - s);
    const p = o + s;
    let bad = time === undefined ? -1 : decodeTime(u32, i32, s, m, time, p);
    if (open !== undefined) bad = first(bad, decodeFloat(f32, s, 2, m, open, p));
    if (high !== undefined) bad = first(bad, decodeFloat(f32, s, 3, m, high, p));
    if (low !== undefined) bad = first(bad, decodeFloat(f32, s, 4, m, low, p));
    if (close !== undefined) bad = first(bad, decodeFloat(f32, s, 5, m, close, p));
    if (numTrades !== undefined) decodeUint(u32, s, 6, m, numTrades, p);
    if (totalVolume !== undefined) decodeUint(u32, s, 7, m, totalVolume, p);
    if (bidVolume !== undefined) decodeUint(u32, s, 8, m, bidVolume, p);
    if (askVolume !== undefined) decodeUint(u32, s, 9, m, askVolume, p);
    if (bad >= 0) return s + bad;
  }
  return -1;
}

/** The smaller of two "first bad index" results, -1 meaning none. */
function first(a: number, b: number): number {
  if (a < 0) return b;
  return b < 0 ? a : Math.min(a, b);
}

function decodeTime(
  u32: Uint32Array,
  i32: Int32Array,
  s: number,
  n: number,
  dst: Float64Array,
  o: number,
): number {
  // Locals, not module bindings (an import is re-loaded on every iteration): registers in the loop.
  const minUs = MIN_SCID_US;
  const maxUs = MAX_SCID_US;
  const epoch = SCID_EPOCH_OFFSET_US;
  const two32 = TWO_32;
  for (let i = 0, b = s * 10; i < n; i++, b += 10) {
    const us = (u32[b] as number) + (i32[b + 1] as number) * two32;
    if (!(us >= minUs && us <= maxUs)) return i;
    dst[o + i] = us - epoch;
  }
  return -1;
}

function decodeFloat(
  f32: Float32Array,
  s: number,
  w: number,
  n: number,
  dst: Float32Array,
  o: number,
): number {
  for (let i = 0, b = s * 10 + w; i < n; i++, b += 10) {
    const x = f32[b] as number;
    if (Number.isNaN(x)) return i;
    dst[o + i] = x;
  }
  return -1;
}

function decodeUint(u32: Uint32Array, s: number, w: number, n: number, dst: Uint32Array, o: number): void {
  for (let i = 0, b = s * 10 + w; i < n; i++, b += 10) dst[o + i] = u32[b] as number;
}
