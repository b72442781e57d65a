import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ORCHESTRATOR_POLICY_PARAMS,
  orchestratorPolicy,
  policyAllows,
} from './orchestratorPolicy.js';

const H = 3_600_000_000;
const base = { ...DEFAULT_ORCHESTRATOR_POLICY_PARAMS, maxPositions: 3 };

describe('orchestratorPolicy', () => {
  it('maps the market state through the table', () => {
    const bull = orchestratorPolicy({ now: 0, marketState: 'BULL_STRONG' }, base);
    expect(bull).toMatchObject({
      sizeMultiplier: 1,
      allowedDirections: 'long',
      entriesAllowed: true,
      maxPositions: 2,
    });
    expect(policyAllows(bull, 1)).toBe(true);
    expect(policyAllows(bull, -1)).toBe(false);
    const chop = orchestratorPolicy({ now: 0, marketState: 'CHOPPY' }, base);
    expect(chop.entriesAllowed).toBe(false);
    expect(orchestratorPolicy({ now: 0, marketState: 'VOLATILE' }, base)).toMatchObject({
      sizeMultiplier: 0.5,
      maxPositions: 1,
    });
    expect(orchestratorPolicy({ now: 0 }, base)).toMatchObject({
      sizeMultiplier: 1,
      allowedDirections: 'both',
      maxPositions: 3,
    });
  });

  it('no entries near the roll, the session close or a scheduled release', () => {
    const roll = orchestratorPolicy({ now: 0, marketState: 'BULL_WEAK', rollAt: 23 * H }, base);
    expect(roll.entriesAllowed).toBe(false);
    expect(roll.rules.join(' ')).toMatch(/roll in 23.0 h ≤ 24 h/);
    expect(orchestratorPolicy({ now: 0, rollAt: 25 * H }, base).entriesAllowed).toBe(true);
    const close = orchestratorPolicy({ now: 0, sessionCloseAt: 10 * 60_000_000 }, base);
    expect(close.entriesAllowed).toBe(false);
    expect(close.rules.join(' ')).toMatch(/session closes in 10 min ≤ 15/);
    const nfp = Date.parse('2013-12-06T13:30:00Z') * 1000;
    const ev = { ...base, eventRisk: [nfp] };
    expect(orchestratorPolicy({ now: nfp - 20 * 60_000_000 }, ev).entriesAllowed).toBe(false);
    expect(orchestratorPolicy({ now: nfp + 31 * 60_000_000 }, ev).entriesAllowed).toBe(true);
  });
});
