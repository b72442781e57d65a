import type { IndicatorStream } from './IndicatorStream.js';
import { runKernel } from './internal/BlockKernel.js';
import { EmaCore } from './internal/EmaCore.js';
import { checkPeriod, noBarError, outputBuffer } from './internal/indicatorArgs.js';
import { macdKernel } from './internal/MacdKernel.js';

/** MACD periods in bars. */
export interface MacdOptions {
  /** Fast EMA period (default 12). */
  readonly fast?: number;
  /** Slow EMA period (default 26); must exceed `fast`. */
  readonly slow?: number;
  /** Signal EMA period (default 9). */
  readonly signal?: number;
}

/** The three MACD series, each as long as the input (`NaN` during the warm-up). */
export interface MacdResult {
  /** Fast EMA − slow EMA (price units). */
  readonly macd: Float64Array;
  /** EMA of `macd` over the signal period. */
  readonly signal: Float64Array;
  /** `macd − signal`. */
  readonly histogram: Float64Array;
}

/** One bar's MACD values (price units). */
export interface MacdValue {
  readonly macd: number;
  readonly signal: number;
  readonly histogram: number;
}

function periods(where: string, options: MacdOptions): [number, number, number] {
  const fast = options.fast ?? 12;
  const slow = options.slow ?? 26;
  const signal = options.signal ?? 9;
  checkPeriod(where, 'fast', fast);
  checkPeriod(where, 'slow', slow, 2);
  checkPeriod(where, 'signal', signal);
  if (fast >= slow) checkPeriod(where, 'slow (must exceed fast)', slow, fast + 1);
  return [fast, slow, signal];
}

/**
 * Moving Average Convergence/Divergence with TA-Lib's conventions: both EMAs are aligned at index
 * `slow - 1` (the fast EMA is seeded with the average of the `fast` closes ending there, the slow one
 * with the first `slow` closes), the signal EMA is seeded with the average of the first `signal` MACD
 * values, and all three outputs start at index `slow + signal - 2` (33 for 12/26/9).
 *
 * Use it for trend/momentum; the histogram (normalised by price) is one of the default features.
 * O(n), one pass, no allocation besides the three outputs.
 *
 * @param values - closes (any price unit; outputs are in the same unit).
 * @param options - periods (default 12/26/9).
 * @param out - optional output buffers of the input's length.
 * @throws {@link @minhos/core!MinhosError} `INDICATOR_BAD_PARAM` when a period is not an integer ≥ 1 or fast ≥ slow.
 *
 * @example
 * ```ts
 * import { macd } from '@minhos/models';
 * const closes = Float64Array.from({ length: 60 }, (_, i) => 100 + Math.sin(i / 5));
 * const { macd: line, signal, histogram } = macd(closes); // first values at index 33
 * ```
 */
export function macd(
  values: Float64Array,
  options: MacdOptions = {},
  out: Partial<MacdResult> = {},
): MacdResult {
  const [fast, slow, signal] = periods('macd', options);
  const n = values.length;
  const m = outputBuffer('macd', n, out.macd, 'macd');
  const s = outputBuffer('macd', n, out.signal, 'signal');
  const h = outputBuffer('macd', n, out.histogram, 'histogram');
  runKernel(macdKernel(values, [fast, slow, signal], m, s, h), n);
  return { macd: m, signal: s, histogram: h };
}

const NAN_MACD: MacdValue = Object.freeze({ macd: Number.NaN, signal: Number.NaN, histogram: Number.NaN });

/**
 * Streaming {@link macd}: O(1) per close, identical numbers to the batch form.
 *
 * @example
 * ```ts
 * import { MacdStream } from '@minhos/models';
 * const m = new MacdStream(); // 12/26/9
 * for (let i = 0; i < 40; i++) m.next(100 + i);
 * m.value.histogram; // defined from the 34th close on
 * ```
 */
export class MacdStream implements IndicatorStream<number, MacdValue> {
  /** Fast EMA period. */
  readonly fast: number;
  /** Slow EMA period. */
  readonly slow: number;
  /** Signal EMA period. */
  readonly signal: number;
  private readonly fastEma: EmaCore;
  private readonly slowEma: EmaCore;
  private readonly sigEma: EmaCore;
  private committed = 0;
  private pending = Number.NaN;
  private has = false;
  private out: MacdValue = NAN_MACD;

  /** @param options - periods (default 12/26/9). */
  constructor(options: MacdOptions = {}) {
    [this.fast, this.slow, this.signal] = periods('MacdStream', options);
    this.fastEma = new EmaCore(this.fast);
    this.slowEma = new EmaCore(this.slow);
    this.sigEma = new EmaCore(this.signal);
  }

  next(close: number): MacdValue {
    if (this.has) this.commit(this.pending);
    this.has = true;
    this.pending = close;
    this.out = this.compute(close);
    return this.out;
  }

  update(close: number): MacdValue {
    if (!this.has) throw noBarError('MacdStream');
    this.pending = close;
    this.out = this.compute(close);
    return this.out;
  }

  get value(): MacdValue {
    return this.out;
  }

  get count(): number {
    return this.has ? this.committed + 1 : 0;
  }

  get ready(): boolean {
    return this.count >= this.slow + this.signal - 1;
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.sigEma.reset();
    this.committed = 0;
    this.pending = Number.NaN;
    this.has = false;
    this.out = NAN_MACD;
  }

  private compute(x: number): MacdValue {
    const c = this.committed;
    const first = this.slow + this.signal - 2;
    if (c > first) {
      // Steady state, inlined: the same arithmetic as EmaCore.compute.
      const f = this.fastEma;
      const s = this.slowEma;
      const g = this.sigEma;
      const line = (x - f.prev) * f.k + f.prev - ((x - s.prev) * s.k + s.prev);
      const sig = (line - g.prev) * g.k + g.prev;
      return { macd: line, signal: sig, histogram: line - sig };
    }
    if (c < first) return NAN_MACD;
    const line = this.fastEma.compute(x) - this.slowEma.compute(x);
    const sig = this.sigEma.compute(line);
    return { macd: line, signal: sig, histogram: line - sig };
  }

  private commit(x: number): void {
    const c = this.committed;
    if (c > this.slow + this.signal - 2) {
      const f = this.fastEma;
      const s = this.slowEma;
      const g = this.sigEma;
      f.prev = (x - f.prev) * f.k + f.prev;
      s.prev = (x - s.prev) * s.k + s.prev;
      g.prev = (f.prev - s.prev - g.prev) * g.k + g.prev;
      this.committed = c + 1;
      return;
    }
    if (c >= this.slow - this.fast) this.fastEma.commit(x);
    this.slowEma.commit(x);
    if (c >= this.slow - 1) this.sigEma.commit(this.fastEma.prev - this.slowEma.prev);
    this.committed = c + 1;
  }
}
