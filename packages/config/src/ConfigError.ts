import { MinhosError } from '@minhos/core';
import { formatSource } from './internal/format.js';

/**
 * Where a configuration value came from: the built-in defaults, a config file (the path as given),
 * one `MINHOS_*` environment variable, or the `overrides` passed in code.
 */
export type ConfigSource =
  | { readonly kind: 'default' }
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'override' };

/**
 * Stable codes of {@link ConfigError}:
 * - `CONFIG_INVALID` — the aggregate thrown by {@link loadConfig}; the problems are in `issues`.
 * - `CONFIG_INVALID_VALUE` — a value fails its type or constraint.
 * - `CONFIG_UNKNOWN_KEY` — a key the schema does not have (typo, removed setting).
 * - `CONFIG_UNKNOWN_ENV` — a `MINHOS_*` variable that maps to no setting.
 * - `CONFIG_FILE_NOT_FOUND`, `CONFIG_FILE_UNREADABLE`, `CONFIG_FILE_FORMAT` (extension not
 *   `.json`/`.yaml`/`.yml`), `CONFIG_FILE_PARSE` (malformed JSON/YAML).
 */
export type ConfigErrorCode =
  | 'CONFIG_INVALID'
  | 'CONFIG_INVALID_VALUE'
  | 'CONFIG_UNKNOWN_KEY'
  | 'CONFIG_UNKNOWN_ENV'
  | 'CONFIG_FILE_NOT_FOUND'
  | 'CONFIG_FILE_UNREADABLE'
  | 'CONFIG_FILE_FORMAT'
  | 'CONFIG_FILE_PARSE';

/** Fields of one configuration problem (see {@link ConfigError}). */
export interface ConfigErrorInit {
  /** Dotted path of the setting, e.g. `risk.maxDailyLoss`, `symbols.enabled[1]`, `(root)`. */
  readonly path?: string;
  /** Where the offending value came from. */
  readonly source?: ConfigSource;
  /** The offending value, already redacted when the setting is secret. */
  readonly value?: unknown;
  /** What would have been accepted, e.g. `a positive number`. */
  readonly expected?: string;
  /** For file errors: 1-based line and column, when the parser reports them. */
  readonly line?: number;
  readonly column?: number;
  /** For the `CONFIG_INVALID` aggregate: the individual problems. */
  readonly issues?: readonly ConfigError[];
  readonly cause?: unknown;
}

/**
 * A configuration problem. Each one names the setting's path, the bad value, where it came from
 * and what was expected, e.g.
 * `config: risk.maxDailyLoss must be a positive number, got -5 (from MINHOS_RISK_MAX_DAILY_LOSS)`.
 *
 * {@link safeLoadConfig} returns a list of these; {@link loadConfig} throws one aggregate with
 * code `CONFIG_INVALID` whose message lists every problem and whose `issues` holds them.
 * Secret values never appear in messages, `value` or `details`.
 *
 * @example
 * ```ts
 * import { ConfigError, loadConfig } from '@minhos/config';
 * try {
 *   loadConfig({ env: { MINHOS_RISK_MAX_DAILY_LOSS: '-5' } });
 * } catch (e) {
 *   if (e instanceof ConfigError) for (const issue of e.issues) console.error(issue.path, issue.source);
 * }
 * ```
 */
export class ConfigError extends MinhosError {
  declare readonly code: ConfigErrorCode;
  /** Dotted path of the setting, when the problem concerns one. */
  readonly path: string | undefined;
  /** Where the offending value (or file) came from. */
  readonly source: ConfigSource | undefined;
  /** The offending value (redacted for secrets). */
  readonly value: unknown;
  /** What would have been accepted. */
  readonly expected: string | undefined;
  /** For `CONFIG_INVALID`: every problem found; otherwise empty. */
  readonly issues: readonly ConfigError[];

  constructor(code: ConfigErrorCode, message: string, init: ConfigErrorInit = {}) {
    const details: Record<string, unknown> = {};
    if (init.path !== undefined) details.path = init.path;
    if (init.source !== undefined) details.source = formatSource(init.source);
    if ('value' in init) details.value = init.value;
    if (init.expected !== undefined) details.expected = init.expected;
    if (init.line !== undefined) details.line = init.line;
    if (init.column !== undefined) details.column = init.column;
    if (init.issues !== undefined) details.issues = init.issues.map((issue) => issue.message);
    super(code, message, init.cause === undefined ? { details } : { details, cause: init.cause });
    this.path = init.path;
    this.source = init.source;
    this.value = init.value;
    this.expected = init.expected;
    this.issues = Object.freeze([...(init.issues ?? [])]);
  }

  /**
   * One error listing every problem (code `CONFIG_INVALID`), as thrown by {@link loadConfig}.
   *
   * @example
   * ```ts
   * import { ConfigError, safeLoadConfig } from '@minhos/config';
   * const result = safeLoadConfig({ env: {} });
   * if (!result.ok) throw ConfigError.aggregate(result.error);
   * ```
   */
  static aggregate(issues: readonly ConfigError[]): ConfigError {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map((issue) => `  - ${issue.message}`).join('\n');
    return new ConfigError('CONFIG_INVALID', `invalid MinhOS configuration (${count}):\n${lines}`, {
      issues,
    });
  }
}
