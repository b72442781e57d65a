import { BACKTESTING_PY_LABELS } from '@minhos/engine';
import type { RunStats } from './JobResult.js';
import type { JobOutcome, PlannedJob } from './JobRunner.js';

/** One job of a sweep in its report. */
export interface SweepRow {
  /** 1 = best by the statistic; null for failed jobs and runs whose statistic is NaN. */
  readonly rank: number | null;
  readonly jobId: string;
  readonly kind: 'backtest' | 'walk-forward-fold' | 'train';
  readonly state: 'completed' | 'failed';
  readonly attempts: number;
  /** The run's parameters (for a fold: the ones it chose on its training bars). */
  readonly params: Readonly<Record<string, number>>;
  /** Walk-forward fold number, when a fold. */
  readonly fold?: number;
  /** The ranking statistic's value (null when NaN or failed). */
  readonly value: number | null;
  /** The full statistics table (completed backtests and folds). */
  readonly stats?: RunStats;
  readonly error?: { readonly code: string; readonly message: string };
  /** True when this run came from an earlier execution (resumed sweep) rather than this one. */
  readonly reused: boolean;
}

/** A sweep's results, ranked. */
export interface SweepReport {
  readonly sweepId: string;
  readonly strategy: string;
  readonly statistic: string;
  readonly order: 'asc' | 'desc';
  readonly mode: 'in-process' | 'redis';
  readonly total: number;
  readonly completed: number;
  readonly failed: number;
  /** Jobs found finished from an earlier run and not run again. */
  readonly reused: number;
  /** Completed rows by rank, then failed ones. */
  readonly rows: readonly SweepRow[];
}

/**
 * Ranks a sweep's outcomes by `statistic` (`order` `'desc'`: higher first), NaN and failed last,
 * ties by job id so the ranking is the same on every run.
 *
 * @example
 * ```ts
 * import { rankSweep } from '@minhos/jobs';
 * // const report = rankSweep({ sweepId, strategy, statistic: 'sharpeRatio', order: 'desc', mode: 'in-process' }, plan.jobs, outcomes, reusedIds);
 * ```
 */
export function rankSweep(
  head: Pick<SweepReport, 'sweepId' | 'strategy' | 'statistic' | 'order' | 'mode'>,
  jobs: readonly PlannedJob[],
  outcomes: ReadonlyMap<string, JobOutcome>,
  reused: ReadonlySet<string>,
): SweepReport {
  const rows: SweepRow[] = [];
  for (const job of jobs) {
    const o = outcomes.get(job.id);
    if (o === undefined) continue;
    const r = o.result;
    const params =
      r !== undefined && (r.kind === 'backtest' || r.kind === 'walk-forward-fold')
        ? r.params
        : job.payload.kind === 'backtest'
          ? job.payload.params
          : {};
    const stats = r !== undefined && r.kind !== 'train' ? r.stats : undefined;
    const value =
      o.state === 'completed'
        ? stats !== undefined
          ? (stats[head.statistic] ?? null)
          : r?.kind === 'train'
            ? r.metrics.accuracy
            : null
        : null;
    rows.push({
      rank: null,
      jobId: job.id,
      kind: job.payload.kind,
      state: o.state,
      attempts: o.attempts,
      params,
      ...(job.payload.kind === 'walk-forward-fold' ? { fold: job.payload.fold } : {}),
      value,
      ...(stats !== undefined ? { stats } : {}),
      ...(o.error !== undefined ? { error: o.error } : {}),
      reused: reused.has(job.id),
    });
  }
  const sign = head.order === 'desc' ? -1 : 1;
  rows.sort((a, b) => {
    const av = a.value;
    const bv = b.value;
    if (av === null && bv !== null) return 1;
    if (bv === null && av !== null) return -1;
    if (av !== null && bv !== null && av !== bv) return sign * (av - bv);
    if (a.state !== b.state) return a.state === 'completed' ? -1 : 1;
    return a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0;
  });
  let rank = 0;
  const ranked = rows.map((row) => (row.value === null ? row : { ...row, rank: ++rank }));
  return {
    ...head,
    total: jobs.length,
    completed: ranked.filter((r) => r.state === 'completed').length,
    failed: ranked.filter((r) => r.state === 'failed').length,
    reused: ranked.filter((r) => r.reused).length,
    rows: ranked,
  };
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The report as CSV: one line per job — rank, job id, state, attempts, fold, every parameter, the
 * ranking statistic, every statistic of the table (backtesting.py labels as headers), the error.
 *
 * @example
 * ```ts
 * import { sweepReportCsv } from '@minhos/jobs';
 * // writeFileSync('sweep.csv', sweepReportCsv(report));
 * ```
 */
export function sweepReportCsv(report: SweepReport): string {
  const paramNames = [...new Set(report.rows.flatMap((r) => Object.keys(r.params)))].sort();
  const header = [
    'rank',
    'job',
    'state',
    'attempts',
    'fold',
    ...paramNames,
    report.statistic,
    ...BACKTESTING_PY_LABELS.map(([label]) => label),
    'error',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const r of report.rows) {
    lines.push(
      [
        r.rank,
        r.jobId,
        r.state,
        r.attempts,
        r.fold,
        ...paramNames.map((p) => r.params[p]),
        r.value,
        ...BACKTESTING_PY_LABELS.map(([, field]) => r.stats?.[field]),
        r.error === undefined ? undefined : `${r.error.code}: ${r.error.message}`,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
