import type { KellySettings } from '../KellySettings.js';
import type { SizingInput } from '../sizePosition.js';

const fmt = (v: number, digits = 4): string =>
  Number.isFinite(v) ? Number(v.toFixed(digits)).toString() : String(v);
const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** The `contracts` step of `sizePosition`: whole contracts and the bound that set them. */
export interface ContractsOutcome {
  count: number;
  fraction: number;
  riskUsd: number;
  reason: string;
  details: Record<string, number | string | boolean>;
}

/**
 * Whole contracts for a fraction of capital on the settings' basis, bounded by free margin, the
 * risk budget and maxContracts; zero with a reason on bad input.
 */
export function toContracts(f: number, input: Partial<SizingInput>, s: KellySettings): ContractsOutcome {
  const { capital, price, pointValue } = input;
  const zero = (reason: string): ContractsOutcome => ({
    count: 0,
    fraction: 0,
    riskUsd: 0,
    reason,
    details: { valid: false },
  });
  if (!isPositive(capital))
    return zero(`capital is ${String(capital)}, expected a positive number of dollars`);
  if (!isPositive(price)) return zero(`price is ${String(price)}, expected a positive number of points`);
  if (!isPositive(pointValue))
    return zero(`point value is ${String(pointValue)}, expected positive dollars per point`);
  const stop = input.stopDistance;
  if (stop !== undefined && !isPositive(stop))
    return zero(`stop distance is ${String(stop)}, expected a positive number of points`);
  const cost = input.roundTripCostUsd ?? 0;
  if (!(typeof cost === 'number' && Number.isFinite(cost) && cost >= 0))
    return zero(`round-trip cost is ${String(cost)}, expected a non-negative number of dollars`);
  const riskPerContract = stop === undefined ? undefined : stop * pointValue + cost;
  if (riskPerContract !== undefined && !(Number.isFinite(riskPerContract) && riskPerContract > 0))
    return zero(
      `risk per contract ${stop} × ${pointValue} + ${cost} is not a positive finite number of dollars`,
    );
  let perContract: number;
  let basisText: string;
  if (s.basis === 'risk') {
    if (riskPerContract === undefined) {
      return zero(
        "basis 'risk' needs stopDistance > 0 (points from entry to the protective stop): without a stop the risk is unknown",
      );
    }
    perContract = riskPerContract;
    basisText = `risk ${fmt(stop ?? 0, 4)} × ${fmt(pointValue, 2)} + ${fmt(cost, 2)} = ${fmt(perContract, 2)} per contract`;
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
  const inUse = input.marginInUse ?? 0;
  if (!(typeof inUse === 'number' && Number.isFinite(inUse) && inUse >= 0))
    return zero(`margin in use is ${String(inUse)}, expected a non-negative number of dollars`);
  const budget = input.riskBudgetUsd;
  if (budget !== undefined && !(typeof budget === 'number' && Number.isFinite(budget)))
    return zero(`risk budget is ${String(budget)}, expected a number of dollars`);
  if (budget !== undefined && riskPerContract === undefined)
    return zero('riskBudgetUsd needs stopDistance to price the loss at the stop');
  const exact = (capital * f) / perContract;
  // Plain floor even when rounding leaves 2.9999999999: a sizer may under-allocate, never over.
  const byFraction = Number.isFinite(exact) ? Math.floor(exact) : 0;
  const freeMargin = capital - inUse;
  const byMargin =
    margin === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(freeMargin / margin));
  const byBudget =
    budget === undefined || riskPerContract === undefined
      ? Number.POSITIVE_INFINITY
      : Math.max(0, Math.floor(budget / riskPerContract));
  const weight = input.contractWeight ?? 1;
  if (!isPositive(weight) || weight > 1)
    return zero(`contract weight is ${String(weight)}, expected a number in (0, 1] of full-size contracts`);
  // A small epsilon: 5 / 0.1 is 49.99999999999999 in binary floating point.
  const byLimit = Math.floor(s.maxContracts / weight + 1e-9);
  const count = Math.max(0, Math.min(byFraction, byMargin, byBudget, byLimit));
  let bound: string;
  if (count === byFraction) {
    bound =
      count === 0
        ? f === 0
          ? 'nothing to size'
          : `capital × f = ${fmt(capital * f, 2)} is less than one contract`
        : `floor(${fmt(capital, 2)} × ${fmt(f, 6)} / ${fmt(perContract, 2)}) = ${count}`;
  } else if (count === byMargin) {
    bound =
      count === 0
        ? `free margin ${fmt(freeMargin, 2)} (capital − ${fmt(inUse, 2)} in use) is less than the margin ${fmt(margin ?? 0, 2)} of one contract`
        : `${byFraction} by Kelly, limited by free margin ${fmt(freeMargin, 2)} / ${fmt(margin ?? 0, 2)} to ${count}`;
  } else if (count === byBudget) {
    bound =
      count === 0
        ? `risk budget ${fmt(budget ?? 0, 2)} is less than the ${fmt(riskPerContract ?? 0, 2)} one contract loses at its stop`
        : `${byFraction} by Kelly, limited by the risk budget ${fmt(budget ?? 0, 2)} / ${fmt(riskPerContract ?? 0, 2)} to ${count}`;
  } else {
    bound =
      count === 0
        ? 'maxContracts is 0'
        : `${byFraction} by Kelly, limited to maxContracts ${s.maxContracts}${weight === 1 ? '' : ` full-size (${byLimit} at weight ${weight})`}`;
  }
  return {
    count,
    fraction: (count * perContract) / capital,
    riskUsd: riskPerContract === undefined ? 0 : count * riskPerContract,
    reason: `${bound} (${basisText})`,
    details: {
      basis: s.basis,
      perContract,
      kellyContracts: byFraction,
      ...(Number.isFinite(byMargin) ? { marginContracts: byMargin, freeMargin } : {}),
      ...(Number.isFinite(byBudget) ? { budgetContracts: byBudget } : {}),
      ...(riskPerContract === undefined ? {} : { riskPerContract }),
      maxContracts: s.maxContracts,
      ...(weight === 1 ? {} : { contractWeight: weight, contractLimit: byLimit }),
    },
  };
}
