import { num, XgboostBase } from './internal/XgboostBase.js';
import type { JsonValue } from './Model.js';
import type { TreeWorkerPool } from './TreeWorkerPool.js';

/** Hyper-parameters of {@link RandomForestModel}. */
export interface RandomForestOptions {
  /** Display name (default `'random-forest'`). */
  readonly name?: string;
  /** Number of trees. Default 200. */
  readonly trees?: number;
  /** Maximum tree depth. Default 6. */
  readonly maxDepth?: number;
  /** Share of rows sampled (without replacement) per tree. Default 0.632 (≈ a bootstrap's distinct rows). */
  readonly sampleRate?: number;
  /** Share of columns sampled at each tree level (≈ per split). Default 0.5. */
  readonly featureRate?: number;
  /** Minimum hessian per leaf (≈ minimum leaf size × 0.25 for p ≈ 0.5). Default 5. */
  readonly minChildWeight?: number;
  /**
   * Train on these worker threads instead of the calling thread (same booster, so the same
   * predictions); lets several tree models fit at once. Not saved with the model.
   */
  readonly workers?: TreeWorkerPool;
  /** Random seed. Default 42. */
  readonly seed?: number;
}

/**
 * Random forest for direction, using XGBoost's random-forest mode (one boosting round of
 * `num_parallel_tree` trees, `eta = 1`, row and column subsampling) in WebAssembly.
 *
 * Chosen over `ml-random-forest` after measuring both on the same ES 1-minute features (see the
 * package README, "Random forest engine"): similar accuracy, XGBoost's histogram-free exact greedy
 * trees in wasm trained much faster than ml-cart's pure-JS trees and its model serialises to a
 * compact binary instead of a large JSON tree dump.
 *
 * @example
 * ```ts
 * import { RandomForestModel, matrix } from '@minhos/models';
 * const rf = new RandomForestModel({ trees: 50 });
 * await rf.fit(matrix(new Float64Array([0, 1, 2, 3, 4, 5]), 6, 1), [0, 0, 0, 1, 1, 1]);
 * rf.dispose();
 * ```
 */
export class RandomForestModel extends XgboostBase {
  readonly kind = 'random-forest';
  readonly options: Required<Omit<RandomForestOptions, 'name' | 'workers'>>;

  constructor(options: RandomForestOptions = {}) {
    super(options.name ?? 'random-forest', options.workers);
    this.options = {
      trees: options.trees ?? 200,
      maxDepth: options.maxDepth ?? 6,
      sampleRate: options.sampleRate ?? 0.632,
      featureRate: options.featureRate ?? 0.5,
      minChildWeight: options.minChildWeight ?? 5,
      seed: options.seed ?? 42,
    };
  }

  protected boosterParams(): Record<string, string> {
    const o = this.options;
    return {
      booster: 'gbtree',
      objective: 'binary:logistic',
      eta: '1',
      // No shrinkage of the leaf values towards 0: a forest averages full-strength trees.
      lambda: '0',
      num_parallel_tree: String(o.trees),
      max_depth: String(o.maxDepth),
      subsample: String(o.sampleRate),
      // Per-level column sampling is the closest this XGBoost (0.7x, no colsample_bynode) has to
      // a forest's per-split feature sampling; per-tree sampling starves trees of interactions.
      colsample_bytree: '1',
      colsample_bylevel: String(o.featureRate),
      min_child_weight: String(o.minChildWeight),
      seed: String(o.seed),
      silent: '1',
    };
  }

  protected rounds(): number {
    return 1;
  }

  protected params(): Record<string, JsonValue> {
    return { ...this.options };
  }

  /** Restores a model written by `save`. */
  static async load(dir: string): Promise<RandomForestModel> {
    return XgboostBase.restore(
      dir,
      'random-forest',
      (p, name) =>
        new RandomForestModel({
          name,
          trees: num(p, 'trees', 200),
          maxDepth: num(p, 'maxDepth', 6),
          sampleRate: num(p, 'sampleRate', 0.632),
          featureRate: num(p, 'featureRate', 0.5),
          minChildWeight: num(p, 'minChildWeight', 5),
          seed: num(p, 'seed', 42),
        }),
    );
  }
}
