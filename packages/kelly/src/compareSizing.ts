import { MinhosError } from '@minhos/core';
import { tradeStats } from './tradeStats.js';

/** Trade a constant number of units (contracts) every time: the original system's sizing. */
export interface FixedUnitsStrategy {
  readonly kind: 'fixedUnits';
  readonly name: string;
  /** Units per trade, ≥ 0. */
  readonly units: number;
}

/** Risk a constant fraction of current equity per trade. */
export interface FixedFractionStrategy {
  readonly kind: 'fixedFraction';
  readonly name: string;
  /** Fraction of equity risked per trade, in [0, 1]. */
  readonly fraction: number;
  /** Loss per unit when a trade loses (e.g. stop × point value), > 0, in P&L units. */
  readonly riskPerUnit: number;
}

/**
 * Walk-forward Kelly: before each trade, estimate p and b from the preceding trades only (no
 * look-ahead), or use the given `p`/`b` (an oracle, for simulations), and risk
 * `min(cap, multiplier·f*)` of equity, where one unit risks the average loss.
 */
export interface KellyStrategy {
  readonly kind: 'kelly';
  readonly name: string;
  /** Fractional-Kelly multiplier. Default 0.25. */
  readonly multiplier?: number;
  /** Cap on the fraction of equity risked. Default 0.05. */
  readonly maxFraction?: number;
  /** Rolling window of past trades. Default 100. */
  readonly window?: number;
  /** Decisive past trades required before sizing; zero units until then. Default 30. */
  readonly minTrades?: number;
  /** Known win probability (oracle mode, with `b` and `riskPerUnit`). */
  readonly p?: number;
  /** Known payoff ratio (oracle mode). */
  readonly b?: number;
  /** Loss per unit on a losing trade; default the rolling average loss. */
  readonly riskPerUnit?: number;
}

/** A sizing rule for {@link compareSizing}. */
export type SizingStrategy = FixedUnitsStrategy | FixedFractionStrategy | KellyStrategy;

/** Options of {@link compareSizing}. */
export interface CompareSizingInput {
  /** P&L per unit (e.g. dollars per contract) of each trade, in time order. */
  readonly pnlPerUnit: ArrayLike<number>;
  /** Starting equity, > 0, same currency as the P&L. */
  readonly initialCapital: number;
  readonly strategies: readonly SizingStrategy[];
  /** Round units down to whole contracts. Default true. */
  readonly wholeUnits?: boolean;
}

/** Outcome of one strategy in {@link compareSizing}. */
export interface SizingOutcome {
  readonly name: string;
  readonly terminalWealth: number;
  /** terminalWealth / initialCapital − 1. */
  readonly totalReturn: number;
  /** Largest peak-to-trough fall of equity, as a fraction of the peak. */
  readonly maxDrawdown: number;
  /** ln(terminal / initial) / trades; −Infinity if equity was wiped out. */
  readonly logGrowthPerTrade: number;
  /** Trades with a non-zero size. */
  readonly tradesTaken: number;
  /** Mean units per trade taken (0 if none). */
  readonly averageUnits: number;
  /** Equity hit zero (trading stopped). */
  readonly ruined: boolean;
  /** Equity after each trade (length = trades + 1, starting with initialCapital). */
  readonly equity: Float64Array;
}

/**
 * Replays one trade sequence under several sizing rules and reports terminal wealth, maximum
 * drawdown and log-growth for each.
 *
 * Use it to see what Kelly sizing would have done to a backtest's trade list next to fixed
 * sizing. It reports; it does not declare a winner: which rule ends richer on one path is luck
 * as much as method (Kelly maximises the **expected log**, not every path). Equity is floored at
 * zero and trading stops there.
 *
 * @throws {@link @minhos/core!MinhosError} `KELLY_INVALID_INPUT` for non-finite P&L, non-positive capital or
 *   an invalid strategy parameter, naming the strategy.
 * @example
 * ```ts
 * import { compareSizing } from '@minhos/kelly';
 * const out = compareSizing({
 *   pnlPerUnit: [500, -250, 300, -250, 650, -250],
 *   initialCapital: 100_000,
 *   strategies: [
 *     { kind: 'fixedUnits', name: '1 contract', units: 1 },
 *     { kind: 'kelly', name: 'quarter Kelly', minTrades: 4, window: 50 },
 *   ],
 * });
 * out.map((o) => [o.name, o.terminalWealth, o.maxDrawdown]);
 * ```
 */
