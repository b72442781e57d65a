import { MinhosError } from '@minhos/core';
import type { ReturnKind } from './returns.js';

/** Settings of {@link labels}. */
export interface LabelOptions {
  /** Bars ahead, an integer ≥ 1: the label of bar t looks at close[t + horizon]. */
  readonly horizon: number;
  /**
   * Dead band (same unit as the return): moves with |return| ≤ threshold are "flat" and get no
   * direction (`NaN`). Default 0, so only exactly unchanged closes are flat.
   */
  readonly threshold?: number;
  /** `'log'` (default) or `'simple'` forward returns. */
  readonly returnKind?: ReturnKind;
}

/** Targets for supervised learning, each as long as the input. */
export interface Labels {
  /** The horizon in bars. */
  readonly horizon: number;
  /** Return from close[t] to close[t + horizon]; `NaN` for the last `horizon` bars. */
  readonly forwardReturn: Float64Array;
  /** 1 = up, 0 = down, `NaN` = flat (within the threshold) or unknown (the last `horizon` bars). */
  readonly direction: Float64Array;
  /** Number of bars with a direction (finite `direction`). */
  readonly labelled: number;
}

/**
 * Labels at t + h: the forward return from bar t's close to bar (t + h)'s close, and its direction.
 *
 * These deliberately look into the future — they are the targets — so never use them as features.
 * The last `horizon` bars have no label (`NaN`). Flat moves are unlabelled rather than counted as
 * "down" so that accuracy on 1-minute futures (many unchanged closes on the tick grid) is not
 * inflated or biased; use `forwardReturn > 0` yourself if you want a two-class target. When
 * you split train/test, purge `horizon` bars between them (the last training labels use test prices).
 *
 * @param close - closes (positive prices).
 * @param options - horizon (bars), threshold, return kind.
 * @throws {@link @minhos/core!MinhosError} `FEATURE_BAD_SPEC` for a bad horizon or threshold.
 *
 * @example
 * ```ts
 * import { labels } from '@minhos/models';
 * const y = labels(Float64Array.of(100, 101, 101, 100), { horizon: 1 });
 * y.direction; // [1, NaN, 0, NaN]
 * ```
 */
export function labels(close: Float64Array, options: LabelOptions): Labels {
  const { horizon } = options;
  const threshold = options.threshold ?? 0;
  const log = (options.returnKind ?? 'log') === 'log';
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `labels: horizon must be an integer ≥ 1 (bars), got ${String(horizon)}`,
    );
  }
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new MinhosError(
      'FEATURE_BAD_SPEC',
      `labels: threshold must be a finite number ≥ 0, got ${String(threshold)}`,
    );
  }
  const n = close.length;
  const forwardReturn = new Float64Array(n).fill(Number.NaN);
  const direction = new Float64Array(n).fill(Number.NaN);
  let labelled = 0;
  for (let t = 0; t + horizon < n; t++) {
    const a = close[t] as number;
    const b = close[t + horizon] as number;
    const r = log ? Math.log(b / a) : (b - a) / a;
    forwardReturn[t] = r;
    if (r > threshold) {
      direction[t] = 1;
      labelled++;
    } else if (r < -threshold) {
      direction[t] = 0;
      labelled++;
    }
  }
  return { horizon, forwardReturn, direction, labelled };
}
