/** Who decides: the trader alone, the AI with approval, or the AI alone. */
export type TradingMode = 'manual' | 'semi_auto' | 'full_auto';

/** The trading modes, in order of autonomy. */
export const TRADING_MODES: readonly TradingMode[] = ['manual', 'semi_auto', 'full_auto'];

/**
 * Emergency levels: `normal` trades; `reduce_only` (level 1) allows only closing orders;
 * `cancel_all` (level 2) also cancels every working order; `flatten` (level 3) also closes every
 * position at market.
 */
export type EmergencyLevel = 'normal' | 'reduce_only' | 'cancel_all' | 'flatten';

/** The emergency levels, mildest first. */
export const EMERGENCY_LEVELS: readonly EmergencyLevel[] = ['normal', 'reduce_only', 'cancel_all', 'flatten'];

/** One change of mode or emergency level, as recorded in the audit trail. */
export interface ControlChange {
  readonly kind: 'mode' | 'emergency' | 'recovery';
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** µs since the Unix epoch. */
  readonly time: number;
}

/** Mutable trading-mode and emergency state shared by the API and the engine's decision loop. */
export class TradingControl {
  #mode: TradingMode;
  #level: EmergencyLevel = 'normal';
  readonly #listeners = new Set<(change: ControlChange) => void>();

  constructor(mode: TradingMode) {
    this.#mode = mode;
  }

  /** The current trading mode. */
  get mode(): TradingMode {
    return this.#mode;
  }

  /** The current emergency level. */
  get level(): EmergencyLevel {
    return this.#level;
  }

  /** Changes the mode; returns the recorded change. */
  setMode(mode: TradingMode, reason: string, time: number): ControlChange {
    const change: ControlChange = { kind: 'mode', from: this.#mode, to: mode, reason, time };
    this.#mode = mode;
    this.#emit(change);
    return change;
  }

  /** Sets the emergency level (`recovery` when it goes back to `normal`). */
  setLevel(level: EmergencyLevel, reason: string, time: number): ControlChange {
    const kind = level === 'normal' ? 'recovery' : 'emergency';
    const change: ControlChange = { kind, from: this.#level, to: level, reason, time };
    this.#level = level;
    this.#emit(change);
    return change;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  onChange(listener: (change: ControlChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: ControlChange): void {
    for (const l of this.#listeners) l(change);
  }
}
