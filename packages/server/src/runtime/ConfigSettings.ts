import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { configSchema, type MinhosConfig, redact } from '@minhos/config';

/** Settings the API may change at run time (`section.key`); everything else needs a restart. */
export const UPDATABLE_SETTINGS: readonly string[] = [
  'trading.autonomousThreshold',
  'trading.approvalTimeoutSeconds',
  'trading.commissionPerContract',
  'trading.slippageTicks',
  'kelly.fraction',
  'kelly.maxRiskFraction',
  'kelly.maxNotionalFraction',
  'kelly.maxContracts',
  'kelly.minTrades',
  'intervals.serviceStatusMs',
  'intervals.aiMs',
  'intervals.decisionQualityMs',
  'intervals.wsStateMs',
  'logging.level',
  'symbols.rollOffsetDays',
];

/** The outcome of {@link ConfigSettings.update}. */
export type ConfigUpdate =
  | { readonly ok: true; readonly value: unknown; readonly previous: unknown }
  | { readonly ok: false; readonly code: 'NOT_UPDATABLE' | 'INVALID_VALUE'; readonly message: string };

/**
 * The running configuration: read redacted, a whitelisted subset updated with the config schema's
 * validation and persisted as a JSON overrides file (applied again on the next start).
 */
export class ConfigSettings {
  #config: MinhosConfig;
  readonly #path: string | undefined;
  #overrides: Record<string, unknown> = {};

  /** `path`: the overrides file (none: changes are not persisted). Overrides in it are applied now. */
  constructor(config: MinhosConfig, path?: string) {
    this.#config = config;
    this.#path = path;
    if (path !== undefined && existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(saved)) {
        const [section, key] = k.split('.');
        if (section !== undefined && key !== undefined && UPDATABLE_SETTINGS.includes(k))
          this.update(section, key, v);
      }
    }
  }

  /** The configuration with secrets replaced by `[redacted]`. */
  redacted(): MinhosConfig {
    return redact(this.#config);
  }

  /** The configuration in force (with secrets: never send it out). */
  get current(): MinhosConfig {
    return this.#config;
  }

  /** Sets `section.key` to `value` when it is updatable and valid; persists the change. */
  update(section: string, key: string, value: unknown): ConfigUpdate {
    const path = `${section}.${key}`;
    if (!UPDATABLE_SETTINGS.includes(path))
      return {
        ok: false,
        code: 'NOT_UPDATABLE',
        message: `${path} cannot be changed at run time; updatable: ${UPDATABLE_SETTINGS.join(', ')}`,
      };
    const candidate = structuredClone(this.#config) as unknown as Record<string, Record<string, unknown>>;
    const target = candidate[section] as Record<string, unknown>;
    const previous = target[key];
    target[key] = value;
    const parsed = configSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { ok: false, code: 'INVALID_VALUE', message: `${path}: ${issue?.message ?? 'invalid value'}` };
    }
    this.#config = parsed.data as MinhosConfig;
    this.#overrides[path] = value;
    if (this.#path !== undefined) {
      writeFileSync(`${this.#path}.tmp`, `${JSON.stringify(this.#overrides, null, 2)}\n`, { mode: 0o600 });
      renameSync(`${this.#path}.tmp`, this.#path);
    }
    return { ok: true, value, previous };
  }
}
