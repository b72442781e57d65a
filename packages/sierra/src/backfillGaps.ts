import { type Bar, BarSeries } from '@minhos/core';
import type { BarGap } from './detectGaps.js';

/**
 * Fetches bars for one gap from a history source (a DTC historical request, a vendor API, a CSV).
 * Return what the source has; an empty result means "really no trades there".
 */
export type GapFetcher = (gap: BarGap) => Promise<BarSeries | readonly Bar[]>;

/** Options of {@link backfillGaps}. */
export interface BackfillOptions {
  /** Which bar wins when both sides have the same time. Default `'existing'`. */
  readonly prefer?: 'existing' | 'fetched';
  /** Keep only fetched bars that start inside a requested gap (default true). */
  readonly clipToGaps?: boolean;
  /** Gaps fetched at the same time (default 1: history servers rate-limit). */
  readonly concurrency?: number;
}

/** Result of {@link backfillGaps}. */
export interface BackfillResult {
  /** The merged series: sorted by time, one bar per time. */
  readonly bars: BarSeries;
  /** Bars added to the input series. */
  readonly added: number;
  /** Gaps whose fetch failed, with the error (the other gaps are still merged). */
  readonly failed: ReadonlyArray<{ readonly gap: BarGap; readonly error: unknown }>;
}

function toSeries(x: BarSeries | readonly Bar[]): BarSeries {
  if (x instanceof BarSeries) return x;
  // Sources do not always return sorted rows; BarSeries requires sorted times.
  return BarSeries.fromBars([...x].sort((a, b) => a.time - b.time));
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Merges two bar series into one sorted by time with one bar per time; on equal times the
 * `prefer`red side's bar is kept. Inputs need not be sorted.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { mergeBars } from '@minhos/sierra';
 * const a = BarSeries.fromBars([{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }]);
 * const b = BarSeries.fromBars([{ time: 0, open: 2, high: 2, low: 2, close: 2, volume: 2 }]);
 * mergeBars(a, b, 'existing').close[0]; // 1
 * ```
 */
export function mergeBars(
  existing: BarSeries,
  fetched: BarSeries,
  prefer: 'existing' | 'fetched' = 'existing',
): BarSeries {
  const n = existing.length + fetched.length;
  // Plain columns, not BarSeries.concat: the concatenation is generally not time-sorted.
  const all = Object.fromEntries(
    COLUMNS.map((c) => {
      const col = new Float64Array(n);
      col.set(existing[c], 0);
      col.set(fetched[c], existing.length);
      return [c, col];
    }),
  ) as Record<(typeof COLUMNS)[number], Float64Array>;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const firstFetched = existing.length;
  const rank = (i: number): number => (i >= firstFetched === (prefer === 'fetched') ? 0 : 1);
  const sorted = Array.from(order).sort(
    (x, y) => (all.time[x] as number) - (all.time[y] as number) || rank(x) - rank(y) || x - y,
  );
  const keep: number[] = [];
  let last = Number.NaN;
  for (const i of sorted) {
    const t = all.time[i] as number;
    if (t === last) continue;
    last = t;
    keep.push(i);
  }
  const out = BarSeries.allocate(keep.length);
  keep.forEach((i, k) => {
    out.time[k] = all.time[i] as number;
    out.open[k] = all.open[i] as number;
    out.high[k] = all.high[i] as number;
    out.low[k] = all.low[i] as number;
    out.close[k] = all.close[i] as number;
    out.volume[k] = all.volume[i] as number;
  });
  return new BarSeries(out);
}

/**
 * Backfill hook: fetches each gap (from {@link detectGaps}) with a user-supplied `fetch` and merges
 * the result into `bars`, deduplicated and sorted. Failed fetches are reported, not thrown, so one
 * bad request does not lose the others.
 *
 * @example
 * ```ts
 * import { US_PER_MINUTE } from '@minhos/core';
 * import { backfillGaps, CME_EQUITY_SESSION, detectGaps } from '@minhos/sierra';
 * declare const bars: import('@minhos/core').BarSeries;
 * declare function fetchHistory(from: number, to: number): Promise<import('@minhos/core').Bar[]>;
 * const gaps = detectGaps(bars.time, { barSizeUs: US_PER_MINUTE, session: CME_EQUITY_SESSION });
 * const { bars: filled, added } = await backfillGaps(bars, gaps, (g) => fetchHistory(g.from, g.to));
 * ```
 */
export async function backfillGaps(
  bars: BarSeries,
  gaps: readonly BarGap[],
  fetch: GapFetcher,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const clip = options.clipToGaps ?? true;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const fetched: BarSeries[] = [];
  const failed: Array<{ gap: BarGap; error: unknown }> = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < gaps.length) {
      const gap = gaps[next++] as BarGap;
      try {
        let s = toSeries(await fetch(gap));
        if (clip) s = s.between(gap.from, gap.to);
        fetched.push(s);
      } catch (error) {
        failed.push({ gap, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, gaps.length)) }, worker));
  const merged = mergeBars(
    bars,
    fetched.length === 0 ? BarSeries.empty() : mergeAll(fetched),
    options.prefer,
  );
  return { bars: merged, added: merged.length - countDistinct(bars), failed };
}

function mergeAll(parts: BarSeries[]): BarSeries {
  return parts.reduce((acc, p) => mergeBars(acc, p, 'existing'));
}

function countDistinct(s: BarSeries): number {
  const seen = new Set<number>();
  for (const t of s.time) seen.add(t);
  return seen.size;
}
