import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CONFIG_FILE_ENV, configEnvVars, defaultConfig, envVarName } from './index.js';
import { ENV_TABLE_END, ENV_TABLE_START, formatEnvTable } from './internal/envTable.js';

/** Every leaf path of a plain object (arrays are leaves). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    leafPaths(child, prefix === '' ? key : `${prefix}.${key}`),
  );
}

describe('configEnvVars', () => {
  test('envVarName converts camelCase segments to UPPER_SNAKE', () => {
    expect(envVarName('risk.maxDailyLoss')).toBe('MINHOS_RISK_MAX_DAILY_LOSS');
    expect(envVarName('intervals.aiMs')).toBe('MINHOS_INTERVALS_AI_MS');
    expect(envVarName('network.dtc.reconnect.initialDelayMs')).toBe(
      'MINHOS_NETWORK_DTC_RECONNECT_INITIAL_DELAY_MS',
    );
  });

  test('one variable per setting, no two settings share a variable, none is the reserved one', () => {
    const variables = configEnvVars.map((v) => v.variable);
    expect(new Set(variables).size).toBe(variables.length);
    expect(variables).not.toContain(CONFIG_FILE_ENV);
    for (const row of configEnvVars) expect(row.variable).toBe(envVarName(row.path));
  });

  test('covers every setting: each default leaf plus the optional (unset by default) ones', () => {
    const covered = new Set(configEnvVars.map((v) => v.path));
    for (const path of leafPaths(defaultConfig)) expect(covered, path).toContain(path);
    const optional = configEnvVars.filter((v) => v.defaultValue === undefined).map((v) => v.path);
    expect(optional.sort()).toEqual([
      'auth.token',
      'network.dtc.password',
      'network.dtc.username',
      'trading.account',
    ]);
    expect(configEnvVars.length).toBe(leafPaths(defaultConfig).length + optional.length);
  });

  test('rows describe kind, allowed values, secrecy and default text', () => {
    const row = (path: string) => configEnvVars.find((v) => v.path === path);
    expect(row('risk.maxDailyLoss')).toMatchObject({
      kind: 'number',
      expected: 'a positive number',
      defaultValue: '1000',
    });
    expect(row('risk.maxPositionContracts')).toMatchObject({
      kind: 'integer',
      expected: 'a positive integer',
    });
    expect(row('trading.mode')).toMatchObject({ kind: 'enum', values: ['manual', 'semi_auto', 'full_auto'] });
    expect(row('storage.wal')).toMatchObject({ kind: 'boolean', defaultValue: 'true' });
    expect(row('symbols.enabled')).toMatchObject({ kind: 'list', item: 'string', defaultValue: 'NQ,ES' });
    expect(row('network.server.corsOrigins')).toMatchObject({ kind: 'list', defaultValue: '' });
    expect(row('auth.token')).toMatchObject({ secret: true, expected: 'a string of at least 16 characters' });
    expect(configEnvVars.filter((v) => v.secret).map((v) => v.path)).toEqual([
      'network.dtc.password',
      'auth.token',
    ]);
    for (const v of configEnvVars) expect(v.description, v.path).not.toBe('');
  });

  test('the README env table is up to date (regenerate with scripts/write-env-table.ts)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(ENV_TABLE_START);
    const end = readme.indexOf(ENV_TABLE_END);
    expect(start).toBeGreaterThan(0);
    // Compare cell by cell: the formatter may pad the columns of the committed table.
    const cells = (table: string) =>
      table
        .trim()
        .split('\n')
        .map((row) => row.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/^-+$/, '---')));
    expect(cells(readme.slice(start + ENV_TABLE_START.length, end))).toEqual(cells(formatEnvTable()));
  });
});
