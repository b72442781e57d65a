/**
 * The full backtesting.py statistics table of one run (`BacktestingPyStats` fields in
 * `BACKTESTING_PY_LABELS` order; times and durations in µs), NaN written as `null` so the table is
 * the same whether it crossed Redis as JSON or a worker thread as a structured clone.
 */
export type RunStats = Readonly<Record<string, number | null>>;

/** Result of a backtest job. */
export interface BacktestJobResult {
  readonly kind: 'backtest';
  readonly strategy: string;
  readonly params: Readonly<Record<string, number>>;
  readonly bars: number;
  readonly orders: number;
  readonly stats: RunStats;
}

/** Result of a walk-forward fold job: the parameters chosen on the training bars and the test window's statistics. */
export interface WalkForwardFoldJobResult {
  readonly kind: 'walk-forward-fold';
  readonly strategy: string;
  readonly fold: number;
  readonly train: { readonly from: number; readonly to: number };
  readonly test: { readonly from: number; readonly to: number };
  /** The winning parameter set on the training window. */
  readonly params: Readonly<Record<string, number>>;
  /** Its in-sample value of the selection statistic (null when NaN). */
  readonly trainStatistic: number | null;
  readonly bars: number;
  /** Out-of-sample statistics of the test window. */
  readonly stats: RunStats;
}

/** Result of a training job: the registered artifact and its validation metrics. */
export interface TrainModelJobResult {
  readonly kind: 'train';
  readonly name: string;
  /** Registry version holding the artifact (`v0001`…). */
  readonly version: string;
  readonly model: string;
  readonly trainRows: number;
  readonly validRows: number;
  readonly metrics: { readonly logLoss: number; readonly brier: number; readonly accuracy: number };
}

/** What a job produces. */
export type JobResult = BacktestJobResult | WalkForwardFoldJobResult | TrainModelJobResult;
