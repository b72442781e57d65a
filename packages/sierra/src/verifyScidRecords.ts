import type { ScidRecords } from './ScidRecords.js';

/** One record that fails {@link verifyScidRecords}. */
export interface ScidRecordProblem {
  /** Index of the record in the file. */
  readonly index: number;
  /** What is wrong, e.g. `close is NaN`. */
  readonly problem: string;
}

/** Running result of {@link verifyScidRecords} over a file, chunk by chunk. */
export interface ScidVerification {
  /** Records checked so far. */
  checked: number;
  /** Records with at least one problem. */
  bad: number;
  /** The first problems found (at most `maxExamples`). */
  readonly examples: ScidRecordProblem[];
  /** Time of the last record checked (µs), for the order check across chunks. */
  lastTime: number;
}

/** A fresh {@link ScidVerification}. */
export function newScidVerification(): ScidVerification {
  return { checked: 0, bad: 0, examples: [], lastTime: Number.NEGATIVE_INFINITY };
}

const PRICES = ['open', 'high', 'low', 'close'] as const;

/**
 * Checks decoded `.scid` records (one chunk, starting at file index `startIndex`) and adds what it
 * finds to `state`: a price (open/high/low/close) that is NaN or infinite, a time that is not finite
 * or goes backwards. Tick-file conventions are respected (open is a marker, high/low are ask/bid,
 * a trade outside the quote is kept as it is). Pure apart from updating `state`.
 *
 * @example
 * ```ts
 * import { allocateScidRecords, newScidVerification, verifyScidRecords } from '@minhos/sierra';
 * const r = allocateScidRecords(2);
 * r.time.set([1, 2]);
 * r.close.set([4500, Number.NaN]);
 * const v = newScidVerification();
 * verifyScidRecords(r, 0, v);
 * v.bad; // 1 — v.examples[0] is { index: 1, problem: 'close is NaN' }
 * ```
 */
export function verifyScidRecords(
  records: ScidRecords,
  startIndex: number,
  state: ScidVerification,
  maxExamples = 10,
): void {
  const n = records.time.length;
  for (let i = 0; i < n; i++) {
    let problem: string | undefined;
    const t = records.time[i] as number;
    if (!Number.isFinite(t)) problem = `time is ${t}`;
    else if (t < state.lastTime) problem = `time goes backwards (${t} after ${state.lastTime})`;
    for (const f of PRICES) {
      const v = records[f][i] as number;
      if (!Number.isFinite(v)) problem = problem === undefined ? `${f} is ${v}` : `${problem}; ${f} is ${v}`;
    }
    if (Number.isFinite(t)) state.lastTime = Math.max(state.lastTime, t);
    if (problem !== undefined) {
      state.bad++;
      if (state.examples.length < maxExamples) state.examples.push({ index: startIndex + i, problem });
    }
  }
  state.checked += n;
}
