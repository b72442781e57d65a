import { MinhosError } from '@minhos/core';
import type { Matrix } from '../Model.js';

/** Checks a training pair: matching lengths, finite features, 0/1 labels, both classes present. */
export function checkTrainingData(where: string, X: Matrix, y: ArrayLike<number>, minRows = 2): void {
  checkMatrix(where, X);
  if (y.length !== X.rows) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `${where}: y has ${y.length} labels, expected one per row of X (${X.rows})`,
    );
  }
  if (X.rows < minRows) {
    throw new MinhosError('MODEL_BAD_INPUT', `${where}: needs at least ${minRows} rows, got ${X.rows}`);
  }
  let ones = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (v !== 0 && v !== 1) {
      throw new MinhosError('MODEL_BAD_INPUT', `${where}: label at row ${i} is ${v}, expected 0 or 1`, {
        details: { row: i },
      });
    }
    ones += v;
  }
  if (ones === 0 || ones === y.length) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `${where}: labels are all ${ones === 0 ? 0 : 1}; training needs both classes`,
    );
  }
}

/** Checks shape consistency and finiteness of a matrix. */
export function checkMatrix(where: string, X: Matrix, expectedCols?: number): void {
  if (X.data.length !== X.rows * X.cols) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `${where}: matrix data has ${X.data.length} values, expected rows × cols = ${X.rows * X.cols}`,
    );
  }
  if (expectedCols !== undefined && X.cols !== expectedCols) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `${where}: X has ${X.cols} columns, the model was trained on ${expectedCols}`,
    );
  }
  const d = X.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `${where}: X[${Math.floor(i / X.cols)}][${i % X.cols}] is ${d[i]}, expected a finite number`,
        { details: { row: Math.floor(i / X.cols), col: i % X.cols } },
      );
    }
  }
}

/** Throws `MODEL_NOT_TRAINED`. */
export function notTrained(kind: string): never {
  throw new MinhosError('MODEL_NOT_TRAINED', `${kind}: predict/save called before fit or load`);
}
