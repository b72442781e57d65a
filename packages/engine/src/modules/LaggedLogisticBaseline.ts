import { LogisticRegressionModel } from '@minhos/models';

/** Settings of {@link LaggedLogisticBaseline}. */
export interface LaggedLogisticBaselineOptions {
  /** Lagged one-bar log returns per row (default 5, as @minhos/models' `prepareEvaluationData`). */
  readonly lags?: number;
  /** Resolved bars needed before the first fit (default 100); no call before it. */
  readonly minTrainingBars?: number;
  /** Most recent resolved bars a fit uses (default 500). */
  readonly fitWindow?: number;
  /** New resolved bars between refits (default 50). */
  readonly refitEvery?: number;
  /** L2 penalty of the regression (default 1, as @minhos/models' `evaluate`). */
  readonly l2?: number;
}

/**
 * The `logistic-lagged-returns` baseline of @minhos/models' `evaluate`, run live and without
 * look-ahead: an L2 logistic regression of "the next bar closes up" on the last `lags` one-bar log
 * returns, fitted only on bars whose outcome is already known (the most recent `fitWindow` of them,
 * refitted every `refitEvery` new ones), and asked at each close for the next bar's direction.
 * Flat next bars are not training rows (as in `evaluate`); flat lags are zeros.
 *
 * @example
 * ```ts
 * import { LaggedLogisticBaseline } from '@minhos/engine';
 * const b = new LaggedLogisticBaseline({ minTrainingBars: 20 });
 * for (let i = 0; i < 200; i++) b.observe(100 + (i % 2));
 * b.call(); // -1 or 1 once fitted: here the alternation is learnt (last close 101 → down)
 * ```
 */
export class LaggedLogisticBaseline {
  readonly #lags: number;
  readonly #minTraining: number;
  readonly #window: number;
  readonly #refitEvery: number;
  readonly #l2: number;
  /** The last `lags + 1` closes, oldest first. */
  readonly #closes: number[] = [];
  /** The lag vector of the last close (what `call` asks about; the next close's training row). */
  #current: Float64Array | undefined;
  /** Training rows (lag vectors) and labels, oldest first, at most `fitWindow`. */
  readonly #rows: Float64Array[] = [];
  readonly #labels: number[] = [];
  #sinceFit = 0;
  #model: LogisticRegressionModel | undefined;
  #fitError: string | undefined;

  constructor(options: LaggedLogisticBaselineOptions = {}) {
    this.#lags = options.lags ?? 5;
    this.#minTraining = options.minTrainingBars ?? 100;
    this.#window = Math.max(options.fitWindow ?? 500, this.#minTraining);
    this.#refitEvery = options.refitEvery ?? 50;
    this.#l2 = options.l2 ?? 1;
  }

  /** Whether a fit exists (calls are made). */
  get fitted(): boolean {
    return this.#model !== undefined;
  }

  /** The last fit's failure (a singular system keeps the previous fit), if any. */
  get fitError(): string | undefined {
    return this.#fitError;
  }

  /** Takes the next close: the previous lag vector becomes a training row with this outcome. */
  observe(close: number): void {
    const before = this.#current;
    const last = this.#closes[this.#closes.length - 1];
    this.#closes.push(close);
    if (this.#closes.length > this.#lags + 1) this.#closes.shift();
    this.#current = this.#lagVector();
    if (before === undefined || last === undefined || close === last) return;
    this.#rows.push(before);
    this.#labels.push(close > last ? 1 : 0);
    if (this.#rows.length > this.#window) {
      this.#rows.shift();
      this.#labels.shift();
    }
    this.#sinceFit += 1;
    const due = this.#model === undefined || this.#sinceFit >= this.#refitEvery;
    if (due && this.#rows.length >= this.#minTraining) this.#fit();
  }

  /** The call for the bar after the last close: +1 up, −1 down, 0 none (not fitted, or P = ½). */
  call(): -1 | 0 | 1 {
    const x = this.#current;
    if (x === undefined || this.#model === undefined) return 0;
    const p = this.#model.predictProbaSync({ rows: 1, cols: this.#lags, data: x })[0] as number;
    return p > 0.5 ? 1 : p < 0.5 ? -1 : 0;
  }

  /** The last `lags` log returns, most recent first (as `prepareEvaluationData`), or undefined. */
  #lagVector(): Float64Array | undefined {
    const c = this.#closes;
    if (c.length < this.#lags + 1) return undefined;
    const x = new Float64Array(this.#lags);
    const n = c.length - 1;
    for (let k = 0; k < this.#lags; k++) x[k] = Math.log((c[n - k] as number) / (c[n - k - 1] as number));
    return x;
  }

  #fit(): void {
    const n = this.#rows.length;
    const data = new Float64Array(n * this.#lags);
    this.#rows.forEach((r, i) => {
      data.set(r, i * this.#lags);
    });
    const model = new LogisticRegressionModel({ l2: this.#l2 });
    try {
      model.fitSync({ rows: n, cols: this.#lags, data }, this.#labels);
      this.#model = model;
      this.#fitError = undefined;
    } catch (e) {
      this.#fitError = e instanceof Error ? e.message : String(e);
    }
    this.#sinceFit = 0;
  }
}
