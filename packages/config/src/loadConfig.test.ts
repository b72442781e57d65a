import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { ConfigError, defaultConfig, loadConfig, safeLoadConfig } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'minhos-config-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const yamlFile = write(
  'minhos.yaml',
  [
    'trading:',
    '  mode: semi_auto',
    'risk:',
    '  maxDailyLoss: 500',
    '  maxPositions: 2',
    'symbols:',
    '  enabled: [ES, NQ]',
    '  primary: ES',
    '',
  ].join('\n'),
);

describe('loadConfig', () => {
  test('with nothing given it returns the defaults', () => {
    expect(loadConfig({ env: {} })).toEqual(defaultConfig);
  });

  test('defaults → file → env → overrides, later wins', () => {
    const config = loadConfig({
      file: yamlFile,
      env: {
        MINHOS_RISK_MAX_DAILY_LOSS: '400',
        MINHOS_RISK_MAX_POSITIONS: '1',
        MINHOS_TRADING_MODE: 'full_auto',
      },
      overrides: { risk: { maxDailyLoss: 300 } },
    });
    expect(config.risk.maxDailyLoss).toBe(300); // override over env over file
    expect(config.risk.maxPositions).toBe(1); // env over file
    expect(config.trading.mode).toBe('full_auto'); // env over file
    expect(config.symbols).toEqual({ enabled: ['ES', 'NQ'], primary: 'ES', rollOffsetDays: 8 }); // file over default
    expect(config.risk.maxPositionContracts).toBe(5); // default
    expect(Object.isFrozen(config.symbols.enabled)).toBe(true);
  });

  test('the file may come from MINHOS_CONFIG; an explicit file wins over it', () => {
    expect(loadConfig({ env: { MINHOS_CONFIG: yamlFile } }).risk.maxDailyLoss).toBe(500);
    const json = write('other.json', '{ "risk": { "maxDailyLoss": 42 } }');
    expect(loadConfig({ file: json, env: { MINHOS_CONFIG: yamlFile } }).risk.maxDailyLoss).toBe(42);
    expect(loadConfig({ env: { MINHOS_CONFIG: '' } })).toEqual(defaultConfig);
  });

  test('env defaults to process.env', () => {
    vi.stubEnv('MINHOS_LOGGING_LEVEL', 'debug');
    expect(loadConfig().logging.level).toBe('debug');
    vi.stubEnv('MINHOS_LOGGING_LEVL', 'debug');
    expect(() => loadConfig()).toThrow(/did you mean MINHOS_LOGGING_LEVEL\?/);
  });

  test('throws one CONFIG_INVALID ConfigError listing every problem with its source', () => {
    const bad = write('bad.yaml', 'risk:\n  maxDailyLos: 5\nsymbols:\n  enabled: [ES]\n');
    let thrown: unknown;
    try {
      loadConfig({
        file: bad,
        env: { MINHOS_RISK_MAX_DAILY_LOSS: '-5' },
        overrides: { trading: { autonomousThreshold: 2 } },
      });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toBe(
      [
        'invalid MinhOS configuration (4 problems):',
        '  - config: trading.autonomousThreshold must be a number from 0 to 1, got 2 (from override)',
        '  - config: risk.maxDailyLoss must be a positive number, got -5 (from MINHOS_RISK_MAX_DAILY_LOSS)',
        `  - config: risk.maxDailyLos is not a known setting (from ${bad}); did you mean risk.maxDailyLoss?`,
        `  - config: symbols.primary must be one of symbols.enabled (["ES"], from ${bad}), got "NQ" (from default)`,
      ].join('\n'),
    );
    expect(error.issues.map((i) => i.code)).toEqual([
      'CONFIG_INVALID_VALUE',
      'CONFIG_INVALID_VALUE',
      'CONFIG_UNKNOWN_KEY',
      'CONFIG_INVALID_VALUE',
    ]);
    expect(error.details.issues).toEqual(error.issues.map((i) => i.message));
  });

  test('file and environment problems are reported together; validation waits until both load', () => {
    const result = safeLoadConfig({
      file: join(dir, 'missing.yaml'),
      env: { MINHOS_NOPE: '1', MINHOS_RISK_CAPITAL: 'x' },
      overrides: { risk: { capital: -1 } },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((e) => e.code)).toEqual([
      'CONFIG_FILE_NOT_FOUND',
      'CONFIG_UNKNOWN_ENV',
      'CONFIG_INVALID_VALUE',
    ]);
    expect(result.error[0]?.message).toBe(
      `config: config file ${join(dir, 'missing.yaml')} not found (looked for ${join(dir, 'missing.yaml')})`,
    );
  });

  test('a malformed file is reported with its line through loadConfig', () => {
    const broken = write('broken.json', '{\n  "risk": { "maxDailyLoss": 5 }\n  "trading": {}\n}\n');
    expect(() => loadConfig({ file: broken, env: {} })).toThrow(
      `config: ${broken} is not valid JSON at line 3, column 3: Expected ',' or '}' after property value`,
    );
  });
});
