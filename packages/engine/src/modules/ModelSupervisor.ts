import { MinhosError, type TimestampUs } from '@minhos/core';
import { LaggedLogisticBaseline } from './LaggedLogisticBaseline.js';

/** Parameters of {@link ModelSupervisor} (config `modules.modelSupervisor`). */
export interface ModelSupervisorParams {
  /** Scored calls in the rolling window per member. */
  readonly window: number;
  /** Scored calls needed before a member is judged. */
  readonly minSamples: number;
  /** Consecutive judged calls below the best baseline before the member is suspended. */
  readonly belowBaselineBars: number;
  /** Consecutive judged calls at or above it before a suspended member votes again. */
  readonly recoveryBars: number;
  /** How far below the best baseline's accuracy (a fraction) counts as below. */
  readonly accuracyMargin: number;
  /** Bias alert when one direction exceeds this share of the window's calls. */
  readonly maxDirectionShare: number;
  /** Bias alert when the window's mean P(up) is this far from the training mean. */
  readonly maxProbabilityDrift: number;
}

/** The defaults, equal to config's `modules.modelSupervisor` defaults (a test checks it). */
export const DEFAULT_MODEL_SUPERVISOR_PARAMS: ModelSupervisorParams = Object.freeze({
  window: 60,
  minSamples: 30,
  belowBaselineBars: 20,
  recoveryBars: 20,
  accuracyMargin: 0,
  maxDirectionShare: 0.85,
  maxProbabilityDrift: 0.1,
});

/**
 * The baselines of @minhos/models' `evaluate`, run on the member's own bars: the three rules and
 * the logistic regression on lagged returns, fitted live on known outcomes only
 * ({@link LaggedLogisticBaseline}).
 */
export type SupervisorBaseline =
  | 'always-long'
  | 'previous-direction'
  | 'contrarian'
  | 'logistic-lagged-returns';

/** What a member said at one bar, as the supervisor reads it. */
export interface SupervisedSignal {
  readonly direction: -1 | 0 | 1;
  readonly confidence: number;
  /** P(up) when the member is probabilistic; otherwise `0.5 ± confidence / 2` in its direction. */
  readonly probabilityUp?: number;
}

/** One member's live record over the window. */
export interface MemberHealth {
  readonly member: string;
  /** `warming_up` until `minSamples` calls are scored; `below_baseline` while the streak builds; `suspended` after it. */
  readonly status: 'warming_up' | 'ok' | 'below_baseline' | 'suspended';
  /** Scored calls in the window. */
  readonly samples: number;
  /** Hit rate of the member's calls in the window (NaN without calls). */
  readonly accuracy: number;
  /** Mean log loss of P(up) on those calls (natural log). */
  readonly logLoss: number;
  /** Brier score on those calls. */
  readonly brier: number;
  /** Mean P(up) − share of up outcomes: > 0 over-confident in up moves. */
  readonly calibrationGap: number;
  readonly meanProbabilityUp: number;
  /** Share of up calls among the window's calls. */
  readonly upShare: number;
  /**
   * Each baseline's hit rate on the same bars. `logistic-lagged-returns` is NaN (and not judged
   * against) until it has made a call on every bar of the window.
   */
  readonly baselines: Readonly<Record<SupervisorBaseline, number>>;
  readonly bestBaseline: SupervisorBaseline;
  /** Consecutive judged calls below / at or above the best baseline. */
  readonly belowStreak: number;
  readonly okStreak: number;
  /** Bias findings in words (empty when none). */
  readonly bias: readonly string[];
}

/** An alert: a member suspended, recovered, or biased. */
export interface SupervisorAlert {
  readonly time: TimestampUs;
  readonly member: string;
  readonly kind: 'suspended' | 'recovered' | 'bias';
  readonly reason: string;
}

interface Sample {
  readonly time: TimestampUs;
  readonly y: 0 | 1;
  readonly p: number;
  readonly hit: boolean;
  /** Each baseline's hit; `undefined` for the logistic baseline when it made no call. */
  readonly base: Readonly<Record<SupervisorBaseline, boolean | undefined>>;
}

