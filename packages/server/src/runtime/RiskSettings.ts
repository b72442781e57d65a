import { configSchema, type RiskConfig } from '@minhos/config';
import type { EngineStore } from '@minhos/engine';

const STATE_KEY = 'riskParameters';
const riskSchema = configSchema.shape.risk;

/** The outcome of {@link RiskSettings.update}. */
export type RiskUpdate =
  | { readonly ok: true; readonly parameters: RiskConfig; readonly changed: readonly string[] }
  | { readonly ok: false; readonly issues: readonly { readonly path: string; readonly message: string }[] };

/**
 * The live risk parameters (config `risk` section): read by the pre-trade gate on every order,
 * updated through the API with the config schema's validation, persisted in the engine store so a
 * restart keeps them.
 */
export class RiskSettings {
  #current: RiskConfig;
  readonly #store: EngineStore | undefined;
  readonly #listeners = new Set<(parameters: RiskConfig) => void>();

  /** Starts from `initial`, replaced by the persisted parameters in `store` when there are any. */
  constructor(initial: RiskConfig, store?: EngineStore) {
    this.#store = store;
    const saved = store?.load().state[STATE_KEY];
    const parsed = saved === undefined ? undefined : riskSchema.safeParse(saved);
    this.#current = parsed?.success === true ? (parsed.data as RiskConfig) : initial;
  }

  /** The parameters in force. */
  get current(): RiskConfig {
    return this.#current;
  }

  /** Validates `changes` merged over the current parameters; applies and persists them when valid. */
  update(changes: Readonly<Record<string, unknown>>, time: number): RiskUpdate {
    const parsed = riskSchema.safeParse({ ...this.#current, ...changes });
    if (!parsed.success) {
      return {
        ok: false,
        issues: parsed.error.issues.map((i) => ({
          path: i.path.length === 0 ? Object.keys(changes).join(',') : i.path.join('.'),
          message: i.message,
        })),
      };
    }
    const next = parsed.data as RiskConfig;
    const changed = Object.keys(next).filter(
      (k) => next[k as keyof RiskConfig] !== this.#current[k as keyof RiskConfig],
    );
    this.#current = next;
    if (this.#store !== undefined) {
      const store = this.#store;
      store.transaction(() => {
        store.setState(STATE_KEY, next, time);
        store.recordRiskEvent(time, 'RISK_PARAMETERS', { changed, parameters: next });
      });
    }
    for (const l of this.#listeners) l(next);
    return { ok: true, parameters: next, changed };
  }

  /** Calls `listener` after every applied update; returns the unsubscribe function. */
  onChange(listener: (parameters: RiskConfig) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
