import { describe, expect, it } from 'vitest';
import { futuresStats } from './futuresStats.js';
import { leanSharpeRatio } from './leanSharpeRatio.js';

const utc = (d: number, h: number, m = 0): number => Date.UTC(2025, 6, d, h, m) * 1000;

describe('futuresStats', () => {
  // ES (50 $/pt), 2.5 $ per contract per fill. Jul 1 2025 is a Tuesday; 22:00 UTC = 17:00 CDT.
  const trades = [
    { quantity: 2, entryTime: utc(1, 14), exitTime: utc(1, 21, 59), entryPrice: 6000, exitPrice: 6001.5 },
    { quantity: -1, entryTime: utc(1, 22, 1), exitTime: utc(2, 14), entryPrice: 6002, exitPrice: 6004.25 },
  ];
  const equity = [
    { time: utc(1, 21, 59), equity: 100_140 }, // 16:59 CDT → trade date Jul 1
    { time: utc(1, 22, 1), equity: 100_120 }, // 17:01 CDT → already Jul 2
    { time: utc(2, 14), equity: 100_022.5 }, // Jul 2
  ];
  const base = { trades, pointValue: 50, commissionPerContract: 2.5, startingEquity: 100_000, equity };

  it('computes currency P&L from contracts, point value and per-contract commissions', () => {
    const s = futuresStats(base);
    expect(s.tradePnl).toEqual([2 * 1.5 * 50 - 2 * 2 * 2.5, -1 * 2.25 * 50 - 2 * 1 * 2.5]);
    expect(s.grossPnl).toBe(150 - 112.5);
    expect(s.commissions).toBe(15);
    expect(s.netPnl).toBe(22.5);
    expect(s.winRate).toBe(0.5);
    expect(s.averageWin).toBe(140);
    expect(s.averageLoss).toBe(-117.5);
    expect(s.totalReturnPct).toBeCloseTo(0.0225, 12);
    expect(s.maxDrawdown).toBeCloseTo(117.5, 9);
    expect(s.maxDrawdownPct).toBeCloseTo((117.5 / 100_140) * 100, 12);
  });

  it('cuts days at the CME session open (17:00 America/Chicago), not at UTC midnight', () => {
    const s = futuresStats(base);
    expect(s.days.map((d) => d.tradeDate)).toEqual(['2025-07-01', '2025-07-02']);
    expect(s.days[0]).toMatchObject({ tradeDate: '2025-07-01', equity: 100_140, pnl: 140 });
    expect(s.days[0]?.return).toBeCloseTo(0.0014, 15);
    expect(s.days[1]?.pnl).toBeCloseTo(-117.5, 9);
    expect(s.days[1]?.return).toBeCloseTo(-117.5 / 100_140, 15);
    // A UTC-midnight rule would put the 16:59 and 17:01 CDT marks on one day.
    const utcDays = futuresStats({ ...base, tradeDateRule: { timeZone: 'UTC', sessionOpenMinute: 24 * 60 } });
    expect(utcDays.days.map((d) => d.tradeDate)).toEqual(['2025-07-01', '2025-07-02']);
    expect(utcDays.days[0]?.equity).toBe(100_120);
  });

  it('reports N/A (null) on samples too small to mean anything, numbers once they are large enough', () => {
    const small = futuresStats(base);
    expect([small.sqn, small.profitFactor, small.payoffRatio]).toEqual([null, null, null]);
    expect([small.sharpeRatio, small.sortinoRatio, small.annualVolatilityPct, small.annualReturnPct]).toEqual(
      [null, null, null, null],
    );
    const s = futuresStats({ ...base, minTrades: 2, minTradeDays: 2 });
    expect(s.profitFactor).toBeCloseTo(140 / 117.5, 12);
    expect(s.payoffRatio).toBeCloseTo(140 / 117.5, 12);
    const m = (140 - 117.5) / 2;
    const sd = Math.sqrt((140 - m) ** 2 + (-117.5 - m) ** 2);
    expect(s.sqn).toBeCloseTo((Math.sqrt(2) * m) / sd, 12);
    const r = s.days.map((d) => d.return);
    const rm = (r[0]! + r[1]!) / 2;
    const rsd = Math.sqrt((r[0]! - rm) ** 2 + (r[1]! - rm) ** 2);
    expect(s.sharpeRatio).toBeCloseTo((rm / rsd) * Math.sqrt(252), 10);
    expect(s.sortinoRatio).toBeCloseTo((rm / Math.sqrt(r[1]! ** 2 / 2)) * Math.sqrt(252), 10);
    expect(s.annualReturnPct).toBeCloseTo(((1 + r[0]!) * (1 + r[1]!)) ** 126 * 100 - 100, 8);
    // The futures Sharpe is LEAN's (arithmetic mean, sample std, √252) when the risk-free rate is 0.
    expect(s.sharpeRatio).toBeCloseTo(leanSharpeRatio(r) as number, 12);
  });

  it('without trades or marks the trade figures are null, not 0', () => {
    const s = futuresStats({ ...base, trades: [], equity: [] });
    expect([s.winRate, s.expectancy, s.averageWin, s.averageLoss]).toEqual([null, null, null, null]);
    expect(s.endingEquity).toBe(100_000);
    expect(s.days).toEqual([]);
  });

  it.each([
    [{ pointValue: 0 }, /pointValue must be a positive/],
    [{ commissionPerContract: -1 }, /commissionPerContract must be ≥ 0/],
    [{ startingEquity: 0 }, /startingEquity must be positive/],
    [{ trades: [{ ...trades[0]!, quantity: 1.5 }] }, /trade 0: quantity must be a non-zero whole number/],
    [{ trades: [{ ...trades[0]!, exitTime: 0 }] }, /trade 0: exitTime 0 µs is before entryTime/],
    [{ equity: [equity[1]!, equity[0]!] }, /mark 1 at .* follows/],
    [{ minTrades: 0 }, /minTrades must be a whole number ≥ 1/],
  ])('rejects %o by name', (patch, message) => {
    expect(() => futuresStats({ ...base, ...patch })).toThrow(message);
  });
});

describe('leanSharpeRatio', () => {
  it('is the arithmetic-mean, sample-std Sharpe annualised by 252 (numpy reference 7.058578427117226)', () => {
    expect(leanSharpeRatio([0.01, -0.005, 0.002, 0.004])).toBeCloseTo(7.058578427117226, 12);
    expect(leanSharpeRatio([0.01])).toBeNull();
    expect(leanSharpeRatio([0.01, 0.01])).toBeNull();
  });
});
