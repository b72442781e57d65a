import { MinhosError } from '@minhos/core';
import type { ScalerKind, ScalerState } from '../Scaler.js';

const SCALER_CLASS: Record<ScalerKind, string> = {
  standard: 'StandardScaler',
  robust: 'RobustScaler',
  minmax: 'MinMaxScaler',
};

/** The rows a scaler is fitted on: `[start, end)`. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** Matrix shape every scaler reads: row-major `rows × cols`. */
export interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array | Float32Array;
}

/**
 * Shared machinery of the scalers: all are per-column affine maps `(x − center) / scale`, fitted on
 * the finite values of a row range (warm-up `NaN`s are skipped), `NaN` passes through.
 */
export abstract class AffineScaler {
  abstract readonly kind: ScalerKind;
  protected center: Float64Array = new Float64Array(0);
  protected scale: Float64Array = new Float64Array(0);
  protected names: readonly string[] | undefined;
  protected range: [number, number] = [0, 0];

  /** Computes `[center, scale]` of one column's finite training values (non-empty). */
  protected abstract fitColumn(values: Float64Array): [number, number];

  /** Whether `fit` (or `fromJSON`) has run. */
  get fitted(): boolean {
    return this.center.length > 0;
  }

  /** Number of columns the scaler was fitted on. */
  get cols(): number {
    return this.center.length;
  }

  fit(matrix: MatrixLike & { readonly names?: readonly string[] }, rows?: RowRange): this {
    const where = `${SCALER_CLASS[this.kind]}.fit`;
    const start = rows?.start ?? 0;
    const end = rows?.end ?? matrix.rows;
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(end) ||
      start < 0 ||
      end > matrix.rows ||
      start >= end
    ) {
      throw new MinhosError(
        'SCALER_BAD_INPUT',
        `${where}: rows must satisfy 0 ≤ start < end ≤ ${matrix.rows}, got [${start}, ${end})`,
        { details: { start, end, rows: matrix.rows } },
      );
    }
    checkShape(where, matrix);
    const { cols, data } = matrix;
    const center = new Float64Array(cols);
    const scale = new Float64Array(cols);
    const column = new Float64Array(end - start);
    for (let j = 0; j < cols; j++) {
      let m = 0;
      for (let i = start; i < end; i++) {
        const v = data[i * cols + j] as number;
        if (Number.isFinite(v)) column[m++] = v;
      }
      if (m === 0) {
        const name = matrix.names?.[j];
        throw new MinhosError(
          'SCALER_NO_DATA',
          `${where}: column ${j}${name === undefined ? '' : ` ("${name}")`} has no finite value in rows [${start}, ${end}); fit on rows after the warm-up`,
          { details: { column: j, start, end } },
        );
      }
      const [c, s] = this.fitColumn(column.subarray(0, m));
      center[j] = c;
      // A constant column maps to 0 instead of dividing by zero.
      scale[j] = s > 0 && Number.isFinite(s) ? s : 1;
    }
    this.center = center;
    this.scale = scale;
    this.names = matrix.names === undefined ? undefined : [...matrix.names];
    this.range = [start, end];
    return this;
  }

  transform<M extends MatrixLike>(matrix: M): Omit<M, 'data'> & { readonly data: Float64Array } {
    const where = `${SCALER_CLASS[this.kind]}.transform`;
    this.checkFitted(where, matrix.cols);
    checkShape(where, matrix);
    const { rows, cols, data } = matrix;
    const out = new Float64Array(rows * cols);
    const center = this.center;
    const scale = this.scale;
    for (let i = 0; i < rows; i++) {
      const o = i * cols;
      for (let j = 0; j < cols; j++)
        out[o + j] = ((data[o + j] as number) - (center[j] as number)) / (scale[j] as number);
    }
    return { ...matrix, data: out };
  }

  transformRow(row: ArrayLike<number>, out: Float64Array = new Float64Array(row.length)): Float64Array {
    this.checkFitted(`${SCALER_CLASS[this.kind]}.transformRow`, row.length);
    for (let j = 0; j < row.length; j++) {
      out[j] = ((row[j] as number) - (this.center[j] as number)) / (this.scale[j] as number);
    }
    return out;
  }

  inverseTransformRow(
    row: ArrayLike<number>,
    out: Float64Array = new Float64Array(row.length),
  ): Float64Array {
    this.checkFitted(`${SCALER_CLASS[this.kind]}.inverseTransformRow`, row.length);
    for (let j = 0; j < row.length; j++) {
      out[j] = (row[j] as number) * (this.scale[j] as number) + (this.center[j] as number);
    }
    return out;
  }

  toJSON(): ScalerState {
    if (!this.fitted) {
      throw new MinhosError('SCALER_NOT_FITTED', `${SCALER_CLASS[this.kind]}.toJSON(): call fit() first`);
    }
    return {
      version: 1,
      kind: this.kind,
      center: Array.from(this.center),
      scale: Array.from(this.scale),
      fitRows: [this.range[0], this.range[1]],
      ...(this.names === undefined ? {} : { names: [...this.names] }),
    };
  }

  /** Restores fitted parameters (used by `scalerFromJSON`). */
  restore(state: ScalerState): this {
    this.center = Float64Array.from(state.center);
    this.scale = Float64Array.from(state.scale);
    this.names = state.names === undefined ? undefined : [...state.names];
    this.range = [state.fitRows[0], state.fitRows[1]];
    return this;
  }

  private checkFitted(where: string, cols: number): void {
    if (!this.fitted) throw new MinhosError('SCALER_NOT_FITTED', `${where}: call fit() first`);
    if (cols !== this.center.length) {
      throw new MinhosError(
        'SCALER_BAD_INPUT',
        `${where}: input has ${cols} columns, the scaler was fitted on ${this.center.length}`,
        { details: { cols, fitted: this.center.length } },
      );
    }
  }
}

function checkShape(where: string, m: MatrixLike): void {
  if (
    !Number.isInteger(m.rows) ||
    !Number.isInteger(m.cols) ||
    m.cols < 1 ||
    m.data.length !== m.rows * m.cols
  ) {
    throw new MinhosError(
      'SCALER_BAD_INPUT',
      `${where}: matrix data has ${m.data.length} values, expected rows × cols = ${m.rows} × ${m.cols}`,
    );
  }
}

/** Linear-interpolation quantile of sorted values (NumPy's default method). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  return a + ((sorted[hi] as number) - a) * (pos - lo);
}
