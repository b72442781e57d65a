import { bounded, pass, usd } from './internal/bounded.js';
import { fmt } from './internal/format.js';
import type { RiskCheck, RiskCheckContext, RiskCheckVerdict } from './RiskCheck.js';

/**
 * The order instrument's other extreme once the order has filled, signed contracts: every working
 * order on the opposite side fills too (`effect.after` is the extreme on the order's side).
 */
function otherSide(ctx: RiskCheckContext): number {
  const mine = ctx.book.get(ctx.order.instrument);
  const q = Number.isFinite(ctx.order.quantity) ? ctx.order.quantity : 0;
  return ctx.order.side === 'BUY' ? (mine?.worstShort ?? 0) + q : (mine?.worstLong ?? 0) - q;
}

/**
 * |worst-case position| in the order's instrument after the order, weighted by contract size,
 * stays within the limit. The worst case counts every working order on the order's side.
 */
export const maxPositionCheck: RiskCheck = {
  name: 'maxPosition',
  description:
    "|position + working orders on the order's side + the order| × contractWeight (full-size contract equivalents) does not exceed maxPositionContracts. Reducing orders exempt.",
  reducingExempt: true,
  run(ctx) {
    const weight = ctx.instrument.contractWeight ?? 1;
    const mine = ctx.book.get(ctx.order.instrument);
    const working = ctx.order.side === 'BUY' ? (mine?.workingBuy ?? 0) : (mine?.workingSell ?? 0);
    return bounded(
      Math.abs(ctx.effect.after) * weight,
      ctx.limits.maxPositionContracts,
      ctx.limits.warnFraction,
      { ok: 'POSITION_OK', warn: 'POSITION_WARNING', deny: 'POSITION_LIMIT' },
      (v, l) =>
        `worst-case position after the order ${ctx.effect.after} contracts (filled ${mine?.position ?? 0}, working ${ctx.order.side} ${working})${weight === 1 ? '' : ` × weight ${weight}`} = ${fmt(v, 3)} vs limit ${l} full-size contracts`,
    );
  },
};

/**
 * Gross notional after the order in the worst case, USD: per instrument the larger of the
 * all-buys-fill and all-sells-fill positions, valued at the highest of mark, working-order prices
 * and (for the order's instrument) the last trade and the order's executable price.
 */
export function worstCaseGrossNotional(ctx: RiskCheckContext): number {
  let total = 0;
  for (const w of ctx.book.values()) {
    if (w.instrument === ctx.order.instrument) continue;
    if (w.worstAbs === 0) continue;
    total += w.worstAbs * (w.price ?? Number.NaN) * (w.pointValue ?? Number.NaN);
  }
  const mine = ctx.book.get(ctx.order.instrument);
  const price = Math.max(ctx.market.lastPrice, ctx.price, mine?.price ?? 0);
  const contracts = Math.max(Math.abs(ctx.effect.after), Math.abs(otherSide(ctx)));
  return total + contracts * price * ctx.instrument.pointValue;
}

/** Gross notional exposure after the order, worst case, stays within the limit. */
export const exposureCheck: RiskCheck = {
  name: 'exposure',
  description:
    "Worst-case gross notional after the order, Σ |contracts| × price × point value across all instruments (positions plus working orders on the worse side; the order's instrument at the worse of its executable price and the last trade), USD, does not exceed maxNotionalUsd. Reducing orders exempt.",
  reducingExempt: true,
  run: (ctx) =>
    bounded(
      worstCaseGrossNotional(ctx),
      ctx.limits.maxNotionalUsd,
      ctx.limits.warnFraction,
      { ok: 'EXPOSURE_OK', warn: 'EXPOSURE_WARNING', deny: 'EXPOSURE_LIMIT' },
      (v, l) => `worst-case gross notional after the order ${usd(v)} (limit ${usd(l)})`,
    ),
};

