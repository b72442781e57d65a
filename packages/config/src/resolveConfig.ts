import { err, ok, type Result } from '@minhos/core';
import type { z } from 'zod';
import { ConfigError, type ConfigSource } from './ConfigError.js';
import { configSchema, type MinhosConfig } from './configSchema.js';
import { defaultConfig } from './defaultConfig.js';
import { closest } from './internal/closest.js';
import { deepFreeze } from './internal/deepFreeze.js';
import { formatPath, formatSource, formatValue } from './internal/format.js';
import { schemaTree } from './internal/schemaTree.js';

/**
 * One source of settings: a (partial) nested object of values and where they came from.
 * Built by {@link readConfigFile}, {@link configLayersFromEnv}, or by hand for overrides.
 */
export interface ConfigLayer {
  readonly source: ConfigSource;
  /** A partial config: nested plain objects; arrays replace, they are not merged. */
  readonly values: unknown;
}

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

// defineProperty, not assignment: a `__proto__` key from a file must stay an own (unknown, hence
// rejected) key instead of replacing the prototype.
function setOwn(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function clonePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clonePlain);
  if (isPlainObject(value)) {
    const copy: PlainObject = {};
    for (const [key, child] of Object.entries(value)) setOwn(copy, key, clonePlain(child));
    return copy;
  }
  return value;
}

const pathKey = (segments: readonly PropertyKey[]): string => segments.map(String).join('\u0000');

/**
 * Which layer last set each value. A problem's source is the layer that set the longest prefix of
 * its path; failing that, the layer that created the mapping at exactly that path (an unknown,
 * empty `tradng: {}`); failing that, the defaults. Creating a mapping does not claim its other
 * keys: `MINHOS_KELLY_FRACTION` creates `kelly` but `kelly.minTrades` still comes from the defaults.
 */
class Provenance {
  private readonly values = new Map<string, ConfigSource>();
  private readonly mappings = new Map<string, ConfigSource>();

  private forget(key: string): void {
    const prefix = `${key}\u0000`;
    for (const map of [this.values, this.mappings]) {
      for (const existing of map.keys()) {
        if (existing === key || existing.startsWith(prefix)) map.delete(existing);
      }
    }
  }

  setValue(segments: readonly string[], source: ConfigSource): void {
    const key = pathKey(segments);
    this.forget(key);
    this.values.set(key, source);
  }

  setMapping(segments: readonly string[], source: ConfigSource): void {
    const key = pathKey(segments);
    this.forget(key);
    this.mappings.set(key, source);
  }

  of(segments: readonly PropertyKey[]): ConfigSource {
    for (let n = segments.length; n >= 0; n--) {
      const source = this.values.get(pathKey(segments.slice(0, n)));
      if (source !== undefined) return source;
    }
    return this.mappings.get(pathKey(segments)) ?? { kind: 'default' };
  }
}

function mergeInto(
  target: PlainObject,
  values: PlainObject,
  segments: readonly string[],
  source: ConfigSource,
  provenance: Provenance,
): void {
  for (const [key, value] of Object.entries(values)) {
    // `undefined` means "not set" (e.g. an absent CLI flag), never "erase".
    if (value === undefined) continue;
    const path = [...segments, key];
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (isPlainObject(value) && isPlainObject(existing)) {
      mergeInto(existing, value, path, source, provenance);
    } else if (isPlainObject(value)) {
      const fresh: PlainObject = {};
      setOwn(target, key, fresh);
      provenance.setMapping(path, source);
      mergeInto(fresh, value, path, source, provenance);
    } else {
      setOwn(target, key, clonePlain(value));
      provenance.setValue(path, source);
    }
  }
}

