import type { MatrixLike, RowRange } from './internal/AffineScaler.js';

export type { MatrixLike, RowRange } from './internal/AffineScaler.js';

/** The scalers this package provides. */
export type ScalerKind = 'standard' | 'robust' | 'minmax';

/**
 * A fitted scaler's parameters as plain JSON (for the model registry): every scaler maps column j
 * with `(x − center[j]) / scale[j]`.
 */
export interface ScalerState {
  readonly version: 1;
  readonly kind: ScalerKind;
  readonly center: readonly number[];
  readonly scale: readonly number[];
  /** The rows `[start, end)` the scaler was fitted on (audit trail against leakage). */
  readonly fitRows: readonly [number, number];
  /** Column names, when the fitted matrix had them. */
  readonly names?: readonly string[];
}

/**
 * A per-column feature scaler fitted on training rows only and applied to anything.
 *
 * Fit on `[start, end)` of the training window — never on validation or test rows, or their
 * statistics leak into training — then `transform` any matrix with the same columns. Non-finite
 * values (warm-up `NaN`s) are ignored by `fit` and pass through `transform`. Constant columns get
 * scale 1.
 *
 * @example
 * ```ts
 * import { StandardScaler, scalerFromJSON, type FeatureMatrix } from '@minhos/models';
 * declare const X: FeatureMatrix;
 * const scaler = new StandardScaler().fit(X, { start: 0, end: 5000 });
 * const Xs = scaler.transform(X); // same shape, names and times
 * const again = scalerFromJSON(JSON.parse(JSON.stringify(scaler.toJSON())));
 * ```
 */
export interface Scaler {
  readonly kind: ScalerKind;
  /** Whether the scaler has been fitted (or restored). */
  readonly fitted: boolean;
  /** Number of columns it was fitted on (0 before `fit`). */
  readonly cols: number;
  /**
   * Fits on the finite values of rows `[start, end)` (default: all rows).
   * @throws {@link @minhos/core!MinhosError} `SCALER_BAD_INPUT` for a bad range/shape, `SCALER_NO_DATA` when a column has no finite value there.
   */
  fit(matrix: MatrixLike & { readonly names?: readonly string[] }, rows?: RowRange): this;
  /** A scaled copy of `matrix` (other properties such as `names` and `time` are kept). */
  transform<M extends MatrixLike>(matrix: M): Omit<M, 'data'> & { readonly data: Float64Array };
  /** Scales one feature row (e.g. from {@link FeatureStream}). */
  transformRow(row: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Undoes {@link Scaler.transformRow}. */
  inverseTransformRow(row: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** The fitted parameters as JSON. @throws {@link @minhos/core!MinhosError} `SCALER_NOT_FITTED`. */
  toJSON(): ScalerState;
}
