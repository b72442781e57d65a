import { exchangeTradeDate, type TradeDateRule } from '../oms/index.js';
import type { FillShortfall } from './smartExecution.js';

/** Implementation shortfall per exchange trade date. */
export interface DailyShortfall {
  readonly tradeDate: string;
  readonly fills: number;
  readonly contracts: number;
  /** Contract-weighted points over the decision price. */
  readonly points: number;
  readonly cost: number;
}

/**
 * Fills' implementation shortfall summed per exchange trade date (default CME: the session opening
 * 17:00 CT starts the next date), in the order the dates first appear; points are weighted by
 * contracts.
 *
 * @example
 * ```ts
 * import { dailyShortfall } from '@minhos/engine';
 * dailyShortfall([]); // []
 * ```
 */
export function dailyShortfall(fills: readonly FillShortfall[], rule?: TradeDateRule): DailyShortfall[] {
  const days = new Map<string, { fills: number; contracts: number; pq: number; cost: number }>();
  for (const f of fills) {
    const d = exchangeTradeDate(f.time, rule);
    const x = days.get(d) ?? { fills: 0, contracts: 0, pq: 0, cost: 0 };
    x.fills += 1;
    x.contracts += f.quantity;
    x.pq += f.points * f.quantity;
    x.cost += f.cost;
    days.set(d, x);
  }
  return [...days].map(([tradeDate, x]) => ({
    tradeDate,
    fills: x.fills,
    contracts: x.contracts,
    points: x.pq / x.contracts,
    cost: x.cost,
  }));
}
