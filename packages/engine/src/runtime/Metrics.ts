/**
 * A latency histogram with logarithmic buckets (about 9 per decade, ≤ 12 % relative error), fixed
 * memory whatever the number of samples. Values in microseconds.
 */
export class LatencyHistogram {
  static readonly #PER_DECADE = 9;
  readonly #buckets = new Float64Array(10 * LatencyHistogram.#PER_DECADE + 1);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Records one latency (µs, ≥ 0). */
  record(us: number): void {
    if (!(us >= 0)) return;
    const b =
      us < 1
        ? 0
        : Math.min(this.#buckets.length - 1, Math.floor(Math.log10(us) * LatencyHistogram.#PER_DECADE) + 1);
    this.#buckets[b] = (this.#buckets[b] ?? 0) + 1;
    this.#count += 1;
    this.#sum += us;
    this.#max = Math.max(this.#max, us);
  }

  /** Samples recorded. */
  get count(): number {
    return this.#count;
  }

  /** The `q`-quantile (0..1) in µs: the upper edge of the bucket holding it (0 when empty). */
  quantile(q: number): number {
    if (this.#count === 0) return 0;
    const target = Math.ceil(q * this.#count);
    let seen = 0;
    for (let b = 0; b < this.#buckets.length; b++) {
      seen += this.#buckets[b] ?? 0;
      if (seen >= target) return Math.min(this.#max, b === 0 ? 1 : 10 ** (b / LatencyHistogram.#PER_DECADE));
    }
    return this.#max;
  }

  /** Count, mean, p50, p99 and max in µs. */
  summary(): { count: number; meanUs: number; p50Us: number; p99Us: number; maxUs: number } {
    return {
      count: this.#count,
      meanUs: this.#count === 0 ? 0 : this.#sum / this.#count,
      p50Us: this.quantile(0.5),
      p99Us: this.quantile(0.99),
      maxUs: this.#max,
    };
  }
}

/** Counters and latency histograms of one service, by name. */
export class ServiceMetrics {
  readonly #counters = new Map<string, number>();
  readonly #latencies = new Map<string, LatencyHistogram>();

  /** Adds `by` (default 1) to counter `name`. */
  count(name: string, by = 1): void {
    this.#counters.set(name, (this.#counters.get(name) ?? 0) + by);
  }

  /** Records a latency in µs under `name`. */
  latency(name: string, us: number): void {
    let h = this.#latencies.get(name);
    if (h === undefined) {
      h = new LatencyHistogram();
      this.#latencies.set(name, h);
    }
    h.record(us);
  }

  /** A plain snapshot for the API and logs. */
  snapshot(): {
    counters: Record<string, number>;
    latencies: Record<string, ReturnType<LatencyHistogram['summary']>>;
  } {
    return {
      counters: Object.fromEntries(this.#counters),
      latencies: Object.fromEntries([...this.#latencies].map(([k, h]) => [k, h.summary()])),
    };
  }
}
