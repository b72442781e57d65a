import type { TrainerEvent } from '../runtime/ModelTrainer.js';

/** One model version the trainer loaded or trained in this process, and what became of it. */
export interface ModelVersionView {
  /** `name@version`, as the registry names it. */
  readonly id: string;
  readonly version: string;
  /** `loaded`, `active` (votes), `not_deployed` (below the deploy bar). */
  readonly status: 'loaded' | 'active' | 'not_deployed';
  /** ISO time of the event. */
  readonly time: string;
  readonly message: string;
  /** Whether it is the version in use now. */
  readonly current: boolean;
}

const STATUS: Partial<Record<TrainerEvent['kind'], ModelVersionView['status']>> = {
  MODEL_LOADED: 'loaded',
  MODEL_ACTIVE: 'active',
  MODEL_NOT_DEPLOYED: 'not_deployed',
};

/**
 * The model versions named by the trainer's events (`name@version` in each loaded, active or
 * not-deployed event), newest first, the latest event of each version kept. Pure.
 *
 * @param model - the model's registry name.
 * @param events - the trainer's events, oldest first.
 * @param current - the version in use (`null` when none).
 */
export function modelVersions(
  model: string,
  events: readonly TrainerEvent[],
  current: string | null,
): ModelVersionView[] {
  const byVersion = new Map<string, ModelVersionView>();
  const pattern = new RegExp(`${model.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}@([\\w-]+(?:\\.[\\w-]+)*)`);
  for (const e of events) {
    const status = STATUS[e.kind];
    const version = status === undefined ? undefined : pattern.exec(e.message)?.[1];
    if (status === undefined || version === undefined) continue;
    byVersion.delete(version);
    byVersion.set(version, {
      id: `${model}@${version}`,
      version,
      status,
      time: new Date(Math.floor(e.time / 1000)).toISOString(),
      message: e.message,
      current: version === current,
    });
  }
  return [...byVersion.values()].reverse();
}
