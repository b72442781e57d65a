/**
 * Loads the current ES models from the registry (checksums and feature spec verified) and predicts
 * the direction of the next minute for the latest bars.
 *
 *   pnpm --filter @minhos/examples exec tsx src/trainModel.ts   # once, to fill the registry
 *   pnpm --filter @minhos/examples exec tsx src/predict.ts [registryDir]
 */
import { formatTimestampUs } from '@minhos/core';
import {
  FeaturePipeline,
  LstmAttentionModel,
  ModelRegistry,
  scalerFromJSON,
  toDirections,
} from '@minhos/models';
import { loadEsMinuteBars } from './esBars.js';

const root = process.argv[2] ?? '.minhos/models';
const registry = new ModelRegistry(root);
const bars = loadEsMinuteBars('ES201312');
const latest = bars.slice(bars.length - 400, bars.length);

for (const name of ['es-xgboost', 'es-random-forest', 'es-lstm-attention']) {
  const manifest = await registry.describe(name);
  const spec = manifest.featureSpec as { pipeline: unknown; window: number; horizon: number };
  // Passing the spec we are about to compute with makes the registry refuse a model trained on other features.
  const { model } = await registry.load(name, { expectedFeatureSpec: manifest.featureSpec });
  const pipeline = FeaturePipeline.fromJSON(spec.pipeline);
  const scaler = scalerFromJSON(manifest.preprocessing);
  const features = scaler.transform(pipeline.compute(latest));
  const F = features.cols;
  const count = 5;
  const X = new Float64Array(count * spec.window * F);
  for (let i = 0; i < count; i++) {
    const end = features.rows - count + i;
    X.set(features.data.subarray((end - spec.window + 1) * F, (end + 1) * F), i * spec.window * F);
  }
  const p = await model.predictProba({ rows: count, cols: spec.window * F, data: X });
  console.log(`${name}@${manifest.version} (${manifest.kind}, trained ${manifest.createdAt}):`);
  toDirections(p).forEach((d, i) => {
    const t = features.time[features.rows - count + i]!;
    const call = d.direction > 0 ? 'UP  ' : d.direction < 0 ? 'DOWN' : 'FLAT';
    console.log(
      `  ${formatTimestampUs(t)}  ${call}  p(up)=${d.probability.toFixed(4)}  confidence=${d.confidence.toFixed(3)}`,
    );
  });
  if (model instanceof LstmAttentionModel) {
    // Live decisions: the fused batch-1 path (no tfjs dispatch), equal to tfjs within 1e-5.
    const fast = model.inference();
    const width = spec.window * F;
    const t0 = performance.now();
    const q = Array.from({ length: count }, (_, i) => fast.predictWindow(X, i * width));
    const ms = (performance.now() - t0) / count;
    const diff = Math.max(...q.map((v, i) => Math.abs(v - p[i]!)));
    console.log(
      `  fused inference (${fast.simd ? 'wasm SIMD' : 'plain JS'}): ${ms.toFixed(2)} ms per window, max |Δp| vs tfjs ${diff.toExponential(1)}`,
    );
  }
  model.dispose();
}
