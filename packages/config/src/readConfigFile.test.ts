import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type ConfigError, parseConfigText, readConfigFile } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'minhos-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function onlyError(result: ReturnType<typeof readConfigFile>): ConfigError {
  if (result.ok) throw new Error('expected an error');
  expect(result.error).toHaveLength(1);
  return result.error[0]!;
}

describe('readConfigFile', () => {
  test('reads JSON, YAML and YML into a layer tagged with the path as given', () => {
    const json = write('a.json', '{ "risk": { "maxDailyLoss": 500 }, "symbols": { "enabled": ["ES"] } }');
    const yaml = write(
      'b.yaml',
      '# comment\nrisk:\n  maxDailyLoss: 500   # USD\nsymbols:\n  enabled: [ES]\n',
    );
    const yml = write('c.YML', 'risk: { maxDailyLoss: 500 }\nsymbols:\n  enabled:\n    - ES\n');
    const expected = { risk: { maxDailyLoss: 500 }, symbols: { enabled: ['ES'] } };
    for (const file of [json, yaml, yml]) {
      expect(readConfigFile(file)).toEqual({
        ok: true,
        value: { source: { kind: 'file', file }, values: expected },
      });
    }
  });

  test('YAML 1.2 core schema: yes/on stay strings, so a boolean setting rejects them later', () => {
    const layer = parseConfigText('storage:\n  wal: yes\n', { file: 'x.yaml', format: 'yaml' });
    expect(layer.ok && layer.value.values).toEqual({ storage: { wal: 'yes' } });
  });

  test('an empty or comment-only YAML file is an empty layer; a top-level $schema key is dropped', () => {
    expect(readConfigFile(write('empty.yaml', '')).ok && true).toBe(true);
    const comment = readConfigFile(write('comment.yml', '# nothing yet\n'));
    expect(comment.ok && comment.value.values).toEqual({});
    const withSchema = readConfigFile(
      write('s.json', '{ "$schema": "./minhos.schema.json", "logging": { "level": "warn" } }'),
    );
    expect(withSchema.ok && withSchema.value.values).toEqual({ logging: { level: 'warn' } });
  });

  test('a UTF-8 byte order mark is ignored', () => {
    const layer = readConfigFile(write('bom.json', '\uFEFF{ "logging": { "level": "warn" } }'));
    expect(layer.ok && layer.value.values).toEqual({ logging: { level: 'warn' } });
  });

  test('malformed JSON names the file, line and column', () => {
    const file = write('bad.json', '{\n  "risk": {\n    "maxDailyLoss": 500,\n  }\n}\n');
    const error = onlyError(readConfigFile(file));
    expect(error.code).toBe('CONFIG_FILE_PARSE');
    expect(error.message).toBe(
      `config: ${file} is not valid JSON at line 4, column 3: Expected double-quoted property name`,
    );
    expect(error.details).toMatchObject({ line: 4, column: 3, source: file });
  });

  test('malformed JSON without a position still names the file', () => {
    const error = onlyError(readConfigFile(write('tru.json', '{"a": tru}')));
    expect(error.code).toBe('CONFIG_FILE_PARSE');
    expect(error.message).toMatch(/^config: .*tru\.json is not valid JSON: /);
    const empty = onlyError(readConfigFile(write('empty.json', '')));
    expect(empty.message).toMatch(/empty\.json is not valid JSON: Unexpected end of JSON input$/);
  });

  test('malformed YAML names the file, line and column', () => {
    const file = write('bad.yaml', 'risk:\n  maxDailyLoss: 500\n bad: 1\n');
    const error = onlyError(readConfigFile(file));
    expect(error.code).toBe('CONFIG_FILE_PARSE');
    expect(error.message).toBe(
      `config: ${file} is not valid YAML at line 3, column 1: All mapping items must start at the same column`,
    );
    expect(error.details).toMatchObject({ line: 3, column: 1 });
  });

  test('duplicate YAML keys, unknown tags and unresolved aliases are errors, not silent rewrites', () => {
    const duplicate = onlyError(readConfigFile(write('dup.yaml', 'risk:\n  capital: 1\n  capital: 2\n')));
    expect(duplicate.message).toMatch(
      /dup\.yaml is not valid YAML at line 3, column 3: Map keys must be unique/,
    );
    const tag = onlyError(readConfigFile(write('tag.yaml', 'risk:\n  capital: !!money 5\n')));
    expect(tag.message).toMatch(/tag\.yaml is not valid YAML at line 2, column 12: .*money/);
    const alias = readConfigFile(write('alias.yaml', 'a: &x 1\nb: *y\n'));
    expect(alias.ok).toBe(false);
  });

  test('a top-level value that is not a mapping is rejected', () => {
    for (const [name, text, shown] of [
      ['list.yaml', '- 1\n- 2\n', '[1,2]'],
      ['scalar.json', '42', '42'],
      ['null.json', 'null', 'null'],
    ] as const) {
      const file = write(name, text);
      const error = onlyError(readConfigFile(file));
      expect(error.code).toBe('CONFIG_INVALID_VALUE');
      expect(error.message).toBe(
        `config: ${file} must contain a mapping of settings at the top level, got ${shown}`,
      );
    }
  });

  test('a missing file is CONFIG_FILE_NOT_FOUND naming the path and where it was looked for', () => {
    const file = join(dir, 'nope.yaml');
    const error = onlyError(readConfigFile(file));
    expect(error.code).toBe('CONFIG_FILE_NOT_FOUND');
    expect(error.message).toBe(`config: config file ${file} not found (looked for ${file})`);
    expect(error.source).toEqual({ kind: 'file', file });
  });

  test('a directory is CONFIG_FILE_UNREADABLE', () => {
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    const error = onlyError(readConfigFile(folder));
    expect(error.code).toBe('CONFIG_FILE_UNREADABLE');
    expect(error.message).toBe(`config: cannot read config file ${folder}: it is a directory`);
  });

  test('an unsupported extension is CONFIG_FILE_FORMAT, checked before reading', () => {
    const error = onlyError(readConfigFile('settings.toml'));
    expect(error.code).toBe('CONFIG_FILE_FORMAT');
    expect(error.message).toBe(
      'config: cannot read settings.toml: the extension ".toml" is not supported, expected .json, .yaml or .yml',
    );
    expect(onlyError(readConfigFile('minhosrc')).message).toMatch(/extension \(none\) is not supported/);
  });
});