interface MemberState {
  pending?:
    | {
        readonly close: number;
        readonly call: -1 | 1;
        readonly p: number;
        readonly lastMove: number;
        readonly logisticCall: -1 | 0 | 1;
      }
    | undefined;
  /** The fitted baseline on this member's closes. */
  readonly logistic: LaggedLogisticBaseline;
  lastClose?: number;
  lastMove: number;
  readonly samples: Sample[];
  belowStreak: number;
  okStreak: number;
  suspended: boolean;
  biased: boolean;
  health?: MemberHealth;
}

const BASELINE_NAMES: readonly SupervisorBaseline[] = [
  'always-long',
  'previous-direction',
  'contrarian',
  'logistic-lagged-returns',
];

function checkParams(p: ModelSupervisorParams): void {
  for (const k of ['window', 'minSamples', 'belowBaselineBars', 'recoveryBars'] as const) {
    if (!(Number.isInteger(p[k]) && p[k] >= 1)) {
      throw new MinhosError('MODULE_INVALID', `modelSupervisor.${k} must be a whole number ≥ 1, got ${p[k]}`);
    }
  }
  if (p.minSamples > p.window) {
    throw new MinhosError(
      'MODULE_INVALID',
      `modelSupervisor.minSamples (${p.minSamples}) must not exceed window (${p.window})`,
    );
  }
}

/**
 * The model supervisor's rule, per fusion member, over plain data (closes and the member's views,
 * time passed in):
 *
 * 1. A member's call at a bar (P(up) ≠ 0.5) is scored at the next bar against the close-to-close
 *    move; flat moves are not scored (as in @minhos/models' `evaluate`). The same bars are scored
 *    for the baselines `always-long`, `previous-direction` and `contrarian` (the sign of the last move)
 *    and `logistic-lagged-returns`: an L2 logistic regression on the last 5 log returns, fitted on
 *    the member's bars whose outcome is known (the last 500, refitted every 50; first fit after
 *    100), so it never sees the bar it calls ({@link LaggedLogisticBaseline}).
 * 2. Over the last `window` scored calls: accuracy, log loss, Brier score, calibration gap (mean
 *    P(up) − up share), and bias (one direction above `maxDirectionShare` of the calls, or mean
 *    P(up) drifting more than `maxProbabilityDrift` from the training mean).
 * 3. With at least `minSamples` calls, a call at which accuracy < best baseline − `accuracyMargin`
 *    extends the below streak; `belowBaselineBars` in a row suspend the member (an alert). A
 *    suspended member keeps being scored in the shadow; `recoveryBars` calls in a row at or above
 *    the baseline restore it (an alert).
 *
 * In enforce mode a suspended member weighs 0 in the fusion ({@link supervisedMember}); in observe
 * mode it is flagged. {@link ModelSupervisor.predictionOutcomes} feeds @minhos/risk's
 * model-accuracy breaker (`BreakerMetrics.predictionOutcomes`).
 *
 * @example
 * ```ts
 * import { ModelSupervisor } from '@minhos/engine';
 * const sup = new ModelSupervisor({ window: 10, minSamples: 5, belowBaselineBars: 3, recoveryBars: 3 });
 * sup.observe('ta', 0, 100, { direction: 1, confidence: 0.6 });
 * sup.observe('ta', 1, 101, { direction: 1, confidence: 0.6 }).samples; // 1
 * ```
 */
export class ModelSupervisor {
  readonly params: ModelSupervisorParams;
  readonly #members = new Map<string, MemberState>();
  readonly #alerts: SupervisorAlert[] = [];
  readonly #trainingMean: Readonly<Record<string, number>>;

  constructor(
    params: Partial<ModelSupervisorParams> = {},
    options: { readonly trainingMeanProbability?: Readonly<Record<string, number>> } = {},
  ) {
    this.params = { ...DEFAULT_MODEL_SUPERVISOR_PARAMS, ...params };
    checkParams(this.params);
    this.#trainingMean = options.trainingMeanProbability ?? {};
  }

