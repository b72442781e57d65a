import type { MinhosConfig } from './configSchema.js';
import { REDACTED } from './internal/format.js';
import { schemaTree } from './internal/schemaTree.js';

/** One setting that differs between two configs. Secret values appear as `'[redacted]'`. */
export interface ConfigChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

function at(config: MinhosConfig, segments: readonly string[]): unknown {
  let current: unknown = config;
  for (const segment of segments) current = (current as Record<string, unknown> | undefined)?.[segment];
  return current;
}

/**
 * The settings whose values differ from `a` to `b`, in schema order: for audit logs when the
 * config is reloaded or changed through the API. Lists compare by content. A changed secret is
 * reported with both sides redacted (only the fact that it changed is visible).
 *
 * @example
 * ```ts
 * import { configDiff, defaultConfig, loadConfig } from '@minhos/config';
 * const config = loadConfig({ env: {}, overrides: { risk: { maxDailyLoss: 500 } } });
 * configDiff(defaultConfig, config); // [{ path: 'risk.maxDailyLoss', from: 1000, to: 500 }]
 * ```
 */
export function configDiff(a: MinhosConfig, b: MinhosConfig): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const field of schemaTree().fields) {
    const from = at(a, field.segments);
    const to = at(b, field.segments);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    const hide = (value: unknown) => (field.secret && value !== undefined ? REDACTED : value);
    changes.push({ path: field.path, from: hide(from), to: hide(to) });
  }
  return changes;
}
