import { type Strategy, smaCrossoverStrategy, traditionalTaStrategy } from '@minhos/engine';
import { JobError } from './JobError.js';
import type { StrategyParams } from './JobPayload.js';

/** A strategy a job can name: its parameters and how to build it from them. */
export interface CatalogStrategy {
  /** Parameter names with their rules, for messages and validation. */
  readonly params: Readonly<
    Record<string, { readonly min: number; readonly integer: boolean; readonly required: boolean }>
  >;
  /** The `warmupBars` handed to the statistics (bars before every indicator has a value). */
  warmupBars(params: StrategyParams): number;
  /** The engine strategy for these (validated) parameters. */
  build(params: StrategyParams): Strategy;
}

/**
 * The strategies jobs can run, by name. Jobs carry a name and numbers, never code, so a worker on
 * any machine builds exactly the strategy the coordinator meant.
 *
 * - `sma-crossover`: `fast`, `slow` (bars, fast < slow), optional `quantity` (contracts, default 1).
 * - `traditional-ta`: optional `window` (bars ≥ 20, default 20), `quantity` (default 1).
 *
 * @example
 * ```ts
 * import { STRATEGY_CATALOG } from '@minhos/jobs';
 * const s = STRATEGY_CATALOG['sma-crossover']!.build({ fast: 10, slow: 30 });
 * s.name;
 * ```
 */
export const STRATEGY_CATALOG: Readonly<Record<string, CatalogStrategy>> = Object.freeze({
  'sma-crossover': {
    params: {
      fast: { min: 1, integer: true, required: true },
      slow: { min: 2, integer: true, required: true },
      quantity: { min: 1, integer: true, required: false },
    },
    warmupBars: (p: StrategyParams) => (p.slow ?? 1) - 1,
    build: (p: StrategyParams) =>
      smaCrossoverStrategy({ fast: p.fast as number, slow: p.slow as number, quantity: p.quantity ?? 1 }),
  },
  'traditional-ta': {
    params: {
      window: { min: 20, integer: true, required: false },
      quantity: { min: 1, integer: true, required: false },
    },
    warmupBars: (p: StrategyParams) => (p.window ?? 20) - 1,
    build: (p: StrategyParams) =>
      traditionalTaStrategy({ quantity: p.quantity ?? 1, window: p.window ?? 20 }),
  },
});

/**
 * Checks `params` against the catalog entry of `strategy` and builds it; a clear
 * {@link JobError} `JOB_BAD_INPUT` names the strategy, the parameter and what was expected.
 *
 * @example
 * ```ts
 * import { strategyFromParams } from '@minhos/jobs';
 * strategyFromParams('sma-crossover', { fast: 5, slow: 20 }).strategy.name;
 * ```
 */
export function strategyFromParams(
  strategy: string,
  params: StrategyParams,
  where = 'job',
): { readonly strategy: Strategy; readonly warmupBars: number } {
  const entry = Object.hasOwn(STRATEGY_CATALOG, strategy) ? STRATEGY_CATALOG[strategy] : undefined;
  if (entry === undefined) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `${where}: unknown strategy "${strategy}" (known: ${Object.keys(STRATEGY_CATALOG).join(', ')})`,
    );
  }
  for (const name of Object.keys(params)) {
    if (!Object.hasOwn(entry.params, name)) {
      throw new JobError(
        'JOB_BAD_INPUT',
        `${where}: ${strategy} has no parameter "${name}" (parameters: ${Object.keys(entry.params).join(', ')})`,
      );
    }
  }
  for (const [name, rule] of Object.entries(entry.params)) {
    const v = params[name];
    if (v === undefined) {
      if (rule.required) throw new JobError('JOB_BAD_INPUT', `${where}: ${strategy} needs params.${name}`);
      continue;
    }
    if (
      typeof v !== 'number' ||
      !Number.isFinite(v) ||
      v < rule.min ||
      (rule.integer && !Number.isInteger(v))
    ) {
      throw new JobError(
        'JOB_BAD_INPUT',
        `${where}: ${strategy} params.${name} must be a ${rule.integer ? 'whole number' : 'number'} ≥ ${rule.min}, got ${JSON.stringify(v)}`,
      );
    }
  }
  try {
    return { strategy: entry.build(params), warmupBars: entry.warmupBars(params) };
  } catch (cause) {
    throw new JobError(
      'JOB_BAD_INPUT',
      `${where}: ${strategy} ${JSON.stringify(params)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}
