/**
 * Market data by reference: workers read the file themselves and verify its content hash, so bars
 * never travel through Redis and a worker on another machine cannot silently use other data.
 */
export interface DataRef {
  /** Absolute path of a bars CSV (any layout `@minhos/models`' `parseBarsCsv` recognises). */
  readonly path: string;
  /** sha256 of the file's bytes, lower-case hex. */
  readonly sha256: string;
  /** Contract to pick from a multi-contract file (Lean futures, e.g. `ES201312`). */
  readonly contract?: string;
  /** IANA time zone for layouts with wall-clock times (Sierra exports). */
  readonly timeZone?: string;
  /** Bars used, `[from, to)` indices after parsing (default all). */
  readonly bars?: { readonly from: number; readonly to: number };
}

/** The instrument a job trades, as plain JSON (the engine's `InstrumentSpec` with a string id). */
export interface InstrumentJson {
  /** `SYMBOL.VENUE`, e.g. `ESZ13.CME`. */
  readonly id: string;
  /** Currency per point per contract (ES 50). */
  readonly pointValue: number;
  /** Minimum price increment, points. */
  readonly tickSize: number;
  readonly currency: string;
  /** Initial margin per contract (0 when unknown). */
  readonly marginPerContract: number;
}

/** Account and cost settings every backtest of a sweep shares. */
export interface BacktestCosts {
  /** Account capital before the first trade, currency. */
  readonly startingCapital: number;
  /** Commission per contract per fill, currency (default 0). */
  readonly commissionPerContract?: number;
  /** Adverse slippage of market fills, ticks (default 0). */
  readonly slippageTicks?: number;
}

/** Strategy parameters: names to numbers (`{ fast: 10, slow: 30 }`). */
export type StrategyParams = Readonly<Record<string, number>>;

/** One backtest: a strategy with fixed parameters over a data range. */
export interface BacktestJob {
  readonly kind: 'backtest';
  /** {@link JOB_FORMAT_VERSION}; a worker refuses another version. */
  readonly format: number;
  /** A name from {@link STRATEGY_CATALOG}. */
  readonly strategy: string;
  readonly params: StrategyParams;
  readonly data: DataRef;
  readonly instrument: InstrumentJson;
  readonly costs: BacktestCosts;
}

/**
 * One walk-forward fold: on the training bars every parameter set of `grid` is backtested and the
 * best by `statistic` is chosen (train), then the test bars are traded with it (evaluate).
 */
export interface WalkForwardFoldJob {
  readonly kind: 'walk-forward-fold';
  readonly format: number;
  readonly strategy: string;
  /** Candidate parameter sets tried on the training window. */
  readonly grid: readonly StrategyParams[];
  /** Statistic (a `BacktestingPyStats` field) that picks the parameters. */
  readonly statistic: string;
  /** `'desc'` (default): higher is better. */
  readonly order: 'asc' | 'desc';
  readonly fold: number;
  /** Index ranges `[from, to)` into the referenced bars. */
  readonly train: { readonly from: number; readonly to: number };
  readonly test: { readonly from: number; readonly to: number };
  /** Bars before the test window replayed without trading (≤ the training window). */
  readonly warmupBars: number;
  readonly data: DataRef;
  readonly instrument: InstrumentJson;
  readonly costs: BacktestCosts;
}

/** Model kinds a training job can fit (the CPU-friendly ones of `@minhos/models`). */
export type TrainableModel = 'logistic' | 'xgboost' | 'random-forest';

/** One model training run: features from the bars, a chronological split, the artifact in the registry. */
export interface TrainModelJob {
  readonly kind: 'train';
  readonly format: number;
  readonly model: TrainableModel;
  /** Name in the model registry. */
  readonly name: string;
  /** Model registry directory (shared storage when workers run on several machines). */
  readonly registry: string;
  readonly data: DataRef;
  /** Share of the samples (oldest first) used for training; the rest validates (default 0.8). */
  readonly trainShare: number;
  /** Prediction horizon in bars (default 1). */
  readonly horizon: number;
  /** Model hyper-parameters (rounds, maxDepth, trees, l2 …), passed to the model's constructor. */
  readonly hyper: StrategyParams;
}

/** Any job the layer runs. */
export type JobPayload = BacktestJob | WalkForwardFoldJob | TrainModelJob;
