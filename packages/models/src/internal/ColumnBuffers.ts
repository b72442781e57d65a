/**
 * Scratch columns kept between batch calls (the feature pipeline's block-sized indicator outputs
 * and the volatility's full-length returns), so repeated calls reuse memory that is already
 * mapped instead of paying the first-touch page faults of fresh buffers again.
 *
 * Slot `k` is one buffer, grown to exactly the longest length asked for so far; {@link take}
 * returns a view of the asked length on it. A caller asks for the same slots in the same order on
 * every call, so slot k always serves the same column. Every user must overwrite the whole view:
 * it holds the previous call's values.
 */
export class ColumnBuffers {
  private slots: (Float64Array | undefined)[] = [];

  /** A length-`n` view on slot `k` (grown first when shorter than `n`). */
  take(k: number, n: number): Float64Array {
    let b = this.slots[k];
    if (b === undefined || b.length < n) {
      b = new Float64Array(n);
      this.slots[k] = b;
    }
    return b.length === n ? b : b.subarray(0, n);
  }

  /** Bytes held by all slots. */
  get bytes(): number {
    let total = 0;
    for (const b of this.slots) total += b === undefined ? 0 : b.byteLength;
    return total;
  }

  /** Drops every slot (the next {@link take} allocates again). */
  release(): void {
    this.slots = [];
  }
}
