import type { MinhosConfig } from './configSchema.js';
import { deepFreeze } from './internal/deepFreeze.js';
import { REDACTED } from './internal/format.js';
import { schemaTree } from './internal/schemaTree.js';

export { REDACTED };

/**
 * A copy of `config` with every secret (fields marked `secret` in {@link configFieldMeta}:
 * `auth.token`, `network.dtc.password`) replaced by `'[redacted]'`. Unset secrets stay unset, so
 * the copy still shows whether one is configured.
 *
 * Use it whenever config leaves the process: logs, API responses, `--print-config`, crash reports.
 *
 * @example
 * ```ts
 * import { loadConfig, redact } from '@minhos/config';
 * const config = loadConfig({ env: { MINHOS_AUTH_TOKEN: 'a-long-enough-secret' } });
 * redact(config).auth.token; // '[redacted]'
 * ```
 */
export function redact(config: MinhosConfig): MinhosConfig {
  const copy = structuredClone(config) as Record<string, unknown>;
  for (const field of schemaTree().fields) {
    if (!field.secret) continue;
    let parent: Record<string, unknown> | undefined = copy;
    for (const segment of field.segments.slice(0, -1)) {
      const next: unknown = parent?.[segment];
      parent = typeof next === 'object' && next !== null ? (next as Record<string, unknown>) : undefined;
    }
    const key = field.segments[field.segments.length - 1]!;
    if (parent !== undefined && parent[key] !== undefined) parent[key] = REDACTED;
  }
  return deepFreeze(copy) as MinhosConfig;
}
