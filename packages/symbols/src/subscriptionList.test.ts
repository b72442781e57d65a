import { describe, expect, it } from 'vitest';
import { contractRegistry, defineContract, ES, subscriptionList } from './index.js';

const SYMBOLS = [
  { root: 'ES', priority: 2 },
  { root: 'NQ', priority: 1 },
  { root: 'VIX', priority: 3 },
  { root: 'EURUSD', priority: 4, enabled: false },
  { root: 'XAUUSD', priority: 5, enabled: false },
];

describe('subscriptionList', () => {
  it('puts the primary first, then enabled roots by priority, resolving front months', () => {
    const subs = subscriptionList(SYMBOLS, { at: '2025-07-25', primary: 'ES' });
    expect(subs.map((s) => [s.sierraSymbol, s.id, s.role, s.primary, s.assetClass])).toEqual([
      ['ESU25-CME', 'ESU25.CME', 'front', true, 'equity_index_future'],
      ['NQU25-CME', 'NQU25.CME', 'front', false, 'equity_index_future'],
      ['VIX_CGI', 'VIX.CBOE', 'spot', false, 'index'],
    ]);
  });

  it('follows the roll and can pre-subscribe the next contract', () => {
    const opts = { primary: 'NQ', rolls: { NQ: { kind: 'calendarDaysBeforeExpiry', days: 10 } as const } };
    expect(subscriptionList(SYMBOLS, { ...opts, at: '2025-09-09' })[0]?.id).toBe('NQZ25.CME');
    const near = subscriptionList(SYMBOLS, { ...opts, at: '2025-09-01', includeNextWithinDays: 15 });
    expect(near.map((s) => `${s.id}:${s.role}`)).toEqual([
      'NQU25.CME:front',
      'NQZ25.CME:next',
      'ESU25.CME:front',
      'ESZ25.CME:next',
      'VIX.CBOE:spot',
    ]);
    // A disabled primary is still subscribed; unknown roots are configuration errors.
    expect(subscriptionList(SYMBOLS, { at: '2025-07-25', primary: 'EURUSD' })[0]?.id).toBe('EURUSD.FX');
    expect(() => subscriptionList([{ root: 'ZB' }], { at: '2025-07-25' })).toThrow(
      /unknown contract root "ZB"/,
    );
    expect(subscriptionList([], { at: '2025-07-25' })).toEqual([]);
  });

  it('uses user-defined products from the registry', () => {
    const registry = contractRegistry([defineContract({ ...ES, root: 'M2K', pointValue: 5 })]);
    const subs = subscriptionList([{ root: 'M2K' }], { at: '2025-07-25', registry });
    expect(subs[0]?.sierraSymbol).toBe('M2KU25-CME');
  });
});
