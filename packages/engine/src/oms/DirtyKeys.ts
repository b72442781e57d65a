/**
 * @internal Keys changed since the last commit, each once, in first-change order: the order
 * manager's coalesced rows. A fixed list reused across commits, because `Map`/`Set.clear()`
 * allocate a new hash table in V8 — the dirty maps' `clear()` was ~10 % of a backtest's CPU
 * profile (`pnpm bench eventBacktest`, 2026-12-03). A commit changes a handful of keys, so the
 * duplicate check is a scan.
 */
export class DirtyKeys {
  readonly #keys: string[] = [];
  #count = 0;

  /** Marks `key` changed (once per commit). */
  add(key: string): void {
    const keys = this.#keys;
    for (let i = 0; i < this.#count; i++) if (keys[i] === key) return;
    keys[this.#count] = key;
    this.#count += 1;
  }

  /** Number of keys changed since the last {@link DirtyKeys.reset}. */
  get count(): number {
    return this.#count;
  }

  /** The `i`-th changed key (0 ≤ i < count). */
  at(i: number): string {
    return this.#keys[i] as string;
  }

  /** Forgets every key (keeps the list). */
  reset(): void {
    this.#count = 0;
  }
}