function lookup(
  root: unknown,
  segments: readonly PropertyKey[],
): { readonly found: boolean; readonly value: unknown } {
  let current = root;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

/** The merged value at a path, else the default there (a rule can fail on a value no layer set). */
function valueAt(merged: unknown, segments: readonly PropertyKey[]): unknown {
  const set = lookup(merged, segments);
  return set.found ? set.value : lookup(defaultConfig, segments).value;
}

interface Expectation {
  readonly expected: string | undefined;
  readonly secret: boolean;
}

function expectationAt(segments: readonly PropertyKey[]): Expectation {
  const tree = schemaTree();
  const names = segments.filter((s): s is string => typeof s === 'string');
  const path = names.join('.');
  const field = tree.fieldByPath.get(path);
  if (field !== undefined) {
    const isItem = typeof segments[segments.length - 1] === 'number';
    return { expected: isItem ? field.itemExpected : field.expected, secret: field.secret };
  }
  return { expected: tree.sectionByPath.get(path)?.expected, secret: false };
}

function issueToErrors(issue: z.core.$ZodIssue, merged: unknown, provenance: Provenance): ConfigError[] {
  const tree = schemaTree();
  if (issue.code === 'unrecognized_keys') {
    const section = tree.sectionByPath.get(issue.path.join('.'));
    return issue.keys.map((key) => {
      const segments = [...issue.path, key];
      const path = formatPath(segments);
      const source = provenance.of(segments);
      const suggestion = section === undefined ? undefined : closest(key, section.keys);
      const hint =
        suggestion === undefined
          ? ` expected one of: ${section?.keys.join(', ') ?? ''}`
          : ` did you mean ${formatPath([...issue.path, suggestion])}?`;
      return new ConfigError(
        'CONFIG_UNKNOWN_KEY',
        `config: ${path} is not a known setting (from ${formatSource(source)});${hint}`,
        // No value: a misspelled secret key (`auth.tokn`) must not leak through the error.
        {
          path,
          source,
          ...(section === undefined ? {} : { expected: `a key of ${formatPath(issue.path)}` }),
        },
      );
    });
  }
  const path = formatPath(issue.path);
  const source = provenance.of(issue.path);
  const { expected: derived, secret } = expectationAt(issue.path);
  // Cross-field rules carry their own phrase, completed with the other field's value and source;
  // otherwise the field's constraints describe what is expected best.
  let expected = derived ?? issue.message;
  if (issue.code === 'custom') {
    const other = typeof issue.params?.other === 'string' ? issue.params.other.split('.') : undefined;
    expected =
      other === undefined
        ? issue.message
        : `${issue.message} (${formatValue(valueAt(merged, other))}, from ${formatSource(provenance.of(other))})`;
  }
  const value = valueAt(merged, issue.path);
  const shown = formatValue(value, secret);
  return [
    new ConfigError(
      'CONFIG_INVALID_VALUE',
      `config: ${path} must be ${expected}, got ${shown} (from ${formatSource(source)})`,
      { path, source, value: secret ? shown : value, expected },
    ),
  ];
}

/**
 * Merges layers over the built-in defaults (later layers win, objects merge key by key, arrays
 * and scalars replace) and validates the result against {@link configSchema}. Pure: no file or
 * environment access, so it is what tests and embedding apps call with layers they built.
 *
 * Returns the deeply frozen config, or every problem found, each naming its path, value, source and
 * what was expected.
 *
 * @example
 * ```ts
 * import { resolveConfig } from '@minhos/config';
 * const result = resolveConfig([
 *   { source: { kind: 'file', file: 'minhos.yaml' }, values: { risk: { maxDailyLoss: 500 } } },
 *   { source: { kind: 'override' }, values: { trading: { mode: 'semi_auto' } } },
 * ]);
 * if (result.ok) result.value.risk.maxDailyLoss; // 500
 * ```
 */
export function resolveConfig(layers: readonly ConfigLayer[]): Result<MinhosConfig, ConfigError[]> {
  const merged: PlainObject = {};
  const provenance = new Provenance();
  const errors: ConfigError[] = [];
  for (const layer of layers) {
    if (layer.values === undefined) continue;
    if (!isPlainObject(layer.values)) {
      errors.push(
        new ConfigError(
          'CONFIG_INVALID_VALUE',
          `config: (root) must be a mapping of settings, got ${formatValue(layer.values)} (from ${formatSource(layer.source)})`,
          { path: '(root)', source: layer.source, value: layer.values, expected: 'a mapping of settings' },
        ),
      );
      continue;
    }
    mergeInto(merged, layer.values, [], layer.source, provenance);
  }
  if (errors.length > 0) return err(errors);
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    return err(parsed.error.issues.flatMap((issue) => issueToErrors(issue, merged, provenance)));
  }
  return ok(deepFreeze(parsed.data));
}
