import { type Clock, MinhosError, type TimestampUs } from '@minhos/core';

/** `observe`: the module runs and records what it would do, without acting; `enforce`: it acts. */
export type ModuleMode = 'observe' | 'enforce';

/** A module's flag and mode in one word, as config spells it (`modules.<name>.mode`). */
export type ModuleLevel = 'off' | ModuleMode;

/** One module's switch and mode. */
export interface ModuleSetting {
  readonly enabled: boolean;
  readonly mode: ModuleMode;
}

/** The names of the AI modules (issue 13), each behind its own flag. */
export type AiModuleName =
  | 'modelSupervisor'
  | 'orchestratorPolicy'
  | 'portfolioBalancer'
  | 'positionIntelligence'
  | 'profitAmplification'
  | 'smartExecution';

/** The AI modules in a fixed order (reports, the API's modules endpoint). */
export const AI_MODULES: readonly AiModuleName[] = Object.freeze([
  'modelSupervisor',
  'orchestratorPolicy',
  'portfolioBalancer',
  'positionIntelligence',
  'profitAmplification',
  'smartExecution',
]);

/**
 * The engine's modules and their defaults: the runtime's own (risk gate, brackets, reconciliation)
 * on and enforcing; the AI modules observing, except profit amplification, which is off — the same
 * defaults as config's `modules` section.
 */
export const DEFAULT_MODULES: Readonly<Record<string, ModuleSetting>> = Object.freeze({
  riskGate: { enabled: true, mode: 'enforce' },
  brackets: { enabled: true, mode: 'enforce' },
  reconciliation: { enabled: true, mode: 'enforce' },
  modelSupervisor: { enabled: true, mode: 'observe' },
  orchestratorPolicy: { enabled: true, mode: 'observe' },
  portfolioBalancer: { enabled: true, mode: 'observe' },
  positionIntelligence: { enabled: true, mode: 'observe' },
  profitAmplification: { enabled: false, mode: 'observe' },
  smartExecution: { enabled: true, mode: 'observe' },
});

/** A recorded change of a module's flag or mode: who, why, when, from what to what. */
export interface ModuleFlagChange {
  readonly time: TimestampUs;
  readonly module: string;
  readonly from: ModuleSetting;
  readonly to: ModuleSetting;
  readonly actor: string;
  readonly reason: string;
}

/** Where {@link ModuleFlags} records changes (the engine store's risk events fit). */
export interface ModuleFlagJournal {
  recordRiskEvent(time: TimestampUs, kind: string, body: unknown): void;
}

/** Options of {@link ModuleFlags} beyond the initial settings. */
export interface ModuleFlagsOptions {
  /** Time of each change (default: 0, for flags built before a clock exists). */
  readonly clock?: Clock;
  /** Each change is stored as a `MODULE_SWITCH` risk event (the kind the server's modules endpoint lists). */
  readonly journal?: ModuleFlagJournal;
}

/** The flag and mode a config level stands for (`off` keeps the last mode, disabled). */
export function moduleSettingOf(level: ModuleLevel, current?: ModuleSetting): ModuleSetting {
  if (level === 'off') return { enabled: false, mode: current?.mode ?? 'observe' };
  return { enabled: true, mode: level };
}

/**
 * A feature flag and an observe/enforce mode per module, switchable at run time (the API's modules
 * endpoint). The order manager reads `riskGate`: disabled skips the gate, `observe` records each
 * denial but lets the order through. The AI modules read theirs on every bar, so a switch applies
 * from the next decision on. Every change made with an actor and a reason is kept in
 * {@link ModuleFlags.changes} (and in the journal when one is given).
 *
 * @example
 * ```ts
 * import { ModuleFlags } from '@minhos/engine';
 * const flags = new ModuleFlags({ riskGate: { enabled: true, mode: 'observe' } });
 * flags.mode('riskGate'); // 'observe'
 * flags.setLevel('smartExecution', 'enforce', 'alice', 'limits cut slippage in paper');
 * flags.level('smartExecution'); // 'enforce'
 * ```
 */
export class ModuleFlags {
  readonly #settings = new Map<string, ModuleSetting>();
  readonly #changes: ModuleFlagChange[] = [];
  readonly #listeners = new Set<(change: ModuleFlagChange) => void>();
  readonly #options: ModuleFlagsOptions;

  constructor(
    overrides: Readonly<Record<string, Partial<ModuleSetting>>> = {},
    options: ModuleFlagsOptions = {},
  ) {
    this.#options = options;
    for (const [name, s] of Object.entries(DEFAULT_MODULES)) this.#settings.set(name, s);
    for (const [name, s] of Object.entries(overrides)) this.set(name, s);
  }

  /**
   * Changes a module's flag and/or mode. With `actor` and `reason` the change is recorded (and
   * journaled); without them it is a silent initial setting.
   * @throws `MinhosError` `MODULE_UNKNOWN` for a name not in {@link DEFAULT_MODULES}.
   */
  set(name: string, setting: Partial<ModuleSetting>, actor?: string, reason?: string): void {
    const current = this.#settings.get(name);
    if (current === undefined) {
      throw new MinhosError(
        'MODULE_UNKNOWN',
        `module "${name}" does not exist (known: ${[...this.#settings.keys()].join(', ')})`,
      );
    }
    const next = { ...current, ...setting };
    this.#settings.set(name, next);
    if (actor === undefined) return;
    const change: ModuleFlagChange = {
      time: this.#options.clock?.now() ?? 0,
      module: name,
      from: current,
      to: next,
      actor,
      reason: reason ?? '',
    };
    this.#changes.push(change);
    this.#options.journal?.recordRiskEvent(change.time, 'MODULE_SWITCH', {
      module: name,
      from: current,
      to: next,
      reason: change.reason,
      actor,
    });
    for (const l of this.#listeners) l(change);
  }

  /** Sets a module from a config level (`off` / `observe` / `enforce`), recorded with actor and reason. */
  setLevel(name: string, level: ModuleLevel, actor: string, reason: string): void {
    this.set(name, moduleSettingOf(level, this.#settings.get(name)), actor, reason);
  }

  /** Whether the module runs. */
  enabled(name: string): boolean {
    return this.#settings.get(name)?.enabled ?? false;
  }

  /** The module's mode. */
  mode(name: string): ModuleMode {
    return this.#settings.get(name)?.mode ?? 'enforce';
  }

  /** The module's flag and mode in one word: `off` when disabled. */
  level(name: string): ModuleLevel {
    return this.enabled(name) ? this.mode(name) : 'off';
  }

  /** Every module's setting. */
  list(): Record<string, ModuleSetting> {
    return Object.fromEntries(this.#settings);
  }

  /** Recorded changes, oldest first. */
  changes(): readonly ModuleFlagChange[] {
    return [...this.#changes];
  }

  /** Calls `listener` on every recorded change; returns the unsubscribe function. */
  onChange(listener: (change: ModuleFlagChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
