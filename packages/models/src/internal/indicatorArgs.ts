import { MinhosError } from '@minhos/core';

/** Throws `INDICATOR_BAD_PARAM` unless `value` is an integer in `[min, max]`. */
export function checkPeriod(where: string, name: string, value: number, min = 1, max = 100_000): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MinhosError(
      'INDICATOR_BAD_PARAM',
      `${where}: ${name} must be an integer in [${min}, ${max}], got ${String(value)}`,
      { details: { parameter: name, value } },
    );
  }
}

/** Throws `INDICATOR_BAD_PARAM` unless `value` is a finite number (optionally > 0). */
export function checkFinite(where: string, name: string, value: number, positive = false): void {
  if (!Number.isFinite(value) || (positive && !(value > 0))) {
    throw new MinhosError(
      'INDICATOR_BAD_PARAM',
      `${where}: ${name} must be a finite${positive ? ' positive' : ''} number, got ${String(value)}`,
      { details: { parameter: name, value } },
    );
  }
}

/**
 * The most rows a batch computation takes: 2³¹ − 1 (16 GiB per `Float64Array` column). The batch
 * kernels index rows as int32 (see `BlockKernel`).
 */
export const MAX_ROWS = 2 ** 31 - 1;

/** Throws `INDICATOR_BAD_INPUT` when `n` exceeds {@link MAX_ROWS}. */
export function checkRowCount(where: string, n: number): void {
  if (n > MAX_ROWS) {
    throw new MinhosError(
      'INDICATOR_BAD_INPUT',
      `${where}: ${n} values is more than the ${MAX_ROWS} a batch computation takes; split the series`,
      { details: { length: n, max: MAX_ROWS } },
    );
  }
}

/** Throws `INDICATOR_BAD_INPUT` when parallel input columns differ in length or exceed {@link MAX_ROWS}. */
export function checkSameLength(where: string, columns: Record<string, ArrayLike<number>>): number {
  let n = -1;
  let first = '';
  for (const [name, column] of Object.entries(columns)) {
    if (n === -1) {
      n = column.length;
      first = name;
    } else if (column.length !== n) {
      throw new MinhosError(
        'INDICATOR_BAD_INPUT',
        `${where}: input "${name}" has length ${column.length}, expected ${n} (the length of "${first}")`,
        { details: { input: name, length: column.length, expected: n } },
      );
    }
  }
  checkRowCount(where, n);
  return n;
}

/**
 * Returns `out` (checked to have length `n`) or a new `Float64Array(n)`; the caller fills every slot
 * (NaN in the warm-up), so a reused buffer never leaks old values.
 */
export function outputBuffer(
  where: string,
  n: number,
  out: Float64Array | undefined,
  name = 'out',
): Float64Array {
  checkRowCount(where, n);
  if (out === undefined) return new Float64Array(n);
  if (out.length !== n) {
    throw new MinhosError(
      'INDICATOR_BAD_INPUT',
      `${where}: output buffer "${name}" has length ${out.length}, expected ${n} (the input length)`,
      { details: { output: name, length: out.length, expected: n } },
    );
  }
  return out;
}

/** The error a stream's `update()` throws before its first `next()`. */
export function noBarError(where: string): MinhosError {
  return new MinhosError(
    'INDICATOR_NO_BAR',
    `${where}.update(): there is no bar to update yet; call next() for the first bar`,
  );
}