/**
 * Initial margin the book needs after the order in the worst case, USD: per instrument the larger
 * of the all-buys-fill and all-sells-fill positions × margin per contract (the order's instrument
 * from its spec, the others from their positions or working orders). `unknown` lists instruments
 * with a worst-case position but no margin figure.
 *
 * @example
 * ```ts
 * import { worstCaseMargin, type RiskCheckContext } from '@minhos/risk';
 * declare const ctx: RiskCheckContext; // long 1 ES held (12,650 margin), BUY 1 ES proposed
 * worstCaseMargin(ctx); // { required: 25300, unknown: [] }
 * ```
 */
export function worstCaseMargin(ctx: RiskCheckContext): { required: number; unknown: string[] } {
  let required = 0;
  const unknown: string[] = [];
  for (const w of ctx.book.values()) {
    if (w.instrument === ctx.order.instrument || w.worstAbs === 0) continue;
    if (w.marginPerContract === undefined) unknown.push(w.instrument);
    else required += w.worstAbs * w.marginPerContract;
  }
  const contracts = Math.max(Math.abs(ctx.effect.after), Math.abs(otherSide(ctx)));
  const own = ctx.instrument.marginPerContract ?? ctx.book.get(ctx.order.instrument)?.marginPerContract;
  if (contracts > 0) {
    if (own === undefined) unknown.push(ctx.order.instrument);
    else required += contracts * own;
  }
  return { required, unknown };
}

/** The margin the worst-case book needs fits in the equity. */
export const marginCheck: RiskCheck = {
  name: 'margin',
  description:
    "Worst-case initial margin after the order (positions plus working orders, the order's instrument at its spec's marginPerContract), USD, does not exceed equity; passes as not applicable without the order instrument's margin, warns when another instrument's margin is unknown. Reducing orders exempt.",
  reducingExempt: true,
  run(ctx) {
    if (ctx.instrument.marginPerContract === undefined)
      return pass('MARGIN_NOT_APPLICABLE', `no margin per contract given for ${ctx.order.instrument}`);
    const { required, unknown } = worstCaseMargin(ctx);
    const verdict = bounded(
      required,
      ctx.account.equity,
      ctx.limits.warnFraction,
      { ok: 'MARGIN_OK', warn: 'MARGIN_WARNING', deny: 'MARGIN_INSUFFICIENT' },
      (v, l) => `worst-case initial margin after the order ${usd(v)} (equity ${usd(l)})`,
    );
    if (verdict.outcome === 'pass' && unknown.length > 0)
      return {
        ...verdict,
        outcome: 'warn',
        code: 'MARGIN_INCOMPLETE',
        message: `${verdict.message}; margin unknown for ${unknown.join(', ')}`,
      };
    return verdict;
  },
};

/** Number of instruments that can hold a position after the order (positions or working orders). */
export const maxPositionsCheck: RiskCheck = {
  name: 'maxPositions',
  description:
    'Number of instruments whose worst-case position (filled plus working orders) is non-zero after the order does not exceed maxOpenPositions. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const open = new Set<string>();
    for (const w of ctx.book.values())
      if (w.instrument !== ctx.order.instrument && w.worstAbs !== 0) open.add(w.instrument);
    if (ctx.effect.after !== 0 || otherSide(ctx) !== 0) open.add(ctx.order.instrument);
    return bounded(
      open.size,
      ctx.limits.maxOpenPositions,
      ctx.limits.warnFraction,
      { ok: 'OPEN_POSITIONS_OK', warn: 'OPEN_POSITIONS_WARNING', deny: 'OPEN_POSITIONS_LIMIT' },
      (v, l) => `${v} instruments with a worst-case position after the order (limit ${l})`,
    );
  },
};

