import { MinhosError } from '@minhos/core';
import { brierScore, type ReliabilityBin, reliabilityTable } from './metrics.js';

/** Serialised state of an {@link IsotonicCalibrator}. */
export interface IsotonicCalibratorState {
  readonly kind: 'isotonic';
  /** Increasing raw-probability knots (block means). */
  readonly x: number[];
  /** Non-decreasing calibrated probabilities at the knots. */
  readonly y: number[];
}

/**
 * Isotonic-regression probability calibration (pool-adjacent-violators): learns the best
 * non-decreasing map raw probability → observed frequency, then interpolates linearly between the
 * fitted block means (flat outside the fitted range).
 *
 * Use it on out-of-sample predictions (a validation fold or out-of-fold predictions), never on the
 * model's own training rows. Calibrated probabilities feed Kelly sizing (`@minhos/kelly`).
 *
 * @example
 * ```ts
 * import { IsotonicCalibrator } from '@minhos/models';
 * const cal = new IsotonicCalibrator().fit([0.2, 0.4, 0.6, 0.8], [0, 1, 0, 1]);
 * cal.transform([0.5]); // Float64Array [0.5]
 * ```
 */
export class IsotonicCalibrator {
  #x: Float64Array = new Float64Array(0);
  #y: Float64Array = new Float64Array(0);

  /** Whether {@link IsotonicCalibrator.fit} has run. */
  get fitted(): boolean {
    return this.#x.length > 0;
  }

  /** Fits the calibration map on raw probabilities and 0/1 outcomes (optionally weighted). */
  fit(proba: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): this {
    const n = proba.length;
    if (n !== y.length || (weights !== undefined && weights.length !== n)) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `IsotonicCalibrator.fit: proba, y (and weights) must have equal length`,
      );
    }
    if (n === 0) throw new MinhosError('MODEL_BAD_INPUT', 'IsotonicCalibrator.fit: no samples');
    for (let i = 0; i < n; i++) {
      const p = proba[i]!;
      const t = y[i]!;
      if (!Number.isFinite(p) || (t !== 0 && t !== 1)) {
        throw new MinhosError(
          'MODEL_BAD_INPUT',
          `IsotonicCalibrator.fit: sample ${i} has p=${p}, y=${t}; expected a finite probability and a 0/1 label`,
        );
      }
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => proba[a]! - proba[b]! || a - b);
    // Blocks on a stack: weighted mean of y, weighted mean of x, total weight.
    const by: number[] = [];
    const bx: number[] = [];
    const bw: number[] = [];
    // Identical raw probabilities form one initial block, so ties get one calibrated value.
    let k = 0;
    while (k < n) {
      const p = proba[order[k]!]!;
      let w = 0;
      let sy = 0;
      while (k < n && proba[order[k]!]! === p) {
        const i = order[k]!;
        const t = y[i]!;
        const wi = weights === undefined ? 1 : weights[i]!;
        w += wi;
        sy += wi * t;
        k++;
      }
      let my = sy / w;
      let mx = p;
      while (by.length > 0 && by[by.length - 1]! >= my) {
        const pw = bw.pop()!;
        const py = by.pop()!;
        const px = bx.pop()!;
        my = (py * pw + my * w) / (pw + w);
        mx = (px * pw + mx * w) / (pw + w);
        w += pw;
      }
      by.push(my);
      bx.push(mx);
      bw.push(w);
    }
    // Equal "violations" were pooled above (>=), so by is strictly increasing and bx increasing.
    this.#x = Float64Array.from(bx);
    this.#y = Float64Array.from(by);
    return this;
  }

  /** Calibrated probabilities for raw probabilities `proba`. */
  transform(proba: ArrayLike<number>): Float64Array {
    if (!this.fitted) {
      throw new MinhosError('MODEL_NOT_TRAINED', 'IsotonicCalibrator.transform called before fit');
    }
    const x = this.#x;
    const y = this.#y;
    const out = new Float64Array(proba.length);
    for (let i = 0; i < proba.length; i++) {
      const p = proba[i]!;
      if (p <= x[0]!) {
        out[i] = y[0]!;
        continue;
      }
      if (p >= x[x.length - 1]!) {
        out[i] = y[y.length - 1]!;
        continue;
      }
      let lo = 0;
      let hi = x.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! <= p) lo = mid;
        else hi = mid;
      }
      const t = (p - x[lo]!) / (x[hi]! - x[lo]!);
      out[i] = y[lo]! + t * (y[hi]! - y[lo]!);
    }
    return out;
  }

  /**
   * Reliability table and Brier score before and after calibration on a (held-out) sample.
   */
  report(
    proba: ArrayLike<number>,
    y: ArrayLike<number>,
    bins = 10,
  ): {
    before: { brier: number; table: ReliabilityBin[] };
    after: { brier: number; table: ReliabilityBin[] };
  } {
    const cal = this.transform(proba);
    return {
      before: { brier: brierScore(proba, y), table: reliabilityTable(proba, y, bins) },
      after: { brier: brierScore(cal, y), table: reliabilityTable(cal, y, bins) },
    };
  }

  /** JSON state (for the model registry). */
  toJSON(): IsotonicCalibratorState {
    return { kind: 'isotonic', x: Array.from(this.#x), y: Array.from(this.#y) };
  }

  /** Restores a calibrator from {@link IsotonicCalibrator.toJSON} output. */
  static fromJSON(state: IsotonicCalibratorState): IsotonicCalibrator {
    const ok =
      state?.kind === 'isotonic' &&
      Array.isArray(state.x) &&
      Array.isArray(state.y) &&
      state.x.length === state.y.length &&
      state.x.length > 0;
    if (!ok) throw new MinhosError('MODEL_LOAD_FAILED', 'IsotonicCalibrator.fromJSON: invalid state');
    const c = new IsotonicCalibrator();
    c.#x = Float64Array.from(state.x);
    c.#y = Float64Array.from(state.y);
    return c;
  }
}
