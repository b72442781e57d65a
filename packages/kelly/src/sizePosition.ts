import { breakEvenProbability } from './binaryKelly.js';
import type { MatrixInput } from './internal/matrix.js';
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

/** Everything {@link sizePosition} needs. Only `capital`, `price`, `pointValue`, `winProbability` and `payoff` are required. */
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
  /** Realised volatility, in the units of `settings.targetVolatility` (default: annualised). Omit to skip volatility scaling. */
  readonly realizedVolatility?: number | undefined;
  /**
   * Correlation matrix of the open positions. Add the candidate as a row/column for its correlation
   * with the book to count (one open position alone has heat 0). Omit for no heat reduction.
   */
  readonly openPositionCorrelation?: MatrixInput | undefined;
  /** Current drawdown from peak equity as a fraction in [0, 1] (0.12 = 12 %). Default 0. */
  readonly drawdown?: number | undefined;
  /** Initial margin per contract in dollars; bounds contracts by capital / margin. Omit for no margin bound. */
  readonly marginPerContract?: number | undefined;
  /** Dollars lost per contract if the trade loses (stop distance × point value). Required for `basis: 'risk'`. */
  readonly riskPerContract?: number | undefined;
  /** Overrides of {@link DEFAULT_KELLY_SETTINGS}. */
  readonly settings?: Partial<KellySettings> | undefined;
}

