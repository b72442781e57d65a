import { netRealizedPnl, type Position, type TimestampUs, unrealizedPnl } from '@minhos/core';
import { exchangeTradeDate, type TradeDateRule } from './exchangeTradeDate.js';

/** The persisted part of the account: what cannot be recomputed from positions and marks. */
export interface AccountState {
  /** Capital before any MinhOS trade, in the account currency. */
  readonly startingCapital: number;
  /** Highest equity seen. */
  readonly peakEquity: number;
  /** Exchange trade date (`YYYY-MM-DD`) of `dayStartEquity`. */
  readonly tradeDate: string;
  /** Equity at the start of `tradeDate`; daily P&L is measured from it. */
  readonly dayStartEquity: number;
}

/** Account figures at one instant. Money in the account currency. */
export interface AccountFigures {
  readonly equity: number;
  /** Realized P&L net of commissions, all time. */
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  readonly commissions: number;
  /** Σ |contracts| × initial margin per contract. */
  readonly marginInUse: number;
  /** Equity now − equity at the start of the current exchange trade date. */
  readonly dailyPnl: number;
  readonly peakEquity: number;
  /** (peak − equity) / peak, 0..1. */
  readonly drawdown: number;
  readonly tradeDate: string;
}

/** What {@link accountFigures} needs per instrument. */
export interface InstrumentEconomics {
  readonly marginPerContract: number;
}

/**
 * Computes equity, margin in use, daily P&L on the exchange trade date, peak equity and drawdown,
 * and the next persisted {@link AccountState} (a new trade date starts from the equity at its first
 * observation; a new high moves the peak). Pure: the same inputs give the same figures live and in
 * backtests.
 */
export function accountFigures(
  state: AccountState,
  positions: Iterable<Position>,
  marks: ReadonlyMap<string, number>,
  economics: (instrumentId: string) => InstrumentEconomics | undefined,
  now: TimestampUs,
  rule?: TradeDateRule,
): { readonly figures: AccountFigures; readonly next: AccountState } {
  let realized = 0;
  let unrealized = 0;
  let commissions = 0;
  let margin = 0;
  for (const p of positions) {
    realized += netRealizedPnl(p);
    commissions += p.commissions;
    if (p.quantity !== 0) {
      const mark = marks.get(p.instrumentId) ?? p.avgPrice;
      unrealized += unrealizedPnl(p, mark);
      margin += Math.abs(p.quantity) * (economics(p.instrumentId)?.marginPerContract ?? 0);
    }
  }
  const equity = state.startingCapital + realized + unrealized;
  const tradeDate = exchangeTradeDate(now, rule);
  const newDay = tradeDate > state.tradeDate;
  const dayStartEquity = newDay ? equity : state.dayStartEquity;
  const peakEquity = Math.max(state.peakEquity, equity);
  const next: AccountState = {
    startingCapital: state.startingCapital,
    peakEquity,
    tradeDate: newDay ? tradeDate : state.tradeDate,
    dayStartEquity,
  };
  return {
    figures: {
      equity,
      realizedPnl: realized,
      unrealizedPnl: unrealized,
      commissions,
      marginInUse: margin,
      dailyPnl: equity - dayStartEquity,
      peakEquity,
      drawdown: peakEquity > 0 ? Math.max(0, (peakEquity - equity) / peakEquity) : 0,
      tradeDate: next.tradeDate,
    },
    next,
  };
}
