/**
 * Target lines for the benches: each issue target printed beside what this run measured and
 * PASS or MISS, so a bench's output says by itself whether the target was met in that run.
 */
import { loadavg } from 'node:os';

/** One target of a bench and this run's measurement of it. */
export interface Verdict {
  /** What is measured, e.g. `"fused inference p99"`. */
  readonly what: string;
  /** The target as written in the issue, e.g. `"≤ 3 ms"`. */
  readonly target: string;
  /** The measured value, formatted, e.g. `"2.41 ms"`. */
  readonly measured: string;
  /** Whether the measurement meets the target. */
  readonly pass: boolean;
}

/** Prints the verdicts as a Markdown table, with the load average at the end of the run. */
export function printVerdicts(verdicts: readonly Verdict[]): void {
  console.log('\n| target | required | measured | verdict |');
  console.log('|---|---|---:|---|');
  for (const v of verdicts) {
    console.log(`| ${v.what} | ${v.target} | ${v.measured} | ${v.pass ? 'PASS' : 'MISS'} |`);
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}
