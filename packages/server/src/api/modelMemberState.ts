import type { TrainerState } from '../runtime/ModelTrainer.js';

/**
 * The model member's state as the API shows it. The trainer's member reports `untrained` whenever
 * it does not vote; when a model was trained but fell below the deploy bar
 * (`models.deployMinAccuracy`) that word is wrong, so it becomes `not_deployed`. Pure.
 *
 * @param memberState - the member's state in the last analysis (`null` when none yet).
 * @param trainerState - the trainer's state (`undefined` when no trainer runs).
 */
export function modelMemberState(
  memberState: string | null,
  trainerState: TrainerState | undefined,
): string | null {
  if (memberState === 'untrained' && trainerState === 'not_deployed') return 'not_deployed';
  return memberState;
}
