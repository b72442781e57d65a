/** Shared by the SCID benches (no top-level work: safe to import). */

/** Best time (ms) to first-touch a fresh 80 MiB ArrayBuffer: the page-fault cost of fresh memory. */
export function freshTouchMs(reps: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const u8 = new Uint8Array(80 << 20);
    for (let i = 0; i < u8.length; i += 4096) u8[i] = 1;
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}
