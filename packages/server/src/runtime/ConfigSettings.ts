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

/**
 * Whether `section.key` may change at run time: one of {@link UPDATABLE_SETTINGS}, or an AI
 * module's mode or parameter (`modules.<module>.<param>`, applied live to the running modules;
 * the model supervisor's parameters are fixed for its lifetime, only its mode changes).
 */
export function isUpdatableSetting(path: string): boolean {
  if (UPDATABLE_SETTINGS.includes(path)) return true;
  const parts = path.split('.');
  if (parts.length !== 3 || parts[0] !== 'modules') return false;
  return parts[1] !== 'modelSupervisor' || parts[2] === 'mode';
}

/** A setting changed through {@link ConfigSettings.update}. */
export interface ConfigChange {
  /** `section.key`, e.g. `modules.positionIntelligence.mode`. */
  readonly path: string;
  readonly value: unknown;
  readonly previous: unknown;
  /** The whole configuration after the change. */
  readonly config: MinhosConfig;
}

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
  readonly #listeners = new Set<(change: ConfigChange) => void>();

  /** `path`: the overrides file (none: changes are not persisted). Overrides in it are applied now. */
  constructor(config: MinhosConfig, path?: string) {
    this.#config = config;
    this.#path = path;
    if (path !== undefined && existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(saved)) {
        const [section, ...rest] = k.split('.');
        if (section !== undefined && rest.length > 0 && isUpdatableSetting(k))
          this.update(section, rest.join('.'), v);
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

  /** Calls `listener` after every successful {@link ConfigSettings.update}; returns the unsubscribe function. */
  onChange(listener: (change: ConfigChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sets `section.key` to `value` when it is updatable and valid; persists the change and tells
   * the listeners ({@link ConfigSettings.onChange}). `key` may be dotted for a module setting
   * (`section` `modules`, `key` `positionIntelligence.mode`).
   */
  update(section: string, key: string, value: unknown): ConfigUpdate {
    const path = `${section}.${key}`;
    if (!isUpdatableSetting(path))
      return {
        ok: false,
        code: 'NOT_UPDATABLE',
        message: `${path} cannot be changed at run time; updatable: ${UPDATABLE_SETTINGS.join(', ')}, modules.<module>.<param> (modelSupervisor: mode only)`,
      };
    const candidate = structuredClone(this.#config) as unknown as Record<string, Record<string, unknown>>;
    const keys = key.split('.');
    let target = candidate[section] as Record<string, unknown> | undefined;
    for (const k of keys.slice(0, -1)) target = target?.[k] as Record<string, unknown> | undefined;
    const last = keys[keys.length - 1] as string;
    if (target === undefined || typeof target !== 'object' || !(last in target))
      return { ok: false, code: 'NOT_UPDATABLE', message: `${path} is not a setting` };
    const previous = target[last];
    target[last] = value;
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
    for (const l of this.#listeners) l({ path, value, previous, config: this.#config });
    return { ok: true, value, previous };
  }
}
