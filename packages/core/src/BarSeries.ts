import type { Bar } from './Bar.js';
import { MinhosError } from './MinhosError.js';
import type { TimestampUs } from './time.js';

/** The typed-array columns of a {@link BarSeries}; all have the same length. */
export interface BarColumns {
  /** Bar start times, µs since the Unix epoch (UTC), non-decreasing. */
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

const COLUMNS = ['time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * A columnar, immutable-by-convention series of OHLCV bars backed by `Float64Array`s: the format
 * indicators, feature pipelines and the backtester read. Slicing shares memory (no copies).
 *
 * Times must be non-decreasing (checked at construction); prices are not "fixed" in any way.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * const s = BarSeries.fromBars([
 *   { time: 0, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
 *   { time: 60_000_000, open: 1.5, high: 2.5, low: 1, close: 2, volume: 12 },
 * ]);
 * s.length; // 2
 * s.close[1]; // 2
 * s.slice(1).length; // 1, sharing memory with s
 * ```
 */
export class BarSeries implements BarColumns {
  readonly time: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  /**
   * Wraps existing columns without copying.
   * @throws {@link MinhosError} `BAR_SERIES_INVALID` when column lengths differ or times decrease.
   */
  constructor(columns: BarColumns) {
    const n = columns.time.length;
    for (const name of COLUMNS) {
      if (columns[name].length !== n) {
        throw new MinhosError(
          'BAR_SERIES_INVALID',
          `BarSeries column "${name}" has length ${columns[name].length}, expected ${n} (the length of "time")`,
        );
      }
    }
    const t = columns.time;
    for (let i = 1; i < n; i++) {
      if (!((t[i] as number) >= (t[i - 1] as number))) {
        throw new MinhosError(
          'BAR_SERIES_INVALID',
          `BarSeries times must be non-decreasing: time[${i}]=${t[i]} < time[${i - 1}]=${t[i - 1]}`,
          { details: { index: i } },
        );
      }
    }
    this.time = columns.time;
    this.open = columns.open;
    this.high = columns.high;
    this.low = columns.low;
    this.close = columns.close;
    this.volume = columns.volume;
  }

  /** An empty series. */
  static empty(): BarSeries {
    return BarSeries.allocate(0);
  }

  /** A zero-filled series of `length` bars, for writers that fill columns in place. */
  static allocate(length: number): BarSeries {
    return new BarSeries({
      time: new Float64Array(length),
      open: new Float64Array(length),
      high: new Float64Array(length),
      low: new Float64Array(length),
      close: new Float64Array(length),
      volume: new Float64Array(length),
    });
  }

  /** Builds a series from row objects (copies into new columns). */
  static fromBars(bars: readonly Bar[]): BarSeries {
    const n = bars.length;
    const c = {
      time: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    for (let i = 0; i < n; i++) {
      const b = bars[i] as Bar;
      c.time[i] = b.time;
      c.open[i] = b.open;
      c.high[i] = b.high;
      c.low[i] = b.low;
      c.close[i] = b.close;
      c.volume[i] = b.volume;
    }
    return new BarSeries(c);
  }

  /** Concatenates series in order (copies). Times must stay non-decreasing across the joins. */
  static concat(parts: readonly BarSeries[]): BarSeries {
    const n = parts.reduce((sum, p) => sum + p.length, 0);
    const out = {
      time: new Float64Array(n),
      open: new Float64Array(n),
      high: new Float64Array(n),
      low: new Float64Array(n),
      close: new Float64Array(n),
      volume: new Float64Array(n),
    };
    let offset = 0;
    for (const p of parts) {
      for (const name of COLUMNS) out[name].set(p[name], offset);
      offset += p.length;
    }
    return new BarSeries(out);
  }

  /** Number of bars. */
  get length(): number {
    return this.time.length;
  }

  /** The bar at `index` (negative counts from the end), or `undefined` when out of range. */
  at(index: number): Bar | undefined {
    const i = index < 0 ? this.length + index : index;
    if (i < 0 || i >= this.length) return undefined;
    return {
      time: this.time[i] as number,
      open: this.open[i] as number,
      high: this.high[i] as number,
      low: this.low[i] as number,
      close: this.close[i] as number,
      volume: this.volume[i] as number,
    };
  }

  /** Bars `[start, end)` as a view sharing memory with this series (like `TypedArray.subarray`). */
  slice(start = 0, end: number = this.length): BarSeries {
    return new BarSeries({
      time: this.time.subarray(start, end),
      open: this.open.subarray(start, end),
      high: this.high.subarray(start, end),
      low: this.low.subarray(start, end),
      close: this.close.subarray(start, end),
      volume: this.volume.subarray(start, end),
    });
  }

  /** Index of the first bar with `time >= t` (binary search; `length` when none). */
  lowerBound(t: TimestampUs): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.time[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The bars with `from <= time < to`, as a view. */
  between(from: TimestampUs, to: TimestampUs): BarSeries {
    return this.slice(this.lowerBound(from), this.lowerBound(to));
  }

  /** A deep copy with its own buffers. */
  clone(): BarSeries {
    return new BarSeries({
      time: this.time.slice(),
      open: this.open.slice(),
      high: this.high.slice(),
      low: this.low.slice(),
      close: this.close.slice(),
      volume: this.volume.slice(),
    });
  }

  /** Row objects (allocates one object per bar: for small series, display and tests). */
  toBars(): Bar[] {
    const out: Bar[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.at(i) as Bar;
    return out;
  }

  /** Iterates bars as row objects. */
  *[Symbol.iterator](): IterableIterator<Bar> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Bar;
  }
}
