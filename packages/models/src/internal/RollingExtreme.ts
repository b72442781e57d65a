/**
 * Maximum (or minimum) of the last `period` values in amortised O(1): a monotonic deque of the
 * committed values that can still become the extreme, so streams can ask "what if this were the
 * next value" (`compute`) without changing the state.
 */
export class RollingExtreme {
  private readonly period: number;
  private readonly sign: number;
  private readonly idx: Float64Array;
  private readonly val: Float64Array;
  private start = 0;
  private size = 0;
  committed = 0;

  /** @param max - `true` for a rolling maximum, `false` for a minimum. */
  constructor(period: number, max: boolean) {
    this.period = period;
    this.sign = max ? 1 : -1;
    this.idx = new Float64Array(period);
    this.val = new Float64Array(period);
  }

  /** The extreme of the window of `period` values ending with `x` (the next value). */
  compute(x: number): number {
    if (this.size === 0) return x;
    const front = this.val[this.start] as number;
    return this.sign > 0 ? Math.max(front, x) : Math.min(front, x);
  }

  commit(x: number): void {
    const cap = this.period;
    const s = this.sign;
    const i = this.committed;
    // Drop values the new one dominates: they can never be the extreme again.
    while (this.size > 0) {
      let back = this.start + this.size - 1;
      if (back >= cap) back -= cap;
      if (s * ((this.val[back] as number) - x) > 0) break;
      this.size--;
    }
    let slot = this.start + this.size;
    if (slot >= cap) slot -= cap;
    this.idx[slot] = i;
    this.val[slot] = x;
    this.size++;
    // The next window ends at i + 1 and starts at i + 2 − period.
    const oldest = i + 2 - cap;
    while (this.size > 0 && (this.idx[this.start] as number) < oldest) {
      this.start = this.start + 1 === cap ? 0 : this.start + 1;
      this.size--;
    }
    this.committed = i + 1;
  }

  reset(): void {
    this.start = 0;
    this.size = 0;
    this.committed = 0;
  }
}
