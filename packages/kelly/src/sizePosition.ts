import { breakEvenProbability } from './binaryKelly.js';
import type { MatrixInput } from './internal/matrix.js';
import { toContracts } from './internal/toContracts.js';
import { DEFAULT_KELLY_SETTINGS, type KellySettings, resolveKellySettings } from './KellySettings.js';
import { portfolioHeat } from './portfolioHeat.js';
import type { TradeStats } from './tradeStats.js';
import { type WinProbabilitySource, winProbability } from './winProbability.js';

/** Average win and loss of the strategy, in one P&L unit (dollars or points per contract). */
export interface PayoffProfile {
  /** Average winning trade, > 0. */
  readonly averageWin: number;
  /** Average losing trade as a positive magnitude, > 0. */
  readonly averageLoss: number;
}

/**
 * Everything {@link sizePosition} needs. `capital`, `price`, `pointValue`, `winProbability` and
 * `payoff` are required, and `stopDistance` on the default `'risk'` basis.
 */
export interface SizingInput<X = unknown> {
  /** Account equity in dollars. */
  readonly capital: number;
  /** Instrument price in points (e.g. 5000 for ES). */
  readonly price: number;
  /** Dollars per point per contract (ES 50, NQ 20). */
  readonly pointValue: number;
  /** Calibrated P(win) of this trade: a number or an estimator with `predictProba(features)`. */
  readonly winProbability: WinProbabilitySource<X>;
  /** Passed to `winProbability.predictProba` when it is an estimator. */
  readonly features?: X | undefined;
  /** Win/loss profile: explicit averages, or {@link tradeStats} output (sized to zero while untrusted). */
  readonly payoff: PayoffProfile | TradeStats;
  /** Round-trip cost per trade (commission + slippage), ≥ 0, in the same unit as `payoff`. Default 0. */
  readonly costPerTrade?: number | undefined;
  /**
   * Realised volatility, **annualised** (0.18 = 18 % a year), compared with
   * `settings.targetAnnualizedVolatility`. Convert a per-bar figure with {@link annualizeVolatility}.
   * Omit to skip volatility scaling.
   */
  readonly realizedAnnualizedVolatility?: number | undefined;
  /**
   * Correlation matrix of the open positions. Add the candidate as a row/column for its correlation
   * with the book to count (one open position alone has heat 0). Omit for no heat reduction.
   */
  readonly openPositionCorrelation?: MatrixInput | undefined;
  /** Current drawdown from peak equity as a fraction in [0, 1] (0.12 = 12 %). Default 0. */
  readonly drawdown?: number | undefined;
  /**
   * Initial margin per contract in dollars; bounds contracts by free margin,
   * `floor((capital − marginInUse) / marginPerContract)`. Omit for no margin bound.
   */
  readonly marginPerContract?: number | undefined;
  /** Margin already committed by open positions and working orders, dollars, ≥ 0. Default 0. */
  readonly marginInUse?: number | undefined;
  /**
   * Distance from entry to the protective stop, points (> 0). Required for `basis: 'risk'` and
   * for `riskBudgetUsd`: risk per contract = stopDistance × pointValue + roundTripCostUsd.
   */
  readonly stopDistance?: number | undefined;
  /**
   * Weight of one contract in full-size contract equivalents (MES 0.1, from `@minhos/symbols`'
   * `contractWeight`). `settings.maxContracts` is in full-size equivalents, as the risk gate's
   * position limit: the bound is `floor(maxContracts / contractWeight)` contracts. Default 1.
   */
  readonly contractWeight?: number | undefined;
  /** Round-trip cost per contract (commissions, fees, expected slippage), dollars, ≥ 0. Default 0. */
  readonly roundTripCostUsd?: number | undefined;
  /**
   * The most this trade may lose at its stop, dollars: pass the gate's budget,
   * `min(maxTradeRiskUsd, maxDailyLossUsd − session loss)`, so that the size passes `tradeRisk` and
   * `riskBudget`. Bounds contracts by `floor(riskBudgetUsd / risk per contract)`. Omit for no bound.
   */
  readonly riskBudgetUsd?: number | undefined;
  /** Overrides of {@link DEFAULT_KELLY_SETTINGS}. */
  readonly settings?: Partial<KellySettings> | undefined;
}

