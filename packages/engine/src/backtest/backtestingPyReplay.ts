import { MinhosError, type TimestampUs } from '@minhos/core';
import type { ClosedTrade } from './ClosedTrade.js';

/** An OHLC bar as the replay reads it (time µs, prices in price units). */
export interface ReplayBar {
  /** Bar time, µs. */
  readonly time: TimestampUs;
  /** Opening price: market orders placed on the previous bar fill here. */
  readonly open: number;
  /** Closing price: equity is marked here and the strategy decides here. */
  readonly close: number;
}

/** What a strategy can do from inside {@link backtestingPyReplay}, at the close of bar `i`. */
export interface ReplayContext {
  /** Net position in units (sum of open trades' signed sizes). */
  readonly positionSize: number;
  /**
   * Queue a market buy for the next bar's open. `size` in (0, 1) is a fraction of available
   * margin turned into whole units at fill time; a whole number ≥ 1 is that many units.
   */
  buy(size: number): void;
  /** Queue a market sell (short or reduce); `size` as for `buy`. */
  sell(size: number): void;
  /** Queue closing every open trade at the next bar's open (ahead of other queued orders). */
  closePosition(): void;
}

/** A strategy for {@link backtestingPyReplay}: warm-up length plus a decision at each bar close. */
export interface ReplayStrategy {
  /**
   * Bars whose indicators are still undefined (backtesting.py: the largest index of a first
   * non-NaN indicator value). Decisions start at bar `warmupBars + 1`.
   */
  readonly warmupBars: number;
  /** Called at the close of bar `i` (bars `0..i` known) to queue orders. */
  onBar(i: number, ctx: ReplayContext): void;
}

/** Broker settings, as backtesting.py's `Backtest(...)` arguments of the same meaning. */
export interface ReplayOptions {
  /** Starting cash (> 0). */
  readonly cash: number;
  /** Fixed commission per fill, currency (default 0). */
  readonly commissionFixed?: number;
  /** Commission as a fraction of the fill value, in [−0.1, 0.1) (default 0). */
  readonly commissionRelative?: number;
  /** Bid-ask spread as a fraction of price, paid on entry (default 0). */
  readonly spread?: number;
  /** Margin requirement in (0, 1]; leverage is its inverse (default 1). */
  readonly margin?: number;
  /** Close the trades still open at the end at the LAST bar's open (default true). */
  readonly finalizeTrades?: boolean;
}

/** What {@link backtestingPyReplay} produces: the inputs {@link backtestingPyStats} needs. */
export interface ReplayResult {
  /** Equity at each bar close (warm-up bars carry the first marked value, as backtesting.py back-fills). */
  readonly equity: Float64Array;
  /** Closed trades in the order they closed. */
  readonly trades: readonly ClosedTrade[];
  /** Trades still open at the end (only when `finalizeTrades` is false). */
  readonly openTrades: number;
  /** True when equity fell to 0 or below and the run stopped, as backtesting.py's out-of-money rule. */
  readonly outOfMoney: boolean;
}

interface OpenTrade {
  size: number;
  readonly entryPrice: number;
  readonly entryBar: number;
}

interface MarketOrder {
  readonly size: number;
  readonly parent?: OpenTrade;
}

function invalid(message: string): MinhosError {
  return new MinhosError('INVALID_REPLAY_INPUT', `backtestingPyReplay: ${message}`);
}

function checkSize(size: number): void {
  if (!((size > 0 && size < 1) || (Number.isInteger(size) && size >= 1))) {
    throw invalid(`size must be a fraction in (0, 1) or a whole number of units ≥ 1, got ${size}`);
  }
}

class OutOfMoney extends Error {}

/**
 * The reference-semantics simulator: replays market orders under kernc/backtesting.py 0.6.6's
 * broker rules, so a whole pipeline bars → trades → statistics can be compared with the tool.
 * The rules: an order queued at bar i's close fills at bar i+1's OPEN; a fractional size becomes
 * `floor(available margin × leverage × size / (price·(1 ± spread) + commission / size))` whole
 * units at fill time (an order of 0 units is dropped); opposite trades are closed first-in
 * first-out at the unadjusted open; an order that does not fit the margin is dropped; entry pays
 * the spread and a commission on the adjusted price, exit a commission on the exit price; equity
 * is cash plus open P&L at each close; trades still open at the end exit at the last bar's open.
 * Limit, stop, SL/TP, hedging, exclusive orders and trade-on-close are not modelled.
 *
 * @example
 * ```ts
 * import { backtestingPyReplay, backtestingPyStats, smaCrossover } from '@minhos/engine';
 * const bars = [10, 11, 12, 11, 10, 11, 12, 13].map((close, i) => ({ time: i * 86_400_000_000, open: close, close }));
 * const run = backtestingPyReplay(bars, smaCrossover(bars, { fast: 2, slow: 3, size: 1 }), { cash: 1000 });
 * const stats = backtestingPyStats({ bars, equity: run.equity, trades: run.trades, warmupBars: 2 });
 * ```
 */