/**
 * Worst-case loss of the order at its protective stop, USD:
 * `quantity × (|entry − protectiveStop| × pointValue + roundTripCostUsd)`, entry being the
 * executable price. `undefined` without a protective stop. A stop can gap: this is the loss at the
 * stop price, not a bound on slippage beyond it (put expected slippage in `roundTripCostUsd`).
 *
 * @example
 * ```ts
 * import { tradeRiskUsd, type RiskCheckContext } from '@minhos/risk';
 * declare const ctx: RiskCheckContext; // BUY 5 ES @ 6000, protective stop 5992
 * tradeRiskUsd(ctx); // 5 × 8 × 50 = 2000
 * ```
 */
export function tradeRiskUsd(ctx: RiskCheckContext): number | undefined {
  const stop = ctx.order.protectiveStop;
  if (stop === undefined) return undefined;
  const cost = ctx.instrument.roundTripCostUsd ?? 0;
  return ctx.order.quantity * (Math.abs(ctx.price - stop) * ctx.instrument.pointValue + cost);
}

const noStop = (check: string, required = false): RiskCheckVerdict =>
  required
    ? {
        outcome: 'deny',
        code: 'PROTECTIVE_STOP_REQUIRED',
        message:
          'no protective stop on the order: its worst-case loss is unknown and limits.requireProtectiveStop is on',
      }
    : {
        outcome: check === 'tradeRisk' ? 'warn' : 'pass',
        code: check === 'tradeRisk' ? 'TRADE_RISK_UNKNOWN' : 'RISK_BUDGET_NOT_APPLICABLE',
        message: 'no protective stop on the order: its worst-case loss is unknown',
      };

/** Loss at the protective stop stays within the per-trade risk limit. */
export const tradeRiskCheck: RiskCheck = {
  name: 'tradeRisk',
  description:
    'Worst-case loss at the protective stop, quantity × (|entry − stop| × point value + round-trip cost), USD, does not exceed maxTradeRiskUsd; without a protective stop warns TRADE_RISK_UNKNOWN, or denies PROTECTIVE_STOP_REQUIRED when requireProtectiveStop is on. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const risk = tradeRiskUsd(ctx);
    if (risk === undefined && ctx.effect.reducing)
      return pass('TRADE_RISK_NOT_APPLICABLE', 'the order reduces the position: no new risk to price');
    if (risk === undefined) return noStop('tradeRisk', ctx.limits.requireProtectiveStop);
    return bounded(
      risk,
      ctx.limits.maxTradeRiskUsd,
      ctx.limits.warnFraction,
      { ok: 'TRADE_RISK_OK', warn: 'TRADE_RISK_WARNING', deny: 'TRADE_RISK_LIMIT' },
      (v, l) =>
        `loss at the stop ${ctx.order.protectiveStop} is ${usd(v)} for ${ctx.order.quantity} contracts (per-trade limit ${usd(l)})`,
    );
  },
};

/** Loss at the protective stop fits in what is left of the daily-loss limit. */
export const riskBudgetCheck: RiskCheck = {
  name: 'riskBudget',
  description:
    'Worst-case loss at the protective stop does not exceed the remaining daily-loss budget, maxDailyLossUsd − session loss, USD. Passes as not applicable without a protective stop. Reducing orders exempt.',
  reducingExempt: true,
  run(ctx) {
    const risk = tradeRiskUsd(ctx);
    if (risk === undefined) return noStop('riskBudget');
    const loss = Math.max(0, -ctx.account.dailyPnl);
    const remaining = ctx.limits.maxDailyLossUsd - loss;
    const message = `loss at the stop ${usd(risk)} vs remaining daily-loss budget ${usd(remaining)} (limit ${usd(ctx.limits.maxDailyLossUsd)}, lost ${usd(loss)})`;
    if (Number.isNaN(risk) || risk > remaining)
      return { outcome: 'deny', code: 'RISK_BUDGET_EXCEEDED', message, value: risk, limit: remaining };
    return { ...pass('RISK_BUDGET_OK', message), value: risk, limit: remaining };
  },
};
