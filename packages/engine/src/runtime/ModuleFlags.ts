import { MinhosError } from '@minhos/core';

/** `observe`: the module runs and records what it would do, without acting; `enforce`: it acts. */
export type ModuleMode = 'observe' | 'enforce';

/** One module's switch and mode. */
export interface ModuleSetting {
  readonly enabled: boolean;
  readonly mode: ModuleMode;
}

/** The engine's modules and their defaults: everything on and enforcing. */
export const DEFAULT_MODULES: Readonly<Record<string, ModuleSetting>> = Object.freeze({
  riskGate: { enabled: true, mode: 'enforce' },
  brackets: { enabled: true, mode: 'enforce' },
  reconciliation: { enabled: true, mode: 'enforce' },
});

/**
 * A feature flag and an observe/enforce mode per module, switchable at run time (the API's modules
 * endpoint). The order manager reads `riskGate`: disabled skips the gate, `observe` records each
 * denial but lets the order through.
 *
 * @example
 * ```ts
 * import { ModuleFlags } from '@minhos/engine';
 * const flags = new ModuleFlags({ riskGate: { enabled: true, mode: 'observe' } });
 * flags.mode('riskGate'); // 'observe'
 * ```
 */
export class ModuleFlags {
  readonly #settings = new Map<string, ModuleSetting>();

  constructor(overrides: Readonly<Record<string, Partial<ModuleSetting>>> = {}) {
    for (const [name, s] of Object.entries(DEFAULT_MODULES)) this.#settings.set(name, s);
    for (const [name, s] of Object.entries(overrides)) this.set(name, s);
  }

  /** Changes a module's flag and/or mode. @throws `MinhosError` `MODULE_UNKNOWN` for a name not in {@link DEFAULT_MODULES}. */
  set(name: string, setting: Partial<ModuleSetting>): void {
    const current = this.#settings.get(name);
    if (current === undefined) {
      throw new MinhosError(
        'MODULE_UNKNOWN',
        `module "${name}" does not exist (known: ${[...this.#settings.keys()].join(', ')})`,
      );
    }
    this.#settings.set(name, { ...current, ...setting });
  }

  /** Whether the module runs. */
  enabled(name: string): boolean {
    return this.#settings.get(name)?.enabled ?? false;
  }

  /** The module's mode. */
  mode(name: string): ModuleMode {
    return this.#settings.get(name)?.mode ?? 'enforce';
  }

  /** Every module's setting. */
  list(): Record<string, ModuleSetting> {
    return Object.fromEntries(this.#settings);
  }
}