  /**
   * Scores the member's previous call against `close`, then records its view at this bar.
   * Call once per bar per member, in time order. Returns the member's health after scoring.
   */
  observe(member: string, time: TimestampUs, close: number, signal: SupervisedSignal): MemberHealth {
    if (!Number.isFinite(close)) {
      throw new MinhosError('MODULE_INVALID', `modelSupervisor: close of ${member} at ${time} is ${close}`);
    }
    let s = this.#members.get(member);
    if (s === undefined) {
      s = {
        lastMove: 0,
        samples: [],
        belowStreak: 0,
        okStreak: 0,
        suspended: false,
        biased: false,
        logistic: new LaggedLogisticBaseline(),
      };
      this.#members.set(member, s);
    }
    const pending = s.pending;
    if (pending !== undefined && close !== pending.close) {
      const y: 0 | 1 = close > pending.close ? 1 : 0;
      const up = y === 1;
      const prev = pending.lastMove;
      s.samples.push({
        time,
        y,
        p: pending.p,
        hit: (pending.call === 1) === up,
        base: {
          'always-long': up,
          'previous-direction': prev === 0 ? up : prev > 0 === up,
          contrarian: prev === 0 ? !up : prev < 0 === up,
          'logistic-lagged-returns': pending.logisticCall === 0 ? undefined : pending.logisticCall > 0 === up,
        },
      });
      if (s.samples.length > this.params.window) s.samples.shift();
      this.#judge(member, time, s);
    }
    if (s.lastClose !== undefined && close !== s.lastClose) s.lastMove = close - s.lastClose;
    s.lastClose = close;
    // The bar just closed becomes a training row of the baseline before it calls the next one.
    s.logistic.observe(close);
    const p = probabilityOf(signal);
    s.pending =
      p === 0.5
        ? undefined
        : { close, call: p > 0.5 ? 1 : -1, p, lastMove: s.lastMove, logisticCall: s.logistic.call() };
    s.health ??= this.#healthOf(member, s);
    return s.health;
  }

  /** The member's current record (undefined before its first observation). */
  health(member: string): MemberHealth | undefined {
    return this.#members.get(member)?.health;
  }

