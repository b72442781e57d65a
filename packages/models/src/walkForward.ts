import { MinhosError } from '@minhos/core';

/** How {@link walkForwardSplits} grows the training window. */
export type WalkForwardMode = 'expanding' | 'rolling';

/** Settings of {@link walkForwardSplits}. All sizes are in rows (samples), in time order. */
export interface WalkForwardOptions {
  /** Total rows. */
  readonly rows: number;
  /** `'expanding'`: training always starts at row 0; `'rolling'`: a fixed-length window slides. */
  readonly mode: WalkForwardMode;
  /** Training rows of the first fold (expanding) or of every fold (rolling). */
  readonly trainSize: number;
  /** Test rows per fold. */
  readonly testSize: number;
  /**
   * Rows skipped between the end of training and the start of testing. Must be ≥ the label horizon
   * (in rows): the last training label looks `horizon` rows ahead, into what would be test data.
   */
  readonly purge: number;
  /** Rows the test window advances per fold. Default `testSize` (adjacent, non-overlapping tests). */
  readonly step?: number;
  /** Stop after this many folds. Default: as many as fit. */
  readonly maxFolds?: number;
}

/** One walk-forward fold: half-open row ranges `[start, end)`. */
export interface Fold {
  readonly index: number;
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
}

/**
 * Chronological train/test splits for walk-forward evaluation, with a purge gap so that labels
 * looking ahead never straddle the train/test boundary. Test windows never overlap training rows
 * and always lie after them.
 *
 * @example
 * ```ts
 * import { walkForwardSplits } from '@minhos/models';
 * walkForwardSplits({ rows: 1000, mode: 'expanding', trainSize: 500, testSize: 100, purge: 5 });
 * // [{ trainStart: 0, trainEnd: 500, testStart: 505, testEnd: 605 }, { …, trainEnd: 600, testStart: 605 … }, …]
 * ```
 */
export function walkForwardSplits(options: WalkForwardOptions): Fold[] {
  const { rows, mode, trainSize, testSize, purge } = options;
  const step = options.step ?? testSize;
  const maxFolds = options.maxFolds ?? Number.POSITIVE_INFINITY;
  const bad = (what: string, v: unknown, expected: string): never => {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `walkForwardSplits: ${what} must be ${expected}, got ${String(v)}`,
    );
  };
  if (mode !== 'expanding' && mode !== 'rolling') bad('mode', mode, "'expanding' or 'rolling'");
  for (const [k, v] of [
    ['rows', rows],
    ['trainSize', trainSize],
    ['testSize', testSize],
    ['step', step],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) bad(k, v, 'a positive integer');
  }
  if (!Number.isInteger(purge) || purge < 0) bad('purge', purge, 'an integer ≥ 0 (rows)');
  const folds: Fold[] = [];
  for (let k = 0; folds.length < maxFolds; k++) {
    const trainEnd = trainSize + k * step;
    const testStart = trainEnd + purge;
    const testEnd = testStart + testSize;
    if (testEnd > rows) break;
    folds.push({
      index: folds.length,
      trainStart: mode === 'expanding' ? 0 : trainEnd - trainSize,
      trainEnd,
      testStart,
      testEnd,
    });
  }
  if (folds.length === 0) {
    throw new MinhosError(
      'MODEL_BAD_INPUT',
      `walkForwardSplits: ${rows} rows cannot hold one fold of trainSize ${trainSize} + purge ${purge} + testSize ${testSize}`,
    );
  }
  return folds;
}