/** Name of a pipeline step, in pipeline order. */
export type SizingStepName =
  | 'winProbability'
  | 'kelly'
  | 'fractionalKelly'
  | 'volatility'
  | 'portfolioHeat'
  | 'drawdown'
  | 'hardCap'
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
  /** Fraction of capital after the hard cap, before rounding to contracts. */
  readonly fraction: number;
  /** Fraction of capital the whole contracts represent (notional or risk, per `settings.basis`). */
  readonly contractFraction: number;
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
 * 4. `volatility`: × min(1, targetVol / realisedVol).
 * 5. `portfolioHeat`: × max(0.1, 1 − heat), heat = 1 − λmin/λmax of the open positions' correlations.
 * 6. `drawdown`: × max(0.1, exp(−5·(dd − 0.10))) once the drawdown exceeds 10 %.
 * 7. `hardCap`: min(f, 5 %).
 * 8. `contracts`: floor(capital·f / (price·pointValue)) (or / riskPerContract with `basis: 'risk'`),
 *    bounded by floor(capital / margin) and maxContracts (5).
 *
 * It never throws and never returns a negative or NaN size: degenerate input (p at or below
 * break-even, b ≤ 0, untrusted trade stats, NaN anywhere, non-positive capital/price/point value,
 * invalid settings) gives zero contracts and the step that zeroed it says why (`zeroReason`).
 * The drawdown multiplier is continuous at the threshold; the original's `exp(−5·dd)` jumped
 * from 1 to 0.61 at 10 % drawdown.
 *
 * @example
 * ```ts
 * import { sizePosition } from '@minhos/kelly';
 * const d = sizePosition({
 *   capital: 5_000_000,
 *   price: 5000,
 *   pointValue: 50,
 *   winProbability: 0.58,
 *   payoff: { averageWin: 600, averageLoss: 400 },
 *   costPerTrade: 17.5,
 * });
 * d.contracts; // 1: f* = 0.279 → ¼ = 0.070 → capped at 5 % → floor(250,000 / 250,000)
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

  // 4. volatility scaling
  const vol = safeInput.realizedVolatility;
  if (vol === undefined) {
    f = push('volatility', f, f, 'no realised volatility given: not scaled', { multiplier: 1 });
  } else if (!isPositive(vol)) {
    f = push('volatility', f, 0, `realised volatility is ${String(vol)}, expected a positive number`, {
      valid: false,
    });
  } else {
    const m = Math.min(s.maxVolatilityScale, s.targetVolatility / vol);
    f = push(
      'volatility',
      f,
      f * m,
      `× ${fmt(m)} = min(${s.maxVolatilityScale}, target ${s.targetVolatility} / realised ${fmt(vol)})`,
      { multiplier: m, realizedVolatility: vol, targetVolatility: s.targetVolatility },
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
  } else if (dd <= s.drawdownThreshold) {
    f = push('drawdown', f, f, `drawdown ${fmt(dd * 100, 2)}% ≤ threshold ${s.drawdownThreshold * 100}%`, {
      multiplier: 1,
      drawdown: dd,
    });
  } else {
    const m = Math.max(s.drawdownFloor, Math.exp(-s.drawdownDecay * (dd - s.drawdownThreshold)));
    f = push(
      'drawdown',
      f,
      f * m,
      `drawdown ${fmt(dd * 100, 2)}% > ${s.drawdownThreshold * 100}%: × ${fmt(m)} = max(${s.drawdownFloor}, exp(−${s.drawdownDecay}·(${fmt(dd)} − ${s.drawdownThreshold})))`,
      { multiplier: m, drawdown: dd },
    );
  }

  // 7. hard cap
  const capped = Math.min(f, s.hardCap);
  f = push(
    'hardCap',
    f,
    capped,
    capped < f ? `capped at ${s.hardCap * 100}% of capital` : `within the ${s.hardCap * 100}% cap`,
    { cap: s.hardCap, binding: capped < f },
  );

  // 8. contracts
  const contracts = toContracts(f, safeInput, s);
  push('contracts', f, contracts.fraction, contracts.reason, contracts.details);

  return {
    contracts: contracts.count,
    fraction: f,
    contractFraction: contracts.fraction,
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
      'volatility',
      'portfolioHeat',
      'drawdown',
      'hardCap',
      'contracts',
    ];
    return {
      contracts: 0,
      fraction: 0,
      contractFraction: 0,
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

function toContracts(
  f: number,
  input: Partial<SizingInput>,
  s: KellySettings,
): { count: number; fraction: number; reason: string; details: Record<string, number | string | boolean> } {
  const { capital, price, pointValue } = input;
  const zero = (reason: string): ReturnType<typeof toContracts> => ({
    count: 0,
    fraction: 0,
    reason,
    details: { valid: false },
  });
  if (!isPositive(capital))
    return zero(`capital is ${String(capital)}, expected a positive number of dollars`);
  if (!isPositive(price)) return zero(`price is ${String(price)}, expected a positive number of points`);
  if (!isPositive(pointValue))
    return zero(`point value is ${String(pointValue)}, expected positive dollars per point`);
  let perContract: number;
  let basisText: string;
  if (s.basis === 'risk') {
    if (!isPositive(input.riskPerContract)) {
      return zero(
        `basis 'risk' needs riskPerContract > 0 (dollars lost per contract), got ${String(input.riskPerContract)}`,
      );
    }
    perContract = input.riskPerContract;
    basisText = `risk ${fmt(perContract, 2)} per contract`;
  } else {
    perContract = price * pointValue;
    if (!Number.isFinite(perContract))
      return zero(`notional per contract ${price} × ${pointValue} is not finite`);
    basisText = `notional ${fmt(price, 2)} × ${fmt(pointValue, 2)} = ${fmt(perContract, 2)} per contract`;
  }
  const margin = input.marginPerContract;
  if (margin !== undefined && !isPositive(margin)) {
    return zero(`margin per contract is ${String(margin)}, expected a positive number of dollars`);
  }
  const exact = (capital * f) / perContract;
  // Plain floor even when rounding leaves 2.9999999999: a sizer may under-allocate, never over.
  const kellyContracts = Number.isFinite(exact) ? Math.floor(exact) : 0;
  const marginContracts = margin === undefined ? Number.POSITIVE_INFINITY : Math.floor(capital / margin);
  const count = Math.max(0, Math.min(kellyContracts, marginContracts, s.maxContracts));
  const bound =
    count === 0
      ? kellyContracts === 0
        ? f === 0
          ? 'nothing to size'
          : `capital × f = ${fmt(capital * f, 2)} is less than one contract`
        : marginContracts === 0
          ? `margin ${fmt(margin ?? 0, 2)} per contract exceeds capital`
          : 'maxContracts is 0'
      : count < kellyContracts
        ? count === s.maxContracts
          ? `${kellyContracts} by Kelly, limited to maxContracts ${s.maxContracts}`
          : `${kellyContracts} by Kelly, limited by margin to ${marginContracts}`
        : `floor(${fmt(capital, 2)} × ${fmt(f, 6)} / ${fmt(perContract, 2)}) = ${count}`;
  return {
    count,
    fraction: (count * perContract) / capital,
    reason: `${bound} (${basisText})`,
    details: {
      basis: s.basis,
      perContract,
      kellyContracts,
      ...(Number.isFinite(marginContracts) ? { marginContracts } : {}),
      maxContracts: s.maxContracts,
    },
  };
}
