import { describe, expect, test } from 'vitest';
import { type ConfigEnv, type ConfigError, configLayersFromEnv, resolveConfig } from './index.js';

function resolveEnv(env: ConfigEnv) {
  const layers = configLayersFromEnv(env);
  if (!layers.ok) return layers;
  return resolveConfig(layers.value);
}

function errorsOf(env: ConfigEnv): ConfigError[] {
  const result = resolveEnv(env);
  if (result.ok) throw new Error(`expected errors for ${JSON.stringify(env)}`);
  return result.error;
}

describe('configLayersFromEnv coercion', () => {
  test('numbers, integers, booleans, enums, strings and lists', () => {
    const result = resolveEnv({
      MINHOS_RISK_MAX_DAILY_LOSS: ' 250.5 ',
      MINHOS_RISK_MAX_POSITION_CONTRACTS: '2',
      MINHOS_KELLY_FRACTION: '5e-1',
      MINHOS_TRADING_EMERGENCY_STOP: 'TRUE',
      MINHOS_STORAGE_WAL: '0',
      MINHOS_AUTH_REQUIRE_TOKEN_FOR_MUTATIONS: 'false',
      MINHOS_TRADING_MODE: 'full_auto',
      MINHOS_NETWORK_DTC_HOST: '10.0.0.5',
      MINHOS_SYMBOLS_ENABLED: 'ES, NQ ,GC,',
      MINHOS_SYMBOLS_PRIMARY: 'GC',
      MINHOS_NETWORK_SERVER_CORS_ORIGINS: '',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.value;
    expect(c.risk.maxDailyLoss).toBe(250.5);
    expect(c.risk.maxPositionContracts).toBe(2);
    expect(c.kelly.fraction).toBe(0.5);
    expect(c.trading.emergencyStop).toBe(true);
    expect(c.storage.wal).toBe(false);
    expect(c.auth.requireTokenForMutations).toBe(false);
    expect(c.trading.mode).toBe('full_auto');
    expect(c.network.dtc.host).toBe('10.0.0.5');
    expect(c.symbols.enabled).toEqual(['ES', 'NQ', 'GC']);
    expect(c.symbols.primary).toBe('GC');
    expect(c.network.server.corsOrigins).toEqual([]);
  });

  test('strings are taken verbatim (a token may contain spaces and commas)', () => {
    const token = ' a token, with spaces ';
    const result = resolveEnv({ MINHOS_AUTH_TOKEN: token });
    expect(result.ok && result.value.auth.token).toBe(token);
  });

  test('one layer per variable, each tagged with its variable', () => {
    const layers = configLayersFromEnv({
      MINHOS_RISK_CAPITAL: '5',
      MINHOS_LOGGING_LEVEL: 'debug',
      HOME: '/root',
    });
    expect(layers.ok && layers.value).toEqual([
      { source: { kind: 'env', variable: 'MINHOS_LOGGING_LEVEL' }, values: { logging: { level: 'debug' } } },
      { source: { kind: 'env', variable: 'MINHOS_RISK_CAPITAL' }, values: { risk: { capital: 5 } } },
    ]);
  });

  test('ignores unset values, non-MINHOS variables and the reserved MINHOS_CONFIG', () => {
    const layers = configLayersFromEnv({
      MINHOS_RISK_CAPITAL: undefined,
      PATH: '/bin',
      MINHOS_CONFIG: 'x.yaml',
    });
    expect(layers).toEqual({ ok: true, value: [] });
  });

  test.each([
    ['MINHOS_RISK_MAX_DAILY_LOSS', 'abc', 'a positive number'],
    ['MINHOS_RISK_MAX_DAILY_LOSS', '', 'a positive number'],
    ['MINHOS_RISK_MAX_DAILY_LOSS', '0x10', 'a positive number'],
    ['MINHOS_RISK_MAX_DAILY_LOSS', 'Infinity', 'a positive number'],
    ['MINHOS_RISK_MAX_DAILY_LOSS', '1,000', 'a positive number'],
    ['MINHOS_STORAGE_WAL', 'yes', 'true or false'],
    ['MINHOS_STORAGE_WAL', '', 'true or false'],
  ])('%s=%j is not coerced and names the variable', (variable, text, expected) => {
    const [error, ...rest] = errorsOf({ [variable]: text });
    expect(rest).toEqual([]);
    expect(error?.code).toBe('CONFIG_INVALID_VALUE');
    expect(error?.message).toBe(
      `config: ${error?.path} must be ${expected}, got ${JSON.stringify(text)} (from ${variable})`,
    );
    expect(error?.source).toEqual({ kind: 'env', variable });
  });

  test('values that coerce but break a constraint are reported by path, value and variable', () => {
    const messages = errorsOf({
      MINHOS_RISK_MAX_DAILY_LOSS: '-5',
      MINHOS_RISK_MAX_POSITION_CONTRACTS: '2.5',
      MINHOS_TRADING_MODE: 'auto',
      MINHOS_SYMBOLS_ENABLED: 'ES,es',
    }).map((e) => e.message);
    expect(messages).toContain(
      'config: risk.maxDailyLoss must be a positive number, got -5 (from MINHOS_RISK_MAX_DAILY_LOSS)',
    );
    expect(messages).toContain(
      'config: risk.maxPositionContracts must be a positive integer, got 2.5 (from MINHOS_RISK_MAX_POSITION_CONTRACTS)',
    );
    expect(messages).toContain(
      'config: trading.mode must be one of "manual", "semi_auto", "full_auto", got "auto" (from MINHOS_TRADING_MODE)',
    );
    expect(messages).toContain(
      'config: symbols.enabled[1] must be an upper-case product root like "NQ" or "6E", got "es" (from MINHOS_SYMBOLS_ENABLED)',
    );
  });

  test('an unknown MINHOS_ variable is an error naming it and the closest known one', () => {
    const [typo] = errorsOf({ MINHOS_RISK_MAX_DAILY_LOS: '5' });
    expect(typo?.code).toBe('CONFIG_UNKNOWN_ENV');
    expect(typo?.message).toBe(
      'config: unknown environment variable MINHOS_RISK_MAX_DAILY_LOS; did you mean MINHOS_RISK_MAX_DAILY_LOSS?',
    );
    const [section] = errorsOf({ MINHOS_RISK: '5' });
    expect(section?.message).toMatch(/^config: unknown environment variable MINHOS_RISK; /);
    const [far] = errorsOf({ MINHOS_FOO_BAR_BAZ_QUUX: '1' });
    expect(far?.message).toBe(
      'config: unknown environment variable MINHOS_FOO_BAR_BAZ_QUUX; see configEnvVars for the supported variables',
    );
  });

  test('all environment problems are reported together', () => {
    const errors = errorsOf({ MINHOS_X: '1', MINHOS_STORAGE_WAL: 'maybe', MINHOS_RISK_CAPITAL: 'lots' });
    expect(errors.map((e) => e.code).sort()).toEqual([
      'CONFIG_INVALID_VALUE',
      'CONFIG_INVALID_VALUE',
      'CONFIG_UNKNOWN_ENV',
    ]);
  });

  test('secret values are never echoed, even when malformed or misspelled', () => {
    const secret = 'hunter2';
    const errors = [
      ...errorsOf({ MINHOS_AUTH_TOKEN: secret }),
      ...errorsOf({ MINHOS_AUTH_TOKN: secret }),
      ...errorsOf({ MINHOS_NETWORK_DTC_PASSWORD: '' }),
    ];
    expect(errors).toHaveLength(3);
    expect(errors[0]?.message).toBe(
      'config: auth.token must be a string of at least 16 characters, got [redacted] (from MINHOS_AUTH_TOKEN)',
    );
    for (const error of errors) {
      expect(JSON.stringify(error.toJSON())).not.toContain(secret);
      expect(error.value === undefined || error.value === '[redacted]').toBe(true);
    }
  });
});