/** Name of a pipeline step, in pipeline order. */
export type SizingStepName =
  | 'winProbability'
  | 'kelly'
  | 'fractionalKelly'
  | 'cap'
  | 'volatility'
  | 'portfolioHeat'
  | 'drawdown'
  | 'contracts';

/**
 * One step of the sizing pipeline. Fractions are of capital, except in the `winProbability`
 * step where they are the raw and bounded probabilities. Always finite and ≥ 0.
 */
export interface SizingStep {
  readonly name: SizingStepName;
  readonly inputFraction: number;
  readonly outputFraction: number;
  /** Human-readable explanation, including why the output is zero when it is. */
  readonly reason: string;
  /** The numbers behind the step (multipliers, eigenvalues, payoff ratio…). */
  readonly details: Readonly<Record<string, number | string | boolean>>;
}

/** Result of {@link sizePosition}. */
export interface SizingDecision {
  /** Whole contracts to trade, integer ≥ 0. */
  readonly contracts: number;
  /** Fraction of capital after every step but rounding (at risk or notional, per `settings.basis`). */
  readonly fraction: number;
  /** Fraction of capital the whole contracts represent (at risk or notional, per `settings.basis`). */
  readonly contractFraction: number;
  /** Dollars lost at the stop by the whole contracts, costs included (0 without a `stopDistance`). */
  readonly riskUsd: number;
  /** Bounded win probability used (0 if none could be obtained). */
  readonly winProbability: number;
  /** Payoff ratio b after costs (0 if none). */
  readonly payoffRatio: number;
  /** Full Kelly fraction f* = p − q/b after costs (0 if no edge). */
  readonly kellyFraction: number;
  /** Every step, in order. */
  readonly steps: readonly SizingStep[];
  /** First reason the size became zero, prefixed by the step name; absent when contracts > 0. */
  readonly zeroReason?: string;
  /** The settings actually used. */
  readonly settings: KellySettings;
}

const finite = (v: number): number => (Number.isFinite(v) && v > 0 ? v : 0);
const fmt = (v: number, digits = 4): string =>
  Number.isFinite(v) ? Number(v.toFixed(digits)).toString() : String(v);
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/**
 * Kelly position sizing pipeline that shows its work.
 *
 * Use it to turn a model's win probability and a strategy's win/loss history into a number of
 * contracts. Steps, each recorded with its input and output fraction and a reason:
 *
 * 1. `winProbability`: from a number or `predictProba(features)`, bounded to [0.1, 0.9].
 * 2. `kelly`: b = averageWin/averageLoss after costs (`(W − c)/(L + c)`), f* = p − q/b.
 * 3. `fractionalKelly`: × 0.25.
 * 4. `cap`: min(f, maxRiskFraction = 1 %) on the risk basis (min(f, maxNotionalFraction = 5 %) on
 *    the notional basis): Kelly's fraction scales the risk fraction up to the cap.
 * 5. `volatility`: × min(1, targetAnnualizedVolatility / realizedAnnualizedVolatility).
 * 6. `portfolioHeat`: × max(0.1, 1 − heat), heat = 1 − λmin/λmax of the open positions' correlations.
 * 7. `drawdown`: × 1 up to `drawdownReductionStart` (5 %), then an exponential reduction
 *    `(e^(−k·x) − e^(−k)) / (1 − e^(−k))`, x = (dd − start) / (limit − start), k = drawdownDecay (1),
 *    that reaches 0 at `drawdownLimit` (10 %, the gate's limit): sizes shrink smoothly, then stop.
 * 8. `contracts`: risk basis `floor(capital·f / (stopDistance·pointValue + roundTripCostUsd))`
 *    (notional basis `floor(capital·f / (price·pointValue))`), bounded by free margin
 *    `floor((capital − marginInUse) / marginPerContract)`, by the risk budget
 *    `floor(riskBudgetUsd / risk per contract)` and by maxContracts (5 full-size equivalents:
 *    50 MES with `contractWeight: 0.1`).
 *
 * The caps come before the multipliers so that volatility, heat and drawdown always act on the
 * size (a multiplier applied to an uncapped quarter-Kelly of 7 % would vanish under a 1 % cap).
 *
 * It never throws and never returns a negative or NaN size: degenerate input (p at or below
 * break-even, b ≤ 0, untrusted trade stats, NaN anywhere, non-positive capital/price/point value,
 * a missing stop distance on the risk basis, invalid settings) gives zero contracts and the step
 * that zeroed it says why (`zeroReason`).
 *
 * @example
 * ```ts
 * import { sizePosition } from '@minhos/kelly';
 * const d = sizePosition({
 *   capital: 100_000,
 *   price: 6000,
 *   pointValue: 50,
 *   winProbability: 0.58,
 *   payoff: { averageWin: 600, averageLoss: 400 },
 *   costPerTrade: 17,
 *   stopDistance: 8,
 *   roundTripCostUsd: 17,
 * });
 * d.contracts; // 2: f* = 0.279 → ¼ = 0.070 → capped at 1 % → floor(1,000 / (8 × 50 + 17))
 * d.steps.map((s) => `${s.name}: ${s.reason}`);
 * ```
 */
