import { describe, expect, it } from 'vitest';
import type { TrainerEvent } from '../runtime/ModelTrainer.js';
import { modelVersions } from './modelVersions.js';

const ev = (time: number, kind: TrainerEvent['kind'], message: string): TrainerEvent => ({
  time: time * 1e6,
  kind,
  message,
});

describe('modelVersions', () => {
  it('lists each version named by a loaded/active/not-deployed event, newest first, latest state', () => {
    const events = [
      ev(1, 'MODEL_LOADED', 'loaded es-direction@1.0.0 from the registry'),
      ev(2, 'MODEL_TRAINING', 'training a logistic regression on 600 bars'),
      ev(3, 'MODEL_NOT_DEPLOYED', 'es-direction@1.0.1 weighs 0: held-out accuracy 49.0 % < 52 %'),
      ev(4, 'MODEL_ACTIVE', 'es-direction@1.0.0 votes in the fusion'),
      ev(5, 'MODEL_FAILED', 'es-direction@9.9.9 failed'),
    ];
    const v = modelVersions('es-direction', events, '1.0.0');
    expect(v.map((x) => [x.version, x.status, x.current])).toEqual([
      ['1.0.0', 'active', true],
      ['1.0.1', 'not_deployed', false],
    ]);
    expect(v[0]?.time).toBe('1970-01-01T00:00:04.000Z');
    expect(modelVersions('other', events, null)).toEqual([]);
  });
});
