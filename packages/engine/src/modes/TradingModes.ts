import { MinhosError, type TimerClock, type TimestampUs } from '@minhos/core';
import { EMERGENCY_STOP_LEVELS, type EmergencyStopLevel } from '@minhos/risk';
import type { EngineStore } from '../store/index.js';

/** Config `trading.mode`. */
export type TradingMode = 'manual' | 'semi_auto' | 'full_auto';

/** The modes, for validation and tables. */
export const TRADING_MODES: readonly TradingMode[] = Object.freeze(['manual', 'semi_auto', 'full_auto']);

/** What the mode says to do with a signal. */
export type ModeRoute =
  | { readonly action: 'execute'; readonly reason: string }
  | { readonly action: 'await_approval'; readonly reason: string }
  | { readonly action: 'signal_only'; readonly reason: string }
  | { readonly action: 'blocked'; readonly reason: string };

/** A persisted mode or emergency change. */
export interface ModeEvent {
  readonly time: TimestampUs;
  readonly kind:
    | 'MODE_CHANGE'
    | 'EMERGENCY_LEVEL'
    | 'APPROVAL_REQUESTED'
    | 'APPROVED'
    | 'REJECTED'
    | 'EXPIRED';
  readonly actor: string;
  readonly reason: string;
  readonly from?: string;
  readonly to?: string;
  readonly approvalId?: string;
}

/** A semi_auto signal waiting for a person. */
export interface PendingApproval {
  readonly id: string;
  readonly requestedAt: TimestampUs;
  readonly expiresAt: TimestampUs;
  /** What is to be approved (the decision summary), shown to the approver. */
  readonly summary: unknown;
}

/** The result of {@link TradingModes.approve} / {@link TradingModes.reject}. */
export type ApprovalOutcome =
  | { readonly ok: true; readonly approval: PendingApproval }
  | {
      readonly ok: false;
      readonly code: 'UNKNOWN' | 'EXPIRED' | 'ALREADY_DECIDED' | 'EMERGENCY';
      readonly message: string;
    };

/** Options of {@link TradingModes}. */
export interface TradingModesOptions {
  /** Timers of approvals (a `SimulatedClock` in backtests, so they are deterministic). */
  readonly clock: TimerClock;
  /** Where mode changes, emergency levels and approvals are persisted (risk events + state). */
  readonly store?: EngineStore;
  /** Initial mode when the store holds none (config `trading.mode`). */
  readonly mode: TradingMode;
  /** Config `trading.autonomousThreshold` (default 0.75): the confidence semi_auto and full_auto act on. */
  readonly autonomousThreshold?: number;
  /** Config `trading.approvalTimeoutSeconds`: a pending approval expires after this. */
  readonly approvalTimeoutSeconds: number;
}

const STATE_MODE = 'mode';
const STATE_EMERGENCY = 'emergencyLevel';

interface Slot {
  readonly approval: PendingApproval;
  readonly execute: () => Promise<void> | void;
  readonly cancelTimer: () => boolean;
}

/**
 * The trading modes and their rules:
 * - `manual`: signals only; orders only from a person.
 * - `semi_auto`: a signal at or above `autonomousThreshold` becomes a pending approval that expires
 *   after `approvalTimeoutSeconds` on the clock's timers; approving executes it.
 * - `full_auto`: a signal at or above the threshold is executed.
 * - **Emergency levels always win**: at any level but `NONE` a risk-increasing signal is blocked in
 *   every mode, every pending approval is cancelled, and an approval arriving later is refused.
 *   Reducing signals pass (the gate still checks them).
 *
 * Every mode change and emergency level is persisted with actor and reason (risk events in the
 * store and the current value in its state), and restored on the next start.
 */