export function sizePosition<X = unknown>(input: SizingInput<X>): SizingDecision {
  const steps: SizingStep[] = [];
  let zeroReason: string | undefined;
  const push = (
    name: SizingStepName,
    inputFraction: number,
    outputFraction: number,
    reason: string,
    details: Record<string, number | string | boolean> = {},
  ): number => {
    const out = finite(outputFraction);
    const inp = finite(inputFraction);
    steps.push({ name, inputFraction: inp, outputFraction: out, reason, details });
    if (out === 0 && zeroReason === undefined) zeroReason = `${name}: ${reason}`;
    return out;
  };
  const safeInput: Partial<SizingInput<X>> = input !== null && typeof input === 'object' ? input : {};

  const resolved = resolveKellySettings(
    safeInput.settings !== null && typeof safeInput.settings === 'object' ? safeInput.settings : {},
  );
  if (!resolved.ok) {
    return zeroDecision(resolved.error.message, DEFAULT_KELLY_SETTINGS);
  }
  const s = resolved.value;

  // 1. win probability
  const prob = winProbability(safeInput.winProbability as WinProbabilitySource<X>, safeInput.features, {
    min: s.minWinProbability,
    max: s.maxWinProbability,
  });
  const p = prob.ok ? prob.bounded : 0;
  push(
    'winProbability',
    prob.ok ? prob.raw : 0,
    p,
    prob.reason,
    prob.ok ? { raw: prob.raw, bounded: prob.bounded } : { valid: false },
  );

  // 2. Kelly fraction with cost-adjusted payoff
  const payoff = resolvePayoff(safeInput.payoff, safeInput.costPerTrade);
  let kelly = 0;
  let b = 0;
  if (!prob.ok) {
    push('kelly', 0, 0, 'no valid win probability (see winProbability step)');
  } else if (!payoff.ok) {
    push('kelly', 0, 0, payoff.reason, payoff.details);
  } else {
    b = payoff.b;
    const q = 1 - p;
    const gross = Math.max(0, p - q / payoff.grossB);
    kelly = b > 0 ? Math.max(0, p - q / b) : 0;
    const breakEven = breakEvenProbability(b);
    const details = {
      p,
      payoffRatio: b,
      grossPayoffRatio: payoff.grossB,
      averageWin: payoff.win,
      averageLoss: payoff.loss,
      costPerTrade: payoff.cost,
      breakEvenProbability: breakEven,
    };
    let reason: string;
    if (b <= 0) {
      reason = `costs ${fmt(payoff.cost)} per trade consume the average win ${fmt(payoff.win)}: no payoff left (b = ${fmt(b)})`;
    } else if (kelly === 0) {
      reason = `p = ${fmt(p)} ≤ break-even ${fmt(breakEven)} for b = ${fmt(b)}: no edge`;
    } else {
      reason = `f* = p − q/b = ${fmt(p)} − ${fmt(q)}/${fmt(b)} = ${fmt(kelly)}${
        payoff.cost > 0 ? ` (b ${fmt(payoff.grossB)} before costs of ${fmt(payoff.cost)} per trade)` : ''
      }`;
    }
    push('kelly', gross, kelly, reason, details);
  }
  let f = kelly;

  // 3. fractional Kelly
  const c = s.fraction;
  f = push('fractionalKelly', f, f * c, `× ${c} (fractional Kelly)`, { multiplier: c });

  // 4. cap, on the settings' basis
  const capLimit = s.basis === 'risk' ? s.maxRiskFraction : s.maxNotionalFraction;
  const capKey = s.basis === 'risk' ? 'maxRiskFraction' : 'maxNotionalFraction';
  const capped = Math.min(f, capLimit);
  f = push(
    'cap',
    f,
    capped,
    capped < f
      ? `capped at ${capKey} ${fmt(capLimit * 100, 4)}% of capital (${s.basis} basis)`
      : `within ${capKey} ${fmt(capLimit * 100, 4)}% (${s.basis} basis)`,
    { cap: capLimit, basis: s.basis, binding: capped < f },
  );

  // 4. volatility scaling
  const vol = safeInput.realizedAnnualizedVolatility;
  if (vol === undefined) {
    f = push('volatility', f, f, 'no realised volatility given: not scaled', { multiplier: 1 });
  } else if (!isPositive(vol)) {
    f = push(
      'volatility',
      f,
      0,
      `realised annualised volatility is ${String(vol)}, expected a positive number`,
      {
        valid: false,
      },
    );
  } else {
    const m = Math.min(s.maxVolatilityScale, s.targetAnnualizedVolatility / vol);
    f = push(
      'volatility',
      f,
      f * m,
      `× ${fmt(m)} = min(${s.maxVolatilityScale}, target ${s.targetAnnualizedVolatility} / realised ${fmt(vol)}, annualised)`,
      {
        multiplier: m,
        realizedAnnualizedVolatility: vol,
        targetAnnualizedVolatility: s.targetAnnualizedVolatility,
      },
    );
  }

  // 5. portfolio heat
  const corr = safeInput.openPositionCorrelation;
  if (corr === undefined) {
    f = push('portfolioHeat', f, f, 'no open positions given: heat 0', { multiplier: 1, heat: 0 });
  } else {
    let heat: ReturnType<typeof portfolioHeat> | undefined;
    let failure = '';
    try {
      heat = portfolioHeat(corr);
    } catch (cause) {
      failure = cause instanceof Error ? cause.message : String(cause);
    }
    if (heat === undefined) {
      f = push('portfolioHeat', f, 0, `open-position correlation rejected: ${failure}`, { valid: false });
    } else {
      const m = Math.max(s.heatFloor, 1 - heat.heat);
      f = push(
        'portfolioHeat',
        f,
        f * m,
        heat.positions < 2
          ? `${heat.positions} open position(s): heat 0`
          : `heat 1 − λmin/λmax = 1 − ${fmt(heat.lambdaMin)}/${fmt(heat.lambdaMax)} = ${fmt(heat.heat)}: × ${fmt(m)} (floor ${s.heatFloor})`,
        {
          multiplier: m,
          heat: heat.heat,
          lambdaMin: heat.lambdaMin,
          lambdaMax: heat.lambdaMax,
          positions: heat.positions,
        },
      );
    }
  }

  // 6. drawdown protection
  const dd = safeInput.drawdown ?? 0;
  if (typeof dd !== 'number' || !Number.isFinite(dd) || dd < 0 || dd > 1) {
    f = push('drawdown', f, 0, `drawdown is ${String(dd)}, expected a fraction in [0, 1]`, { valid: false });
  } else if (dd <= s.drawdownReductionStart) {
    f = push(
      'drawdown',
      f,
      f,
      `drawdown ${fmt(dd * 100, 2)}% ≤ ${fmt(s.drawdownReductionStart * 100, 4)}% where reductions start`,
      { multiplier: 1, drawdown: dd },
    );
  } else {
    const span = s.drawdownLimit - s.drawdownReductionStart;
    const x = Math.min(1, (dd - s.drawdownReductionStart) / span);
    const k = s.drawdownDecay;
    // Exponential decay rescaled to run from 1 at the start to exactly 0 at the limit (k = 0: linear).
    const m = Math.max(0, k === 0 ? 1 - x : (Math.exp(-k * x) - Math.exp(-k)) / (1 - Math.exp(-k)));
    f = push(
      'drawdown',
      f,
      f * m,
      m === 0
        ? `drawdown ${fmt(dd * 100, 2)}% ≥ drawdownLimit ${fmt(s.drawdownLimit * 100, 4)}%: no new risk`
        : `drawdown ${fmt(dd * 100, 2)}% between ${fmt(s.drawdownReductionStart * 100, 4)}% and ${fmt(s.drawdownLimit * 100, 4)}%: × ${fmt(m)} = (e^(−${k}·${fmt(x)}) − e^(−${k})) / (1 − e^(−${k}))`,
      { multiplier: m, drawdown: dd },
    );
  }

  // 8. contracts
  const contracts = toContracts(f, safeInput, s);
  push('contracts', f, contracts.fraction, contracts.reason, contracts.details);

  return {
    contracts: contracts.count,
    fraction: f,
    contractFraction: contracts.fraction,
    riskUsd: contracts.riskUsd,
    winProbability: p,
    payoffRatio: finite(b),
    kellyFraction: kelly,
    steps,
    ...(contracts.count === 0 ? { zeroReason: zeroReason ?? `contracts: ${contracts.reason}` } : {}),
    settings: s,
  };

  function zeroDecision(reason: string, settings: KellySettings): SizingDecision {
    const names: SizingStepName[] = [
      'winProbability',
      'kelly',
      'fractionalKelly',
      'cap',
      'volatility',
      'portfolioHeat',
      'drawdown',
      'contracts',
    ];
    return {
      contracts: 0,
      fraction: 0,
      contractFraction: 0,
      riskUsd: 0,
      winProbability: 0,
      payoffRatio: 0,
      kellyFraction: 0,
      steps: names.map((name) => ({ name, inputFraction: 0, outputFraction: 0, reason, details: {} })),
      zeroReason: `settings: ${reason}`,
      settings,
    };
  }
}

