import { instrumentId, US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import type { PreTradeRequest } from '../RiskCheck.js';
import { initialRiskControlState } from '../RiskControlState.js';
import { DEFAULT_RISK_LIMITS } from '../RiskLimits.js';

/** Used by tests only: a request that passes every default check, with overrides. */
export const ES = instrumentId('ESZ25.CME');
export const NQ = instrumentId('NQZ25.CME');
export const GC = instrumentId('GCZ25.COMEX');
export const CL = instrumentId('CLZ25.NYMEX');
export const NOW = Date.UTC(2025, 10, 3, 15, 0, 0) * 1000;

export function testRequest(overrides: Partial<PreTradeRequest> = {}): PreTradeRequest {
  return {
    order: { instrument: ES, side: 'BUY', quantity: 1, limitPrice: 6000, protectiveStop: 5995 },
    instrument: {
      instrument: ES,
      tradeable: true,
      pointValue: 50,
      tickSize: 0.25,
      rollDate: NOW + 30 * US_PER_DAY,
      marginPerContract: 20_000,
      sessionOpen: true,
    },
    positions: [],
    workingOrders: [],
    account: { equity: 100_000, peakEquity: 100_000, dailyPnl: 0 },
    market: { lastPrice: 6000, lastUpdate: NOW - US_PER_SECOND },
    control: initialRiskControlState(),
    recentOrderTimes: [],
    limits: DEFAULT_RISK_LIMITS,
    now: NOW,
    ...overrides,
  };
}
