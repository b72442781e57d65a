import { isMinhosError, MinhosError } from '@minhos/core';
import { describe, expect, test } from 'vitest';
import { ConfigError } from './index.js';

describe('ConfigError', () => {
  test('is a MinhosError with structured, JSON-safe details', () => {
    const error = new ConfigError(
      'CONFIG_INVALID_VALUE',
      'config: risk.capital must be a positive number, got 0 (from override)',
      {
        path: 'risk.capital',
        source: { kind: 'override' },
        value: 0,
        expected: 'a positive number',
      },
    );
    expect(error).toBeInstanceOf(MinhosError);
    expect(isMinhosError(error, 'CONFIG_INVALID_VALUE')).toBe(true);
    expect(error.name).toBe('ConfigError');
    expect(error.retryable).toBe(false);
    expect(error.issues).toEqual([]);
    expect(error.toJSON().details).toEqual({
      path: 'risk.capital',
      source: 'override',
      value: 0,
      expected: 'a positive number',
    });
  });

  test('aggregate lists every problem and keeps them', () => {
    const a = new ConfigError(
      'CONFIG_UNKNOWN_ENV',
      'config: unknown environment variable MINHOS_X; see configEnvVars for the supported variables',
    );
    const b = new ConfigError(
      'CONFIG_FILE_NOT_FOUND',
      'config: config file x.yaml not found (looked for /x.yaml)',
    );
    const all = ConfigError.aggregate([a, b]);
    expect(all.code).toBe('CONFIG_INVALID');
    expect(all.issues).toEqual([a, b]);
    expect(Object.isFrozen(all.issues)).toBe(true);
    expect(all.message).toBe(
      `invalid MinhOS configuration (2 problems):\n  - ${a.message}\n  - ${b.message}`,
    );
    expect(ConfigError.aggregate([a]).message).toMatch(/^invalid MinhOS configuration \(1 problem\):/);
  });
});
