import type { FeatureStream } from '@minhos/models';
import { type FeaturePipeline, type Model, type ModelRegistry, matrix } from '@minhos/models';
import type { MemberSignal, MemberState, SignalMember } from './MemberSignal.js';

/** Options of {@link registryMember}. */
export interface RegistryMemberOptions {
  /** Member name in the fusion weights (e.g. `lstm`, `ensemble`). */
  readonly name: string;
  /** Model name in the registry; its current version is loaded. */
  readonly model: string;
  /** The feature pipeline the model was trained with (its spec is checked against the manifest). */
  readonly features: FeaturePipeline;
  /** Steps per input row (1 for tree models and ensembles, the window length for the LSTM). */
  readonly steps?: number;
  /** P(up) beyond 0.5 ± this is a view (default 0.02); inside it, no view. */
  readonly deadBand?: number;
}

/**
 * Loads a model from @minhos/models' `ModelRegistry` as a fusion member. A model that is
 * missing (no current version), fails to load or verify, or is untrained becomes a member in that
 * state: it weighs 0 in the fusion and the decision records why. A model that throws while
 * predicting is `failed` for that bar. Features come from the pipeline's streaming counterpart,
 * one row per bar; the member keeps the last `steps` rows (step-major, oldest first).
 *
 * Each instrument needs its own member (the feature stream is per series).
 *
 * @example
 * ```ts
 * import { FeaturePipeline, ModelRegistry } from '@minhos/models';
 * import { registryMember } from '@minhos/engine';
 * const lstm = await registryMember(new ModelRegistry('./.minhos/models'), { name: 'lstm', model: 'es-lstm', features: new FeaturePipeline(), steps: 20 });
 * ```
 */
export async function registryMember(
  registry: ModelRegistry,
  options: RegistryMemberOptions,
): Promise<SignalMember & { readonly loadState: MemberState; readonly loadReason: string }> {
  let model: Model | undefined;
  let loadState: MemberState = 'active';
  let loadReason = '';
  let version = '';
  try {
    const loaded = await registry.load(options.model, {
      expectedFeatureSpec: options.features.spec as never,
    });
    model = loaded.model;
    version = loaded.manifest.version;
    if (!model.trained) {
      loadState = 'untrained';
      loadReason = `${options.model}@${version} is not trained`;
    } else loadReason = `${options.model}@${version}`;
  } catch (e) {
    const code = (e as { code?: string }).code;
    loadState = code === 'REGISTRY_NOT_FOUND' ? 'missing' : 'failed';
    const message = (e as Error).message;
    // Registry errors already name the model ("es-direction: no current version …").
    loadReason = message.startsWith(`${options.model}:`) ? message : `${options.model}: ${message}`;
  }
  return modelMember(options, model, loadState, loadReason, version);
}

/**
 * A fusion member over an already loaded `Model` (what {@link registryMember} builds on; also
 * for walk-forward folds that train in memory). `state` says whether it may vote.
 */
export function modelMember(
  options: Omit<RegistryMemberOptions, 'model'>,
  model: Model | undefined,
  loadState: MemberState = model?.trained === true ? 'active' : 'untrained',
  loadReason = model === undefined ? 'no model' : model.name,
  version = '',
): SignalMember & { readonly loadState: MemberState; readonly loadReason: string } {
  const steps = options.steps ?? 1;
  const deadBand = options.deadBand ?? 0.02;
  const stream: FeatureStream = options.features.stream();
  const width = options.features.spec.features.length;
  const window: Float64Array[] = [];
  const idle = (state: MemberState, reason: string): MemberSignal => ({
    name: options.name,
    state,
    direction: 0,
    confidence: 0,
    reason,
  });
  return {
    name: options.name,
    historyBars: 1,
    loadState,
    loadReason,
    async evaluate(ctx) {
      const row = Float64Array.from(stream.next(ctx.bar));
      window.push(row);
      if (window.length > steps) window.shift();
      if (loadState !== 'active' || model === undefined) return idle(loadState, loadReason);
      if (window.length < steps || window.some((r) => r.some((v) => !Number.isFinite(v)))) {
        return idle('warming_up', `features not defined yet (${window.length} of ${steps} rows)`);
      }
      const data = new Float64Array(steps * width);
      for (let i = 0; i < window.length; i++) data.set(window[i] as Float64Array, i * width);
      try {
        const p = (await model.predictProba(matrix(data, 1, steps * width)))[0] as number;
        const edge = p - 0.5;
        const direction = edge > deadBand ? 1 : edge < -deadBand ? -1 : 0;
        return {
          name: options.name,
          state: 'active',
          direction,
          confidence: direction === 0 ? 0 : Math.min(1, Math.abs(edge) * 2),
          probabilityUp: p,
          reason: `P(up) ${p.toFixed(4)} from ${loadReason}`,
          details: { version, probabilityUp: p },
        };
      } catch (e) {
        return idle('failed', `${loadReason}: prediction failed: ${(e as Error).message}`);
      }
    },
  };
}
