import type { DtcAccountBalanceUpdate } from './dtcMessages.js';

/** An ACCOUNT_BALANCE_UPDATE in domain units (amounts in `currency`). */
export interface DtcAccountBalance {
  readonly tradeAccount: string;
  readonly currency: string;
  readonly cash: number;
  readonly availableForNewPositions: number;
  readonly marginRequirement: number;
  readonly openPositionsProfitLoss: number;
  readonly dailyProfitLoss: number;
  readonly unsolicited: boolean;
  readonly raw: DtcAccountBalanceUpdate;
}

/**
 * Converts an ACCOUNT_BALANCE_UPDATE to a {@link DtcAccountBalance}; `undefined` for the "no balances"
 * marker. Pure.
 *
 * @example
 * ```ts
 * import { dtcAccountBalanceFromUpdate, parseDtcServerMessage } from '@minhos/sierra';
 * const r = parseDtcServerMessage({ Type: 600, TradeAccount: 'Sim1', CashBalance: 50000 });
 * if (r.kind === 'message' && r.message.Type === 600) dtcAccountBalanceFromUpdate(r.message)?.cash; // 50000
 * ```
 */
export function dtcAccountBalanceFromUpdate(m: DtcAccountBalanceUpdate): DtcAccountBalance | undefined {
  if (m.NoAccountBalances === 1) return undefined;
  return {
    tradeAccount: m.TradeAccount,
    currency: m.AccountCurrency,
    cash: m.CashBalance,
    availableForNewPositions: m.BalanceAvailableForNewPositions,
    marginRequirement: m.MarginRequirement,
    openPositionsProfitLoss: m.OpenPositionsProfitLoss,
    dailyProfitLoss: m.DailyProfitLoss,
    unsolicited: m.Unsolicited === 1,
    raw: m,
  };
}