type ResolvedPayoff =
  | { ok: true; b: number; grossB: number; win: number; loss: number; cost: number }
  | { ok: false; reason: string; details: Record<string, number | string | boolean> };

function resolvePayoff(
  payoff: PayoffProfile | TradeStats | undefined,
  costInput: number | undefined,
): ResolvedPayoff {
  if (payoff === null || typeof payoff !== 'object') {
    return {
      ok: false,
      reason: `payoff is ${String(payoff)}, expected { averageWin, averageLoss } or tradeStats()`,
      details: {},
    };
  }
  if ('trusted' in payoff && !payoff.trusted) {
    return {
      ok: false,
      reason: `trade statistics not trusted (${payoff.reason}): untrusted history sizes to zero`,
      details: { trusted: false, decisiveTrades: payoff.wins + payoff.losses, minTrades: payoff.minTrades },
    };
  }
  const win = payoff.averageWin;
  const loss = payoff.averageLoss;
  const cost = costInput ?? 0;
  if (!isPositive(win)) {
    return { ok: false, reason: `average win is ${String(win)}, expected a positive number`, details: {} };
  }
  if (!isPositive(loss)) {
    return {
      ok: false,
      reason: `average loss is ${String(loss)}, expected a positive magnitude`,
      details: {},
    };
  }
  if (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0) {
    return {
      ok: false,
      reason: `cost per trade is ${String(cost)}, expected a non-negative number`,
      details: {},
    };
  }
  const b = (win - cost) / (loss + cost);
  if (!Number.isFinite(b) || !Number.isFinite(win / loss)) {
    return {
      ok: false,
      reason: `payoff ratio ${String(win)} / ${String(loss)} is not finite: average loss is too small to size from`,
      details: {},
    };
  }
  return { ok: true, b, grossB: win / loss, win, loss, cost };
}
