import { err, type Result } from '@minhos/core';
import { ConfigError } from './ConfigError.js';
import { CONFIG_FILE_ENV } from './configEnvVars.js';
import { type ConfigEnv, configLayersFromEnv } from './configLayersFromEnv.js';
import type { MinhosConfig, MinhosConfigInput } from './configSchema.js';
import { readConfigFile } from './readConfigFile.js';
import { type ConfigLayer, resolveConfig } from './resolveConfig.js';

/** Inputs of {@link loadConfig}; every one is optional. */
export interface LoadConfigOptions {
  /**
   * Config file (`.json`, `.yaml`, `.yml`). Defaults to the `MINHOS_CONFIG` variable of `env`;
   * without either, no file is read.
   */
  readonly file?: string | undefined;
  /** Environment to read `MINHOS_*` variables from. Defaults to `process.env`. */
  readonly env?: ConfigEnv | undefined;
  /** Highest-precedence values set in code (e.g. from CLI flags); `undefined` leaves are ignored. */
  readonly overrides?: MinhosConfigInput | undefined;
}

/**
 * {@link loadConfig} without throwing: the config, or every problem found. Problems loading the
 * sources (file missing or malformed, unknown or uncoercible `MINHOS_*` variables) are all reported
 * together; values are validated once every source has loaded, since validating without one would
 * report knock-on errors instead of the cause.
 *
 * @example
 * ```ts
 * import { safeLoadConfig } from '@minhos/config';
 * const result = safeLoadConfig({ file: 'minhos.yaml', env: process.env });
 * if (!result.ok) for (const problem of result.error) console.error(problem.message);
 * ```
 */
export function safeLoadConfig(options: LoadConfigOptions = {}): Result<MinhosConfig, ConfigError[]> {
  const env = options.env ?? process.env;
  const fromEnv = env[CONFIG_FILE_ENV];
  const file = options.file ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
  const layers: ConfigLayer[] = [];
  const errors: ConfigError[] = [];
  if (file !== undefined) {
    const layer = readConfigFile(file);
    if (layer.ok) layers.push(layer.value);
    else errors.push(...layer.error);
  }
  const envLayers = configLayersFromEnv(env);
  if (envLayers.ok) layers.push(...envLayers.value);
  else errors.push(...envLayers.error);
  if (options.overrides !== undefined)
    layers.push({ source: { kind: 'override' }, values: options.overrides });
  // Validating without a layer that failed to load would report knock-on errors, not the cause.
  if (errors.length > 0) return err(errors);
  return resolveConfig(layers);
}

/**
 * Loads the MinhOS configuration. Sources, later wins: built-in defaults → config file (JSON or
 * YAML) → `MINHOS_*` environment variables → `overrides`. The result is validated, typed and
 * deeply frozen.
 *
 * Print it only through {@link redact}: the config holds secrets (`auth.token`,
 * `network.dtc.password`).
 *
 * @throws {@link ConfigError} `CONFIG_INVALID`, whose message lists every problem, e.g.
 * `config: risk.maxDailyLoss must be a positive number, got -5 (from MINHOS_RISK_MAX_DAILY_LOSS)`.
 * @example
 * ```ts
 * import { loadConfig, redact } from '@minhos/config';
 * const config = loadConfig({ file: './minhos.yaml' });
 * console.log(config.risk.maxDailyLoss, redact(config));
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): MinhosConfig {
  const result = safeLoadConfig(options);
  if (!result.ok) throw ConfigError.aggregate(result.error);
  return result.value;
}
