import { configSchema } from './configSchema.js';
import { type FieldKind, schemaTree } from './internal/schemaTree.js';

/**
 * One row of the environment-variable mapping: which `MINHOS_*` variable sets which setting and how
 * its text is coerced.
 */
export interface ConfigEnvVar {
  /** The variable, e.g. `MINHOS_RISK_MAX_DAILY_LOSS`. */
  readonly variable: string;
  /** The setting it sets, e.g. `risk.maxDailyLoss`. */
  readonly path: string;
  /**
   * How the text is read: `number`/`integer` (decimal, e.g. `1000`, `0.25`, `1e3`), `boolean`
   * (`true`/`false`/`1`/`0`, any case), `enum` (one of `values`), `string` (verbatim), `list`
   * (comma-separated; blanks around items are dropped; empty text = empty list).
   */
  readonly kind: FieldKind;
  /** For `list`: how each item is read. */
  readonly item: Exclude<FieldKind, 'list' | 'boolean'> | undefined;
  /** Allowed values for `enum` (or each item of an enum list). */
  readonly values: readonly string[] | undefined;
  /** What is accepted, as error messages phrase it (e.g. `a positive number`). */
  readonly expected: string;
  /** The setting's description from the schema. */
  readonly description: string;
  /** Whether the value is a secret (redacted everywhere it is shown). */
  readonly secret: boolean;
  /** The built-in default written as the variable would spell it; `undefined` when unset by default. */
  readonly defaultValue: string | undefined;
}

/**
 * The variable that names the config file for {@link loadConfig} when no `file` option is given.
 * It is reserved: it does not map to a setting.
 *
 * @example
 * ```ts
 * import { CONFIG_FILE_ENV, loadConfig } from '@minhos/config';
 * const config = loadConfig({ env: { [CONFIG_FILE_ENV]: './minhos.yaml' } }); // reads ./minhos.yaml
 * ```
 */
export const CONFIG_FILE_ENV = 'MINHOS_CONFIG';

/**
 * Prefix of every environment variable the loader reads (`MINHOS_`); any variable with it must be
 * in {@link configEnvVars} or be {@link CONFIG_FILE_ENV}.
 *
 * @example
 * ```ts
 * import { ENV_PREFIX } from '@minhos/config';
 * const ours = Object.keys(process.env).filter((name) => name.startsWith(ENV_PREFIX));
 * ```
 */
export const ENV_PREFIX = 'MINHOS_';

/**
 * The environment variable for a setting path, by the mechanical rule: `MINHOS_` + each path
 * segment converted from camelCase to UPPER_SNAKE, joined with `_`.
 *
 * The rule alone cannot be inverted (`RISK_MAX_DAILY_LOSS` could split several ways), so variables
 * are always looked up in {@link configEnvVars}, which is derived from the schema and checked to be
 * one-to-one when the module loads.
 *
 * @example
 * ```ts
 * import { envVarName } from '@minhos/config';
 * envVarName('risk.maxDailyLoss'); // 'MINHOS_RISK_MAX_DAILY_LOSS'
 * ```
 */
export function envVarName(path: string): string {
  const snake = path
    .split('.')
    .map((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase())
    .join('_');
  return `${ENV_PREFIX}${snake}`;
}

function envText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

function valueAt(root: unknown, segments: readonly string[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function buildEnvVars(): readonly ConfigEnvVar[] {
  const defaults = configSchema.parse({});
  const rows: ConfigEnvVar[] = [];
  const byVariable = new Map<string, string>();
  for (const field of schemaTree().fields) {
    const variable = envVarName(field.path);
    const clash = byVariable.get(variable);
    // A clash would make a variable ambiguous; renaming a schema key is the fix, so fail loudly at load.
    if (clash !== undefined || variable === CONFIG_FILE_ENV) {
      throw new Error(
        `@minhos/config: ${field.path} and ${clash ?? 'the reserved file variable'} both map to ${variable}`,
      );
    }
    byVariable.set(variable, field.path);
    rows.push(
      Object.freeze({
        variable,
        path: field.path,
        kind: field.kind,
        item: field.item,
        values: field.values,
        expected: field.expected,
        description: field.description,
        secret: field.secret,
        defaultValue: envText(valueAt(defaults, field.segments)),
      }),
    );
  }
  return Object.freeze(rows);
}

/**
 * Every `MINHOS_*` environment variable {@link loadConfig} understands, one per setting, in schema
 * order; derived from the schema so it cannot drift. Use it to print documentation or a `--help`.
 * Any other `MINHOS_*` variable (except {@link CONFIG_FILE_ENV}) is an error.
 *
 * @example
 * ```ts
 * import { configEnvVars } from '@minhos/config';
 * for (const v of configEnvVars) console.log(`${v.variable} → ${v.path} (${v.kind})`);
 * ```
 */
export const configEnvVars: readonly ConfigEnvVar[] = buildEnvVars();