export class TradingModes {
  readonly #clock: TimerClock;
  readonly #store: EngineStore | undefined;
  readonly #threshold: number;
  readonly #timeoutUs: number;
  readonly #pending = new Map<string, Slot>();
  readonly #decided = new Set<string>();
  #mode: TradingMode;
  #emergency: EmergencyStopLevel;
  /** Every event of this session, oldest first (also in the store). */
  readonly events: ModeEvent[] = [];

  constructor(options: TradingModesOptions) {
    const threshold = options.autonomousThreshold ?? 0.75;
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new MinhosError('MODES_INVALID', `autonomousThreshold must be in [0, 1], got ${threshold}`);
    }
    if (!(Number.isFinite(options.approvalTimeoutSeconds) && options.approvalTimeoutSeconds > 0)) {
      throw new MinhosError(
        'MODES_INVALID',
        `approvalTimeoutSeconds must be > 0, got ${options.approvalTimeoutSeconds}`,
      );
    }
    if (!TRADING_MODES.includes(options.mode)) {
      throw new MinhosError(
        'MODES_INVALID',
        `mode must be one of ${TRADING_MODES.join(', ')}, got ${String(options.mode)}`,
      );
    }
    this.#clock = options.clock;
    this.#store = options.store;
    this.#threshold = threshold;
    this.#timeoutUs = options.approvalTimeoutSeconds * 1_000_000;
    this.#mode = options.store?.getState<TradingMode>(STATE_MODE) ?? options.mode;
    this.#emergency = options.store?.getState<EmergencyStopLevel>(STATE_EMERGENCY) ?? 'NONE';
  }

  /** The current mode. */
  get mode(): TradingMode {
    return this.#mode;
  }

  /** The current emergency stop level. */
  get emergencyLevel(): EmergencyStopLevel {
    return this.#emergency;
  }

  /** The confidence threshold semi_auto and full_auto act on. */
  get threshold(): number {
    return this.#threshold;
  }

  /** Approvals still waiting, oldest first. */
  pending(): PendingApproval[] {
    return [...this.#pending.values()].map((s) => s.approval);
  }

  /** Changes the mode (persisted with actor and reason). Leaving semi_auto cancels pending approvals. */
  setMode(mode: TradingMode, actor: string, reason: string): void {
    if (!TRADING_MODES.includes(mode)) {
      throw new MinhosError(
        'MODES_INVALID',
        `mode must be one of ${TRADING_MODES.join(', ')}, got ${String(mode)}`,
      );
    }
    const from = this.#mode;
    this.#mode = mode;
    this.#record({ kind: 'MODE_CHANGE', actor, reason, from, to: mode }, STATE_MODE, mode);
    if (mode !== 'semi_auto') this.#cancelAll(actor, `mode changed to ${mode}`);
  }

  /** Sets the emergency level (persisted with actor and reason). Any level but NONE cancels pending approvals. */
  setEmergencyLevel(level: EmergencyStopLevel, actor: string, reason: string): void {
    if (!EMERGENCY_STOP_LEVELS.includes(level)) {
      throw new MinhosError(
        'MODES_INVALID',
        `emergency level must be one of ${EMERGENCY_STOP_LEVELS.join(', ')}, got ${String(level)}`,
      );
    }
    const from = this.#emergency;
    this.#emergency = level;
    this.#record({ kind: 'EMERGENCY_LEVEL', actor, reason, from, to: level }, STATE_EMERGENCY, level);
    if (level !== 'NONE') this.#cancelAll(actor, `emergency level ${level}`);
  }

  /**
   * What to do with a signal of `confidence` that would (or would not) increase risk: the
   * emergency level first, then the mode and the threshold.
   */
  route(confidence: number, increasesRisk: boolean): ModeRoute {
    if (this.#emergency !== 'NONE' && increasesRisk) {
      return { action: 'blocked', reason: `emergency level ${this.#emergency}: no new risk in any mode` };
    }
    const t = this.#threshold;
    if (this.#mode === 'manual') return { action: 'signal_only', reason: 'manual mode: signals only' };
    if (!(confidence >= t)) {
      return { action: 'signal_only', reason: `confidence ${confidence.toFixed(4)} < threshold ${t}` };
    }
    if (this.#mode === 'semi_auto') {
      return {
        action: 'await_approval',
        reason: `semi_auto: confidence ${confidence.toFixed(4)} ≥ ${t} waits for approval`,
      };
    }
    return { action: 'execute', reason: `full_auto: confidence ${confidence.toFixed(4)} ≥ ${t}` };
  }

  /**
   * Holds a signal for approval: `execute` runs when a person approves before
   * `approvalTimeoutSeconds` pass on the clock; otherwise it expires (recorded).
   */
  requestApproval(id: string, summary: unknown, execute: () => Promise<void> | void): PendingApproval {
    if (this.#pending.has(id) || this.#decided.has(id)) {
      throw new MinhosError('MODES_INVALID', `approval ${id} already exists`);
    }
    const now = this.#clock.now();
    const approval: PendingApproval = { id, requestedAt: now, expiresAt: now + this.#timeoutUs, summary };
    const cancelTimer = this.#clock.scheduleAt(approval.expiresAt, () => {
      if (!this.#pending.delete(id)) return;
      this.#decided.add(id);
      this.#record({ kind: 'EXPIRED', actor: 'clock', reason: 'approval timeout', approvalId: id });
    });
    this.#pending.set(id, { approval, execute, cancelTimer });
    this.#record({
      kind: 'APPROVAL_REQUESTED',
      actor: 'pipeline',
      reason: 'semi_auto signal',
      approvalId: id,
    });
    return approval;
  }

  /** Approves a pending signal and runs it; refused when unknown, expired, decided or under an emergency. */
  async approve(id: string, actor: string): Promise<ApprovalOutcome> {
    const slot = this.#pending.get(id);
    if (slot === undefined) return this.#missing(id);
    if (this.#emergency !== 'NONE') {
      return {
        ok: false,
        code: 'EMERGENCY',
        message: `approval ${id} refused: emergency level ${this.#emergency}`,
      };
    }
    this.#pending.delete(id);
    this.#decided.add(id);
    slot.cancelTimer();
    this.#record({ kind: 'APPROVED', actor, reason: 'approved', approvalId: id });
    await slot.execute();
    return { ok: true, approval: slot.approval };
  }

  /** Rejects a pending signal. */
  reject(id: string, actor: string, reason: string): ApprovalOutcome {
    const slot = this.#pending.get(id);
    if (slot === undefined) return this.#missing(id);
    this.#pending.delete(id);
    this.#decided.add(id);
    slot.cancelTimer();
    this.#record({ kind: 'REJECTED', actor, reason, approvalId: id });
    return { ok: true, approval: slot.approval };
  }

  #missing(id: string): ApprovalOutcome {
    if (!this.#decided.has(id)) return { ok: false, code: 'UNKNOWN', message: `approval ${id} is unknown` };
    const expired = this.events.some((e) => e.kind === 'EXPIRED' && e.approvalId === id);
    return expired
      ? { ok: false, code: 'EXPIRED', message: `approval ${id} expired` }
      : { ok: false, code: 'ALREADY_DECIDED', message: `approval ${id} was already decided` };
  }

  #cancelAll(actor: string, reason: string): void {
    for (const [id, slot] of [...this.#pending]) {
      this.#pending.delete(id);
      this.#decided.add(id);
      slot.cancelTimer();
      this.#record({ kind: 'REJECTED', actor, reason, approvalId: id });
    }
  }

  #record(e: Omit<ModeEvent, 'time'>, stateKey?: string, value?: string): void {
    const time = this.#clock.now();
    const event: ModeEvent = { time, ...e };
    this.events.push(event);
    const store = this.#store;
    if (store === undefined) return;
    store.transaction(() => {
      store.recordRiskEvent(time, e.kind, event);
      if (stateKey !== undefined) store.setState(stateKey, value, time);
    });
  }
}