export function backtestingPyReplay(
  bars: readonly ReplayBar[],
  strategy: ReplayStrategy,
  options: ReplayOptions,
): ReplayResult {
  const n = bars.length;
  const fixed = options.commissionFixed ?? 0;
  const relative = options.commissionRelative ?? 0;
  const spread = options.spread ?? 0;
  const margin = options.margin ?? 1;
  if (!(options.cash > 0)) throw invalid(`cash must be > 0, got ${options.cash}`);
  if (!(fixed >= 0)) throw invalid(`commissionFixed must be ≥ 0, got ${fixed}`);
  if (!(relative >= -0.1 && relative < 0.1))
    throw invalid(`commissionRelative must be in [−0.1, 0.1), got ${relative}`);
  if (!(margin > 0 && margin <= 1)) throw invalid(`margin must be in (0, 1], got ${margin}`);
  if (!(Number.isInteger(strategy.warmupBars) && strategy.warmupBars >= 0)) {
    throw invalid(`strategy.warmupBars must be a whole number ≥ 0, got ${strategy.warmupBars}`);
  }
  const leverage = 1 / margin;
  const commission = (size: number, price: number): number => fixed + Math.abs(size) * price * relative;

  let cash = options.cash;
  let bar = 0;
  const trades: OpenTrade[] = [];
  let orders: MarketOrder[] = [];
  const closed: ClosedTrade[] = [];
  const equity = new Float64Array(n).fill(Number.NaN);

  const lastPrice = (): number => (bars[bar] as ReplayBar).close;
  const equityNow = (): number => {
    let e = cash;
    for (const t of trades) e += t.size * (lastPrice() - t.entryPrice);
    return e;
  };
  const marginAvailable = (): number => {
    let used = 0;
    for (const t of trades) used += (Math.abs(t.size) * lastPrice()) / leverage;
    return Math.max(0, equityNow() - used);
  };

  const closeTrade = (trade: OpenTrade, price: number): void => {
    trades.splice(trades.indexOf(trade), 1);
    const exitCommission = commission(trade.size, price);
    cash += trade.size * (price - trade.entryPrice) - exitCommission;
    const total = exitCommission + commission(trade.size, trade.entryPrice);
    closed.push({
      size: trade.size,
      entryBar: trade.entryBar,
      exitBar: bar,
      entryPrice: trade.entryPrice,
      exitPrice: price,
      pnl: trade.size * (price - trade.entryPrice) - total,
      commission: total,
    });
  };
  const reduceTrade = (trade: OpenTrade, price: number, size: number): void => {
    const left = trade.size + size;
    if (left === 0) {
      closeTrade(trade, price);
      return;
    }
    trade.size = left;
    const part: OpenTrade = { size: -size, entryPrice: trade.entryPrice, entryBar: trade.entryBar };
    trades.push(part);
    closeTrade(part, price);
  };

  const processOrders = (): void => {
    const price = (bars[bar] as ReplayBar).open;
    for (const order of [...orders]) {
      if (!orders.includes(order)) continue;
      orders = orders.filter((o) => o !== order);
      if (order.parent !== undefined) {
        const trade = order.parent;
        const size = Math.sign(order.size) * Math.min(Math.abs(trade.size), Math.abs(order.size));
        if (trades.includes(trade)) reduceTrade(trade, price, size);
        continue;
      }
      const adjusted = price * (1 + Math.sign(order.size) * spread);
      const perUnit = adjusted + commission(order.size, price) / Math.abs(order.size);
      let need = order.size;
      if (need > -1 && need < 1) {
        need = Math.sign(need) * Math.floor((marginAvailable() * leverage * Math.abs(need)) / perUnit);
        if (need === 0) continue;
      }
      for (const trade of [...trades]) {
        if (trade.size > 0 === need > 0) continue;
        if (Math.abs(need) >= Math.abs(trade.size)) {
          closeTrade(trade, price);
          need += trade.size;
        } else {
          reduceTrade(trade, price, need);
          need = 0;
        }
        if (need === 0) break;
      }
      if (Math.abs(need) * perUnit > marginAvailable() * leverage) continue;
      if (need !== 0) {
        trades.push({ size: need, entryPrice: adjusted, entryBar: bar });
        cash -= commission(need, adjusted);
      }
    }
  };

  const brokerNext = (): void => {
    processOrders();
    const e = equityNow();
    equity[bar] = e;
    if (e <= 0) {
      for (const t of [...trades]) closeTrade(t, lastPrice());
      cash = 0;
      equity.fill(0, bar);
      throw new OutOfMoney();
    }
  };

  const ctx: ReplayContext = {
    get positionSize() {
      return trades.reduce((s, t) => s + t.size, 0);
    },
    buy(size) {
      checkSize(size);
      orders.push({ size });
    },
    sell(size) {
      checkSize(size);
      orders.push({ size: -size });
    },
    closePosition() {
      for (const t of trades) orders.unshift({ size: -t.size, parent: t });
    },
  };

  const start = 1 + strategy.warmupBars;
  let outOfMoney = false;
  for (bar = start; bar < n; bar++) {
    try {
      brokerNext();
    } catch (e) {
      if (!(e instanceof OutOfMoney)) throw e;
      outOfMoney = true;
      break;
    }
    strategy.onBar(bar, ctx);
  }
  if (!outOfMoney && (options.finalizeTrades ?? true)) {
    for (const t of [...trades].reverse()) orders.unshift({ size: -t.size, parent: t });
    if (start < n) {
      bar = n - 1;
      try {
        brokerNext();
      } catch (e) {
        if (!(e instanceof OutOfMoney)) throw e;
        outOfMoney = true;
      }
    }
  }

  // backtesting.py back-fills the unmarked warm-up bars, then fills what is left with the cash.
  let next = Number.NaN;
  for (let i = n - 1; i >= 0; i--) {
    if (Number.isNaN(equity[i] as number)) equity[i] = next;
    else next = equity[i] as number;
  }
  for (let i = 0; i < n; i++) if (Number.isNaN(equity[i] as number)) equity[i] = cash;

  return { equity, trades: closed, openTrades: trades.length, outOfMoney };
}
