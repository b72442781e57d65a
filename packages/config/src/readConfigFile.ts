import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { err, ok, type Result } from '@minhos/core';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError, type ConfigSource } from './ConfigError.js';
import { formatValue } from './internal/format.js';
import type { ConfigLayer } from './resolveConfig.js';

/** Syntax of a config file. */
export type ConfigFileFormat = 'json' | 'yaml';

const FORMAT_BY_EXTENSION: Readonly<Record<string, ConfigFileFormat>> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/** Top-level key editors use to find the JSON Schema; accepted and ignored. */
const SCHEMA_KEY = '$schema';

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function parseError(
  file: string,
  format: ConfigFileFormat,
  reason: string,
  at?: { line: number; column: number },
) {
  const where = at === undefined ? '' : ` at line ${at.line}, column ${at.column}`;
  const syntax = format === 'json' ? 'JSON' : 'YAML';
  return new ConfigError('CONFIG_FILE_PARSE', `config: ${file} is not valid ${syntax}${where}: ${reason}`, {
    source: { kind: 'file', file },
    ...(at === undefined ? {} : { line: at.line, column: at.column }),
  });
}

function parseJson(text: string, file: string): Result<unknown, ConfigError[]> {
  try {
    return ok(JSON.parse(text));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // V8 reports a character offset for most JSON errors but not all ("Unexpected token …").
    const position = /at position (\d+)/.exec(message);
    const reason = message
      .replace(/\s*in JSON at position \d+.*$/, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '');
    const at = position === null ? undefined : lineColumn(text, Number(position[1]));
    return err([parseError(file, 'json', reason, at)]);
  }
}

function parseYaml(text: string, file: string): Result<unknown, ConfigError[]> {
  const lineCounter = new LineCounter();
  // prettyErrors off: location is reported once, by us, from the LineCounter.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // Warnings (e.g. an unknown tag turning a number into a string) would silently change values.
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return err(
      problems.map((problem) => {
        const pos = lineCounter.linePos(problem.pos[0]);
        return parseError(file, 'yaml', problem.message, { line: pos.line, column: pos.col });
      }),
    );
  }
  try {
    // maxAliasCount bounds alias expansion ("billion laughs").
    return ok(doc.toJS({ maxAliasCount: 100 }));
  } catch (cause) {
    return err([parseError(file, 'yaml', cause instanceof Error ? cause.message : String(cause))]);
  }
}

/**
 * Parses the text of a config file into a {@link ConfigLayer} without touching the disk: JSON or
 * YAML (1.2 core schema: `on`/`yes` are strings, not booleans; duplicate keys are errors). An empty
 * YAML document is an empty layer. A top-level `$schema` key (for editors) is ignored.
 *
 * @param options - `file`: the name used in messages and as the layer's source; `format`: `json` or `yaml`.
 * @example
 * ```ts
 * import { parseConfigText } from '@minhos/config';
 * const layer = parseConfigText('risk:\n  maxDailyLoss: 500\n', { file: 'minhos.yaml', format: 'yaml' });
 * ```
 */
export function parseConfigText(
  text: string,
  options: { readonly file: string; readonly format: ConfigFileFormat },
): Result<ConfigLayer, ConfigError[]> {
  const { file, format } = options;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parsed = format === 'json' ? parseJson(body, file) : parseYaml(body, file);
  if (!parsed.ok) return parsed;
  const source: ConfigSource = { kind: 'file', file };
  // An empty (or comment-only) YAML document means "no settings"; JSON has no such form.
  const values = format === 'yaml' ? (parsed.value ?? {}) : parsed.value;
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return err([
      new ConfigError(
        'CONFIG_INVALID_VALUE',
        `config: ${file} must contain a mapping of settings at the top level, got ${formatValue(values)}`,
        { path: '(root)', source, value: values, expected: 'a mapping of settings' },
      ),
    ]);
  }
  const { [SCHEMA_KEY]: _schema, ...settings } = values as Record<string, unknown>;
  return ok({ source, values: settings });
}

/**
 * Reads a config file into a {@link ConfigLayer}; the format follows the extension (`.json`,
 * `.yaml`, `.yml`). Synchronous, because configuration is read once at startup before anything
 * else can run. Missing, unreadable and malformed files are errors naming the file (and the line,
 * when the parser knows it).
 *
 * @param file - path as the user gave it (relative paths resolve against the working directory);
 * messages quote it verbatim.
 * @example
 * ```ts
 * import { readConfigFile, resolveConfig } from '@minhos/config';
 * const layer = readConfigFile('./minhos.yaml');
 * const config = layer.ok ? resolveConfig([layer.value]) : layer;
 * ```
 */
export function readConfigFile(file: string): Result<ConfigLayer, ConfigError[]> {
  const source: ConfigSource = { kind: 'file', file };
  const extension = extname(file).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (format === undefined) {
    return err([
      new ConfigError(
        'CONFIG_FILE_FORMAT',
        `config: cannot read ${file}: the extension ${extension === '' ? '(none)' : `"${extension}"`} is not supported, expected .json, .yaml or .yml`,
        { source, expected: '.json, .yaml or .yml' },
      ),
    ]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return err([
        new ConfigError(
          'CONFIG_FILE_NOT_FOUND',
          `config: config file ${file} not found (looked for ${resolve(file)})`,
          {
            source,
            cause,
          },
        ),
      ]);
    }
    const reason =
      code === 'EISDIR' ? 'it is a directory' : cause instanceof Error ? cause.message : String(cause);
    return err([
      new ConfigError('CONFIG_FILE_UNREADABLE', `config: cannot read config file ${file}: ${reason}`, {
        source,
        cause,
      }),
    ]);
  }
  return parseConfigText(text, { file, format });
}