  /** Every observed member's current record, in first-observed order. */
  allHealth(): MemberHealth[] {
    return [...this.#members.values()].flatMap((s) => (s.health === undefined ? [] : [s.health]));
  }

  /** Whether the member is suspended (weighted 0 in enforce mode). */
  suspended(member: string): boolean {
    return this.#members.get(member)?.suspended ?? false;
  }

  /**
   * Hits of the member's scored calls in the window, oldest first — or, without a name, of every
   * member's, merged in time order — for @minhos/risk's `BreakerMetrics.predictionOutcomes` (the
   * MODEL_ACCURACY breaker reads the last `modelAccuracy.window` of them).
   */
  predictionOutcomes(member?: string): boolean[] {
    const names = member === undefined ? [...this.#members.keys()] : [member];
    const all = names.flatMap((n) => this.#members.get(n)?.samples ?? []);
    return all
      .map((x, i) => ({ x, i }))
      .sort((a, b) => a.x.time - b.x.time || a.i - b.i)
      .map(({ x }) => x.hit);
  }

  /** Alerts so far, oldest first. */
  alerts(): readonly SupervisorAlert[] {
    return [...this.#alerts];
  }

  #judge(member: string, time: TimestampUs, s: MemberState): void {
    const h = this.#healthOf(member, s);
    if (h.samples >= this.params.minSamples) {
      const best = h.baselines[h.bestBaseline];
      if (h.accuracy < best - this.params.accuracyMargin) {
        s.belowStreak += 1;
        s.okStreak = 0;
      } else {
        s.okStreak += 1;
        s.belowStreak = 0;
      }
      const why = `accuracy ${h.accuracy.toFixed(3)} vs ${h.bestBaseline} ${best.toFixed(3)} over ${h.samples} calls`;
      if (!s.suspended && s.belowStreak >= this.params.belowBaselineBars) {
        s.suspended = true;
        this.#alerts.push({
          time,
          member,
          kind: 'suspended',
          reason: `below baseline for ${s.belowStreak} calls: ${why}`,
        });
      } else if (s.suspended && s.okStreak >= this.params.recoveryBars) {
        s.suspended = false;
        this.#alerts.push({
          time,
          member,
          kind: 'recovered',
          reason: `at or above baseline for ${s.okStreak} calls: ${why}`,
        });
      }
    }
    const final = this.#healthOf(member, s);
    const biased = final.bias.length > 0 && final.samples >= this.params.minSamples;
    if (biased && !s.biased) this.#alerts.push({ time, member, kind: 'bias', reason: final.bias.join('; ') });
    s.biased = biased;
    s.health = final;
  }

  #healthOf(member: string, s: MemberState): MemberHealth {
    const xs = s.samples;
    const n = xs.length;
    let hits = 0;
    let ll = 0;
    let brier = 0;
    let sumP = 0;
    let ups = 0;
    let upCalls = 0;
    const base: Record<SupervisorBaseline, number> = {
      'always-long': 0,
      'previous-direction': 0,
      contrarian: 0,
      'logistic-lagged-returns': 0,
    };
    let logisticCalls = 0;
    for (const x of xs) {
      if (x.hit) hits += 1;
      const p = Math.min(1 - 1e-15, Math.max(1e-15, x.p));
      ll -= x.y === 1 ? Math.log(p) : Math.log(1 - p);
      brier += (x.p - x.y) ** 2;
      sumP += x.p;
      ups += x.y;
      if (x.p > 0.5) upCalls += 1;
      for (const b of BASELINE_NAMES) if (x.base[b] === true) base[b] += 1;
      if (x.base['logistic-lagged-returns'] !== undefined) logisticCalls += 1;
    }
    const baselines = Object.fromEntries(
      BASELINE_NAMES.map((b) => [b, n === 0 ? Number.NaN : base[b] / n]),
    ) as Record<SupervisorBaseline, number>;
    // Compared on the same bars only: the fitted baseline counts once it called all of them.
    if (logisticCalls < n) baselines['logistic-lagged-returns'] = Number.NaN;
    let bestBaseline: SupervisorBaseline = 'always-long';
    for (const b of BASELINE_NAMES) if (baselines[b] > baselines[bestBaseline]) bestBaseline = b;
    const meanP = n === 0 ? Number.NaN : sumP / n;
    const upShare = n === 0 ? Number.NaN : upCalls / n;
    const bias: string[] = [];
    const maxShare = this.params.maxDirectionShare;
    if (n > 0 && Math.max(upShare, 1 - upShare) > maxShare) {
      bias.push(
        `${upShare > 0.5 ? 'up' : 'down'} calls are ${(100 * Math.max(upShare, 1 - upShare)).toFixed(0)} % of ${n} (> ${100 * maxShare} %)`,
      );
    }
    // Keys may carry the instrument (`name@instrumentId`); the training mean is the model's.
    const trainMean = this.#trainingMean[member] ?? this.#trainingMean[member.split('@')[0] as string] ?? 0.5;
    if (n > 0 && Math.abs(meanP - trainMean) > this.params.maxProbabilityDrift) {
      bias.push(
        `mean P(up) ${meanP.toFixed(3)} drifted from the training mean ${trainMean} by more than ${this.params.maxProbabilityDrift}`,
      );
    }
    const status: MemberHealth['status'] = s.suspended
      ? 'suspended'
      : n < this.params.minSamples
        ? 'warming_up'
        : s.belowStreak > 0
          ? 'below_baseline'
          : 'ok';
    return {
      member,
      status,
      samples: n,
      accuracy: n === 0 ? Number.NaN : hits / n,
      logLoss: n === 0 ? Number.NaN : ll / n,
      brier: n === 0 ? Number.NaN : brier / n,
      calibrationGap: n === 0 ? Number.NaN : meanP - ups / n,
      meanProbabilityUp: meanP,
      upShare,
      baselines,
      bestBaseline,
      belowStreak: s.belowStreak,
      okStreak: s.okStreak,
      bias,
    };
  }
}

/** P(up) of a signal: the model's own, else `0.5 ± confidence / 2` in its direction. */
export function probabilityOf(signal: SupervisedSignal): number {
  if (signal.probabilityUp !== undefined && Number.isFinite(signal.probabilityUp))
    return signal.probabilityUp;
  if (signal.direction === 0) return 0.5;
  const c = Math.min(1, Math.max(0, signal.confidence));
  return 0.5 + (signal.direction * c) / 2;
}
