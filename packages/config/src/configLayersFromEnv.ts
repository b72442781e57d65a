import { err, ok, type Result } from '@minhos/core';
import { ConfigError, type ConfigSource } from './ConfigError.js';
import { CONFIG_FILE_ENV, type ConfigEnvVar, configEnvVars, ENV_PREFIX } from './configEnvVars.js';
import { closest } from './internal/closest.js';
import { formatValue } from './internal/format.js';
import type { ConfigLayer } from './resolveConfig.js';

/** An environment: `process.env` or any name → value map (undefined = unset). */
export type ConfigEnv = Readonly<Record<string, string | undefined>>;

// Strict decimal: `Number()` would also take '', ' ', '0x1F', 'Infinity'.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

function coerceNumber(text: string): Coerced {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return { ok: false };
  const value = Number(trimmed);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}

function coerceScalar(kind: ConfigEnvVar['kind'], text: string): Coerced {
  switch (kind) {
    case 'number':
    case 'integer':
      return coerceNumber(text);
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (lower === 'true' || lower === '1') return { ok: true, value: true };
      if (lower === 'false' || lower === '0') return { ok: true, value: false };
      return { ok: false };
    }
    case 'enum':
      // Membership is the schema's job, so the message lists the allowed values in one place.
      return { ok: true, value: text.trim() };
    case 'string':
      return { ok: true, value: text };
    case 'list':
      return { ok: false };
  }
}

function coerce(row: ConfigEnvVar, text: string): Coerced {
  if (row.kind !== 'list') return coerceScalar(row.kind, text);
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const values: unknown[] = [];
  for (const item of items) {
    const coerced = coerceScalar(row.item ?? 'string', item);
    if (!coerced.ok) return coerced;
    values.push(coerced.value);
  }
  return { ok: true, value: values };
}

function nest(path: string, value: unknown): Record<string, unknown> {
  const segments = path.split('.');
  let nested: unknown = value;
  for (let i = segments.length - 1; i >= 0; i--) nested = { [segments[i]!]: nested };
  return nested as Record<string, unknown>;
}

const byVariable: ReadonlyMap<string, ConfigEnvVar> = new Map(
  configEnvVars.map((row) => [row.variable, row]),
);

/**
 * Reads every `MINHOS_*` variable of `env` into config layers, one per variable so each value's
 * source is that variable. The variable names come from {@link configEnvVars}
 * (`MINHOS_RISK_MAX_DAILY_LOSS` → `risk.maxDailyLoss`); text is coerced by the setting's type:
 * numbers (strict decimal), booleans (`true`/`false`/`1`/`0`), enums, strings, comma-separated
 * lists. An unknown `MINHOS_*` variable is an error naming it and the closest known one.
 * {@link CONFIG_FILE_ENV} is reserved for the file path and skipped here.
 *
 * @example
 * ```ts
 * import { configLayersFromEnv, resolveConfig } from '@minhos/config';
 * const layers = configLayersFromEnv({ MINHOS_SYMBOLS_ENABLED: 'ES,NQ', MINHOS_TRADING_MODE: 'semi_auto' });
 * const config = layers.ok ? resolveConfig(layers.value) : layers;
 * ```
 */
export function configLayersFromEnv(env: ConfigEnv): Result<ConfigLayer[], ConfigError[]> {
  const layers: ConfigLayer[] = [];
  const errors: ConfigError[] = [];
  const names = Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && name !== CONFIG_FILE_ENV)
    .sort();
  for (const variable of names) {
    const text = env[variable];
    if (text === undefined) continue;
    const source: ConfigSource = { kind: 'env', variable };
    const row = byVariable.get(variable);
    if (row === undefined) {
      const suggestion = closest(variable.slice(ENV_PREFIX.length), [
        ...[...byVariable.keys()].map((name) => name.slice(ENV_PREFIX.length)),
        CONFIG_FILE_ENV.slice(ENV_PREFIX.length),
      ]);
      const hint =
        suggestion === undefined
          ? 'see configEnvVars for the supported variables'
          : `did you mean ${ENV_PREFIX}${suggestion}?`;
      // The value is not echoed: a misspelled secret variable must not leak through the error.
      errors.push(
        new ConfigError('CONFIG_UNKNOWN_ENV', `config: unknown environment variable ${variable}; ${hint}`, {
          source,
          expected: 'a variable listed in configEnvVars',
        }),
      );
      continue;
    }
    const coerced = coerce(row, text);
    if (!coerced.ok) {
      const shown = formatValue(text, row.secret);
      errors.push(
        new ConfigError(
          'CONFIG_INVALID_VALUE',
          `config: ${row.path} must be ${row.expected}, got ${shown} (from ${variable})`,
          { path: row.path, source, value: row.secret ? shown : text, expected: row.expected },
        ),
      );
      continue;
    }
    layers.push({ source, values: nest(row.path, coerced.value) });
  }
  return errors.length > 0 ? err(errors) : ok(layers);
}
