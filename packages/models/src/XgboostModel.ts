import { num, XgboostBase } from './internal/XgboostBase.js';
import type { JsonValue } from './Model.js';
import type { TreeWorkerPool } from './TreeWorkerPool.js';

/** Hyper-parameters of {@link XgboostModel} (XGBoost names in camelCase). */
export interface XgboostOptions {
  /** Display name (default `'xgboost'`). */
  readonly name?: string;
  /** Boosting rounds. Default 200. */
  readonly rounds?: number;
  /** Learning rate `eta`. Default 0.05. */
  readonly eta?: number;
  /** Maximum tree depth. Default 4. */
  readonly maxDepth?: number;
  /** Row subsample per tree. Default 0.8. */
  readonly subsample?: number;
  /** Column subsample per tree. Default 0.8. */
  readonly colsampleByTree?: number;
  /** Minimum hessian per leaf. Default 5 (noisy financial labels want fat leaves). */
  readonly minChildWeight?: number;
  /** L2 on leaf weights (`lambda`). Default 1. */
  readonly lambda?: number;
  /**
   * Train on these worker threads instead of the calling thread (same booster, so the same
   * predictions); lets several tree models fit at once. Not saved with the model.
   */
  readonly workers?: TreeWorkerPool;
  /** Random seed for row/column sampling. Default 42. */
  readonly seed?: number;
}

/**
 * Gradient-boosted trees (XGBoost `gbtree`, `binary:logistic`) running in WebAssembly via
 * `ml-xgboost`'s compiled XGBoost. Deterministic for a fixed `seed`. Call `dispose()` when done:
 * the booster lives in wasm memory, outside the garbage collector.
 *
 * Saved as XGBoost's binary model (`booster.bin`, checksummed) + `model.json`.
 *
 * @example
 * ```ts
 * import { XgboostModel, matrix } from '@minhos/models';
 * const m = new XgboostModel({ rounds: 50, maxDepth: 3 });
 * await m.fit(matrix(new Float64Array([0, 1, 2, 3, 4, 5]), 6, 1), [0, 0, 0, 1, 1, 1]);
 * const p = await m.predictProba(matrix(new Float64Array([5]), 1, 1));
 * m.dispose();
 * ```
 */
export class XgboostModel extends XgboostBase {
  readonly kind = 'xgboost';
  readonly options: Required<Omit<XgboostOptions, 'name' | 'workers'>>;

  constructor(options: XgboostOptions = {}) {
    super(options.name ?? 'xgboost', options.workers);
    this.options = {
      rounds: options.rounds ?? 200,
      eta: options.eta ?? 0.05,
      maxDepth: options.maxDepth ?? 4,
      subsample: options.subsample ?? 0.8,
      colsampleByTree: options.colsampleByTree ?? 0.8,
      minChildWeight: options.minChildWeight ?? 5,
      lambda: options.lambda ?? 1,
      seed: options.seed ?? 42,
    };
  }

  protected boosterParams(): Record<string, string> {
    const o = this.options;
    return {
      booster: 'gbtree',
      objective: 'binary:logistic',
      eta: String(o.eta),
      max_depth: String(o.maxDepth),
      subsample: String(o.subsample),
      colsample_bytree: String(o.colsampleByTree),
      min_child_weight: String(o.minChildWeight),
      lambda: String(o.lambda),
      seed: String(o.seed),
      silent: '1',
    };
  }

  protected rounds(): number {
    return this.options.rounds;
  }

  protected params(): Record<string, JsonValue> {
    return { ...this.options };
  }

  /** Restores a model written by `save`. */
  static async load(dir: string): Promise<XgboostModel> {
    return XgboostBase.restore(
      dir,
      'xgboost',
      (p, name) =>
        new XgboostModel({
          name,
          rounds: num(p, 'rounds', 200),
          eta: num(p, 'eta', 0.05),
          maxDepth: num(p, 'maxDepth', 4),
          subsample: num(p, 'subsample', 0.8),
          colsampleByTree: num(p, 'colsampleByTree', 0.8),
          minChildWeight: num(p, 'minChildWeight', 5),
          lambda: num(p, 'lambda', 1),
          seed: num(p, 'seed', 42),
        }),
    );
  }
}
