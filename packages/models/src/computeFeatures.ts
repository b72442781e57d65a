import type { BarColumns } from '@minhos/core';
import type { FeatureMatrix } from './FeatureMatrix.js';
import { FeaturePipeline } from './featurePipeline.js';
import type { FeaturePipelineOptions } from './featureSpec.js';

/**
 * One-call form of `new FeaturePipeline(options).compute(bars)`.
 *
 * @example
 * ```ts
 * import { BarSeries } from '@minhos/core';
 * import { computeFeatures } from '@minhos/models';
 * declare const bars: BarSeries;
 * const X = computeFeatures(bars, { features: ['log_return', 'rsi', 'atr_ratio'] });
 * ```
 */
export function computeFeatures(bars: BarColumns, options: FeaturePipelineOptions = {}): FeatureMatrix {
  return new FeaturePipeline(options).compute(bars);
}