export function compareSizing(input: CompareSizingInput): SizingOutcome[] {
  const bad = (message: string): MinhosError =>
    new MinhosError('KELLY_INVALID_INPUT', `compareSizing: ${message}`);
  const pnl = input.pnlPerUnit;
  const n = pnl.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pnl[i] as number))
      throw bad(`pnlPerUnit[${i}] is ${pnl[i]}, expected a finite number`);
  }
  const capital = input.initialCapital;
  if (!(capital > 0) || !Number.isFinite(capital))
    throw bad(`initialCapital must be positive, got ${capital}`);
  const whole = input.wholeUnits ?? true;
  return input.strategies.map((strategy) => {
    const unitsAt = sizer(strategy, pnl, bad);
    const equity = new Float64Array(n + 1);
    equity[0] = capital;
    let wealth = capital;
    let peak = capital;
    let maxDrawdown = 0;
    let taken = 0;
    let unitSum = 0;
    let ruined = false;
    for (let i = 0; i < n; i++) {
      if (!ruined) {
        const raw = unitsAt(i, wealth);
        const units = whole ? Math.floor(raw) : raw;
        if (units > 0) {
          taken++;
          unitSum += units;
          wealth += units * (pnl[i] as number);
        }
        if (wealth <= 0) {
          wealth = 0;
          ruined = true;
        }
        peak = Math.max(peak, wealth);
        maxDrawdown = Math.max(maxDrawdown, (peak - wealth) / peak);
      }
      equity[i + 1] = wealth;
    }
    return {
      name: strategy.name,
      terminalWealth: wealth,
      totalReturn: wealth / capital - 1,
      maxDrawdown,
      logGrowthPerTrade: n === 0 ? 0 : ruined ? Number.NEGATIVE_INFINITY : Math.log(wealth / capital) / n,
      tradesTaken: taken,
      averageUnits: taken > 0 ? unitSum / taken : 0,
      ruined,
      equity,
    };
  });
}

function sizer(
  strategy: SizingStrategy,
  pnl: ArrayLike<number>,
  bad: (message: string) => MinhosError,
): (i: number, wealth: number) => number {
  const name = strategy.name;
  switch (strategy.kind) {
    case 'fixedUnits': {
      if (!(strategy.units >= 0) || !Number.isFinite(strategy.units)) {
        throw bad(`strategy "${name}": units must be ≥ 0, got ${strategy.units}`);
      }
      return () => strategy.units;
    }
    case 'fixedFraction': {
      const { fraction, riskPerUnit } = strategy;
      if (!(fraction >= 0 && fraction <= 1))
        throw bad(`strategy "${name}": fraction must be in [0, 1], got ${fraction}`);
      if (!(riskPerUnit > 0) || !Number.isFinite(riskPerUnit)) {
        throw bad(`strategy "${name}": riskPerUnit must be positive, got ${riskPerUnit}`);
      }
      return (_i, wealth) => (fraction * wealth) / riskPerUnit;
    }
    case 'kelly': {
      const multiplier = strategy.multiplier ?? 0.25;
      const cap = strategy.maxFraction ?? 0.05;
      const window = strategy.window ?? 100;
      const minTrades = strategy.minTrades ?? 30;
      if (!(multiplier > 0) || !Number.isFinite(multiplier)) {
        throw bad(`strategy "${name}": multiplier must be positive, got ${multiplier}`);
      }
      if (!(cap > 0 && cap <= 1)) throw bad(`strategy "${name}": maxFraction must be in (0, 1], got ${cap}`);
      if (strategy.riskPerUnit !== undefined && !(strategy.riskPerUnit > 0)) {
        throw bad(`strategy "${name}": riskPerUnit must be positive, got ${strategy.riskPerUnit}`);
      }
      const oracle = strategy.p !== undefined || strategy.b !== undefined;
      if (oracle) {
        const { p, b, riskPerUnit } = strategy;
        if (p === undefined || !(p >= 0 && p <= 1))
          throw bad(`strategy "${name}": p must be in [0, 1], got ${p}`);
        if (b === undefined || !(b > 0)) throw bad(`strategy "${name}": b must be positive, got ${b}`);
        if (riskPerUnit === undefined) throw bad(`strategy "${name}": oracle mode (p, b) needs riskPerUnit`);
        const f = Math.min(cap, multiplier * Math.max(0, p - (1 - p) / b));
        return (_i, wealth) => (f * wealth) / riskPerUnit;
      }
      const history = Array.from(pnl);
      return (i, wealth) => {
        const stats = tradeStats(history.slice(Math.max(0, i - window), i), { window, minTrades });
        if (!stats.trusted) return 0;
        const f = Math.min(cap, multiplier * stats.kellyFraction);
        return (f * wealth) / (strategy.riskPerUnit ?? stats.averageLoss);
      };
    }
    default:
      throw bad(`unknown strategy kind ${JSON.stringify((strategy as { kind: unknown }).kind)}`);
  }
}
