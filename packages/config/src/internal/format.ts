import type { ConfigSource } from '../ConfigError.js';

/**
 * The placeholder, `'[redacted]'`, that replaces secret values wherever config is shown
 * (see {@link redact}).
 *
 * @example
 * ```ts
 * import { REDACTED, redact, defaultConfig } from '@minhos/config';
 * redact(defaultConfig).auth.token === REDACTED; // false: no token is set by default
 * ```
 */
export const REDACTED = '[redacted]';

const MAX_VALUE_CHARS = 80;

/** Renders a value for an error message: JSON-like, shortened, secrets hidden. */
export function formatValue(value: unknown, secret = false): string {
  if (secret && value !== undefined) return REDACTED;
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** `'default'`, the file path, the variable name or `'override'`. */
export function formatSource(source: ConfigSource): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return source.file;
    case 'env':
      return source.variable;
    case 'override':
      return 'override';
  }
}

/** `['symbols', 'enabled', 1]` → `symbols.enabled[1]`; the empty path is `(root)`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
