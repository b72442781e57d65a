import { describe, expect, test } from 'vitest';
import { type ConfigError, type ConfigLayer, defaultConfig, resolveConfig } from './index.js';

const file = (values: unknown, name = './minhos.yaml'): ConfigLayer => ({
  source: { kind: 'file', file: name },
  values,
});
const env = (variable: string, values: unknown): ConfigLayer => ({
  source: { kind: 'env', variable },
  values,
});
const override = (values: unknown): ConfigLayer => ({ source: { kind: 'override' }, values });

function messages(layers: ConfigLayer[]): string[] {
  const result = resolveConfig(layers);
  if (result.ok) throw new Error('expected errors');
  return result.error.map((e) => e.message);
}

function errors(layers: ConfigLayer[]): ConfigError[] {
  const result = resolveConfig(layers);
  if (result.ok) throw new Error('expected errors');
  return result.error;
}

describe('resolveConfig precedence', () => {
  test('no layers gives the defaults', () => {
    expect(resolveConfig([])).toEqual({ ok: true, value: defaultConfig });
  });

  test('later layers win key by key; untouched keys keep earlier values', () => {
    const result = resolveConfig([
      file({ risk: { maxDailyLoss: 500, maxPositions: 2 }, trading: { mode: 'semi_auto' } }),
      env('MINHOS_RISK_MAX_DAILY_LOSS', { risk: { maxDailyLoss: 400 } }),
      override({ risk: { maxDailyLoss: 300 } }),
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.risk.maxDailyLoss).toBe(300);
    expect(result.value.risk.maxPositions).toBe(2);
    expect(result.value.trading.mode).toBe('semi_auto');
    expect(result.value.risk.maxPositionContracts).toBe(5);
  });

  test('arrays replace rather than merge', () => {
    const result = resolveConfig([
      file({ symbols: { enabled: ['ES', 'NQ', 'GC'], primary: 'ES' } }),
      override({ symbols: { enabled: ['ES'] } }),
    ]);
    expect(result.ok && result.value.symbols.enabled).toEqual(['ES']);
  });

  test('undefined override leaves are "not set", not "erase"', () => {
    const result = resolveConfig([
      file({ risk: { maxDailyLoss: 500 } }),
      override({ risk: { maxDailyLoss: undefined }, trading: undefined }),
    ]);
    expect(result.ok && result.value.risk.maxDailyLoss).toBe(500);
  });

  test('a later mapping replaces an earlier scalar and takes over its provenance', () => {
    const result = resolveConfig([file({ risk: 5 }), override({ risk: { maxDailyLoss: 10 } })]);
    expect(result.ok && result.value.risk.maxDailyLoss).toBe(10);
    expect(messages([file({ risk: 5 }), override({ risk: { maxDrawdown: 2 } })])).toEqual([
      'config: risk.maxDrawdown must be a number greater than 0 and less than 1, got 2 (from override)',
    ]);
  });
});

describe('resolveConfig errors name path, value, source and expectation', () => {
  test('a bad value from each kind of source', () => {
    expect(messages([file({ risk: { maxDailyLoss: -5 } })])).toEqual([
      'config: risk.maxDailyLoss must be a positive number, got -5 (from ./minhos.yaml)',
    ]);
    expect(messages([env('MINHOS_RISK_MAX_DAILY_LOSS', { risk: { maxDailyLoss: -5 } })])).toEqual([
      'config: risk.maxDailyLoss must be a positive number, got -5 (from MINHOS_RISK_MAX_DAILY_LOSS)',
    ]);
    expect(messages([override({ risk: { maxDailyLoss: '5' } })])).toEqual([
      'config: risk.maxDailyLoss must be a positive number, got "5" (from override)',
    ]);
  });

  test('each error carries structured fields', () => {
    const [error] = errors([file({ network: { server: { port: 0 } } }, 'conf/minhos.json')]);
    expect(error).toMatchObject({
      code: 'CONFIG_INVALID_VALUE',
      path: 'network.server.port',
      value: 0,
      expected: 'an integer from 1 to 65535',
      source: { kind: 'file', file: 'conf/minhos.json' },
    });
    expect(error?.details).toEqual({
      path: 'network.server.port',
      value: 0,
      expected: 'an integer from 1 to 65535',
      source: 'conf/minhos.json',
    });
  });

  test('the source of a value is the last layer that set it', () => {
    expect(
      messages([file({ risk: { maxDailyLoss: -1 } }), override({ risk: { maxDailyLoss: -2, capital: 1 } })]),
    ).toEqual(['config: risk.maxDailyLoss must be a positive number, got -2 (from override)']);
  });

  test('unknown keys name the full path, the layer and the nearest known key', () => {
    expect(
      messages([
        file({ risk: { max_daily_loss: 5 }, tradng: {}, network: { dtc: { reconnect: { multiplyer: 3 } } } }),
        override({ kelly: { bogusSetting: 1 } }),
      ]).sort(),
    ).toEqual([
      'config: kelly.bogusSetting is not a known setting (from override); expected one of: fraction, basis, maxRiskFraction, maxNotionalFraction, maxContracts, minWinProbability, maxWinProbability, drawdownReductionStart, drawdownLimit, drawdownDecay, targetAnnualizedVolatility, minTrades',
      'config: network.dtc.reconnect.multiplyer is not a known setting (from ./minhos.yaml); did you mean network.dtc.reconnect.multiplier?',
      'config: risk.max_daily_loss is not a known setting (from ./minhos.yaml); did you mean risk.maxDailyLoss?',
      'config: tradng is not a known setting (from ./minhos.yaml); did you mean trading?',
    ]);
    const [unknown] = errors([file({ auth: { tokn: 'a-secret-value-123' } })]);
    expect(unknown).toMatchObject({ code: 'CONFIG_UNKNOWN_KEY', path: 'auth.tokn', value: undefined });
    expect(JSON.stringify(unknown?.toJSON())).not.toContain('a-secret-value-123');
  });

  test('a wrong type for a whole section lists its keys', () => {
    expect(messages([file({ logging: 'debug' })])).toEqual([
      'config: logging must be a mapping with keys level, got "debug" (from ./minhos.yaml)',
    ]);
    expect(messages([file({ storage: null })])).toEqual([
      'config: storage must be a mapping with keys path, sqliteFile, wal, got null (from ./minhos.yaml)',
    ]);
  });

  test('cross-field rules name the other field, its value and its source', () => {
    expect(
      messages([
        file({ kelly: { minWinProbability: 0.95 } }),
        override({ symbols: { enabled: ['ES'] } }),
        env('MINHOS_NETWORK_DTC_RECONNECT_INITIAL_DELAY_MS', {
          network: { dtc: { reconnect: { initialDelayMs: 60000 } } },
        }),
      ]),
    ).toEqual([
      'config: network.dtc.reconnect.initialDelayMs must be at most network.dtc.reconnect.maxDelayMs (30000, from default), got 60000 (from MINHOS_NETWORK_DTC_RECONNECT_INITIAL_DELAY_MS)',
      'config: kelly.maxWinProbability must be greater than kelly.minWinProbability (0.95, from ./minhos.yaml), got 0.9 (from default)',
      'config: symbols.primary must be one of symbols.enabled (["ES"], from override), got "NQ" (from default)',
    ]);
    expect(messages([file({ symbols: { enabled: ['ES', 'NQ', 'ES'], primary: 'ES' } })])).toEqual([
      'config: symbols.enabled[2] must be a root not already listed, got "ES" (from ./minhos.yaml)',
    ]);
  });

  test('every problem is reported, not just the first', () => {
    expect(
      errors([file({ risk: { maxDailyLoss: -1, maxPositions: 0 }, trading: { mode: 'yolo' }, extra: true })]),
    ).toHaveLength(4);
  });

  test('a layer that is not a mapping is rejected with its source', () => {
    expect(messages([override([1, 2])])).toEqual([
      'config: (root) must be a mapping of settings, got [1,2] (from override)',
    ]);
  });

  test('long values are shortened in messages', () => {
    const [message] = messages([override({ logging: { level: 'x'.repeat(200) } })]);
    expect(message!.length).toBeLessThan(200);
    expect(message).toContain('…');
  });
});

describe('resolveConfig safety', () => {
  test('__proto__ keys stay own keys: rejected as unknown, no prototype pollution', () => {
    const values = JSON.parse(
      '{ "risk": { "__proto__": { "polluted": true } }, "__proto__": { "polluted": true } }',
    );
    expect(messages([file(values)]).sort()).toEqual([
      'config: __proto__ is not a known setting (from ./minhos.yaml); expected one of: network, trading, risk, kelly, models, modules, symbols, intervals, storage, auth, logging',
      'config: risk.__proto__ is not a known setting (from ./minhos.yaml); expected one of: capital, maxPositionContracts, maxPositions, maxDailyLoss, maxDrawdown, maxNotionalExposure, maxOrdersPerMinute, requireProtectiveStop, maxTradeRisk, stopLossPoints, takeProfitPoints, staleDataSeconds, priceBand, minConfidence, warnRatio, breakerRatio, volatilitySpikeRatio, minModelAccuracy',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('the result is deeply frozen and shares nothing with the inputs', () => {
    const enabled = ['ES', 'NQ'];
    const input = { symbols: { enabled, primary: 'ES' }, network: { server: { corsOrigins: ['http://x'] } } };
    const result = resolveConfig([file(input)]);
    if (!result.ok) throw new Error('expected a config');
    const config = result.value;
    const frozen = (value: unknown): boolean =>
      typeof value !== 'object' ||
      value === null ||
      (Object.isFrozen(value) && Object.values(value).every(frozen));
    expect(frozen(config)).toBe(true);
    expect(() => {
      (config.risk as { maxDailyLoss: number }).maxDailyLoss = 1;
    }).toThrow(TypeError);
    expect(() => (config.symbols.enabled as string[]).push('GC')).toThrow(TypeError);
    expect(Object.isFrozen(enabled)).toBe(false);
    enabled.push('GC');
    expect(config.symbols.enabled).toEqual(['ES', 'NQ']);
  });
});
