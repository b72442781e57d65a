import { describe, expect, it } from 'vitest';
import { modelMemberState } from './modelMemberState.js';

describe('modelMemberState', () => {
  it('shows a trained model below the deploy bar as not_deployed, never untrained', () => {
    expect(modelMemberState('untrained', 'not_deployed')).toBe('not_deployed');
  });
  it.each([
    ['untrained', 'training', 'untrained'],
    ['untrained', 'waiting_for_data', 'untrained'],
    ['active', 'active', 'active'],
    ['missing', undefined, 'missing'],
    [null, 'not_deployed', null],
  ] as const)('%s while the trainer is %s → %s', (member, trainer, expected) => {
    expect(modelMemberState(member, trainer)).toBe(expected);
  });
});
