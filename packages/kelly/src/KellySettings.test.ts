import { isMinhosError } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KELLY_SETTINGS, resolveKellySettings } from './KellySettings.js';

describe('resolveKellySettings', () => {
  it('merges overrides onto the defaults and freezes the result', () => {
    const r = resolveKellySettings({ fraction: 0.5, maxRiskFraction: 0.02 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ ...DEFAULT_KELLY_SETTINGS, fraction: 0.5, maxRiskFraction: 0.02 });
    expect(Object.isFrozen(r.value)).toBe(true);
  });

  it('accepts the kelly section of @minhos/config as is (same key names)', () => {
    const fromConfig = {
      fraction: 0.25,
      basis: 'risk' as const,
      maxRiskFraction: 0.01,
      maxNotionalFraction: 0.05,
      maxContracts: 5,
      minWinProbability: 0.1,
      maxWinProbability: 0.9,
      drawdownReductionStart: 0.05,
      drawdownLimit: 0.1,
      targetAnnualizedVolatility: 0.15,
      minTrades: 30,
    };
    const r = resolveKellySettings(fromConfig);
    expect(r.ok && r.value.targetAnnualizedVolatility).toBe(0.15);
  });

  it('names the key, the value and the expectation on a bad value', () => {
    const cases: [Parameters<typeof resolveKellySettings>[0], string][] = [
      [{ fraction: 0 }, 'kelly settings: fraction must be a number in (0, 1], got 0'],
      [
        { maxRiskFraction: Number.NaN },
        'kelly settings: maxRiskFraction must be a number in (0, 1], got NaN',
      ],
      [
        { targetVolatility: 0.2 } as never,
        'kelly settings: targetVolatility must be absent: it was replaced by targetAnnualizedVolatility, got 0.2',
      ],
      [{ maxContracts: 2.5 }, 'kelly settings: maxContracts must be a non-negative integer, got 2.5'],
      [
        { minWinProbability: 0.6, maxWinProbability: 0.55 },
        'kelly settings: minWinProbability must be a number below maxWinProbability (0.55), got 0.6',
      ],
      [
        { minTrades: 200 },
        'kelly settings: minTrades must be at most statsWindow (100), or it is never met, got 200',
      ],
      [{ basis: 'margin' as never }, `kelly settings: basis must be 'notional' or 'risk', got "margin"`],
    ];
    for (const [overrides, message] of cases) {
      const r = resolveKellySettings(overrides);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(isMinhosError(r.error, 'KELLY_INVALID_SETTINGS')).toBe(true);
      expect(r.error.message).toBe(message);
    }
  });
});
