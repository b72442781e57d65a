import { US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { exposureCheck, maxPositionCheck, maxPositionsCheck } from './bookChecks.js';
import { CL, ES, GC, NOW, NQ, testRequest } from './internal/testRequest.js';
import {
  circuitBreakerCheck,
  confidenceCheck,
  correlationCheck,
  DEFAULT_PRE_TRADE_CHECKS,
  dailyLossCheck,
  dataFreshnessCheck,
  drawdownCheck,
  emergencyStopCheck,
  exposureCorrelation,
  orderRateCheck,
  priceBandCheck,
  riskConfigCheck,
  symbolCheck,
  tradingEnabledCheck,
  tradingHoursCheck,
  volatilityCheck,
} from './preTradeChecks.js';
import type { PreTradeRequest, RiskCheck, RiskCheckContext } from './RiskCheck.js';
import { DEFAULT_BREAKER_EFFECTS, initialRiskControlState, type TrippedBreaker } from './RiskControlState.js';
import { DEFAULT_RISK_LIMITS, resolveRiskLimits } from './RiskLimits.js';
import { requestCheck } from './requestCheck.js';
import { riskCheckContext } from './riskCheckContext.js';
import type { PositionExposure } from './types.js';

function ctx(overrides: Partial<PreTradeRequest> = {}): RiskCheckContext {
  return riskCheckContext(testRequest(overrides));
}
const run = (check: RiskCheck, overrides: Partial<PreTradeRequest> = {}) => check.run(ctx(overrides));
const esLong = (quantity: number, markPrice = 6000): PositionExposure => ({
  instrument: ES,
  quantity,
  markPrice,
  pointValue: 50,
});
const other = (
  instrument: typeof NQ,
  quantity: number,
  markPrice = 1000,
  pointValue = 10,
): PositionExposure => ({
  instrument,
  quantity,
  markPrice,
  pointValue,
});

describe('the default request', () => {
  it('passes every default check', () => {
    for (const check of DEFAULT_PRE_TRADE_CHECKS) {
      expect(run(check).outcome, check.name).toBe('pass');
    }
  });
});

describe('requestCheck', () => {
  it.each([
    [{ quantity: 0 }, 'ORDER_QUANTITY_INVALID'],
    [{ quantity: -1 }, 'ORDER_QUANTITY_INVALID'],
    [{ quantity: 1.5 }, 'ORDER_QUANTITY_INVALID'],
    [{ quantity: Number.NaN }, 'ORDER_QUANTITY_INVALID'],
    [{ limitPrice: 0 }, 'ORDER_PRICE_INVALID'],
    [{ limitPrice: Number.POSITIVE_INFINITY }, 'ORDER_PRICE_INVALID'],
    [{ limitPrice: 6000.1 }, 'ORDER_PRICE_OFF_TICK'],
    [{ confidence: 1.2 }, 'ORDER_CONFIDENCE_INVALID'],
    [{ instrument: NQ }, 'ORDER_INSTRUMENT_MISMATCH'],
  ])('denies order %o with %s', (patch, code) => {
    const order = { ...testRequest().order, ...patch };
    expect(run(requestCheck, { order })).toMatchObject({ outcome: 'deny', code });
  });

  it('accepts a price on a 0.1 tick despite binary rounding', () => {
    const base = testRequest();
    const v = run(requestCheck, {
      order: { ...base.order, limitPrice: 1234.3, protectiveStop: 1230.1 },
      instrument: { ...base.instrument, tickSize: 0.1 },
    });
    expect(v.outcome).toBe('pass');
  });

  it('denies bad account, instrument and position figures', () => {
    const base = testRequest();
    expect(run(requestCheck, { account: { ...base.account, peakEquity: 0 } }).code).toBe(
      'ACCOUNT_STATE_INVALID',
    );
    expect(run(requestCheck, { account: { ...base.account, dailyPnl: Number.NaN } }).code).toBe(
      'ACCOUNT_STATE_INVALID',
    );
    expect(run(requestCheck, { instrument: { ...base.instrument, pointValue: 0 } }).code).toBe(
      'INSTRUMENT_SPEC_INVALID',
    );
    expect(run(requestCheck, { positions: [esLong(1.5)] }).code).toBe('POSITION_INVALID');
  });
});

describe('symbolCheck', () => {
  const window = DEFAULT_RISK_LIMITS.rolloverWarningUs;
  const at = (left: number, side: 'BUY' | 'SELL' = 'BUY', positions: PositionExposure[] = []) => {
    const base = testRequest();
    return run(symbolCheck, {
      instrument: { ...base.instrument, rollDate: NOW + left },
      order: { ...base.order, side },
      positions,
    });
  };
  it('passes just outside the warning window, warns at and inside it', () => {
    expect(at(window + 1)).toMatchObject({ outcome: 'pass', code: 'SYMBOL_OK' });
    expect(at(window)).toMatchObject({
      outcome: 'warn',
      code: 'SYMBOL_ROLL_APPROACHING',
      value: window,
      limit: window,
    });
    expect(at(window - 1).outcome).toBe('warn');
    expect(at(1).outcome).toBe('warn');
  });
  it('denies opening orders at and past the roll date, lets reducing orders through with a warning', () => {
    expect(at(0)).toMatchObject({ outcome: 'deny', code: 'SYMBOL_PAST_ROLL_DATE' });
    expect(at(-US_PER_DAY).outcome).toBe('deny');
    expect(at(-US_PER_DAY, 'SELL', [esLong(2)])).toMatchObject({
      outcome: 'warn',
      code: 'SYMBOL_PAST_ROLL_DATE',
    });
    // Selling more than held flips the position: not reducing.
    expect(at(-US_PER_DAY, 'SELL', [esLong(0)]).outcome).toBe('deny');
  });
  it('passes instruments without a roll date and denies untradeable ones', () => {
    const base = testRequest();
    expect(run(symbolCheck, { instrument: { ...base.instrument, rollDate: undefined } }).code).toBe(
      'SYMBOL_OK',
    );
    expect(run(symbolCheck, { instrument: { ...base.instrument, tradeable: false } })).toMatchObject({
      outcome: 'deny',
      code: 'SYMBOL_NOT_TRADEABLE',
    });
  });
});

describe('riskConfigCheck', () => {
  it('denies insane limits and names the field', () => {
    const v = run(riskConfigCheck, {
      limits: resolveRiskLimits({ maxDailyLossUsd: -5, maxOpenPositions: 0 }),
    });
    expect(v).toMatchObject({ outcome: 'deny', code: 'RISK_CONFIG_INVALID', value: 2 });
    expect(v.message).toContain('maxDailyLossUsd');
    expect(v.message).toContain('-5');
  });
});

describe('emergencyStopCheck', () => {
  const level = (
    l: 'NONE' | 'REDUCE_ONLY' | 'HALT' | 'FLATTEN',
    side: 'BUY' | 'SELL',
    quantity: number,
    held: number,
  ) => {
    const base = testRequest();
    return run(emergencyStopCheck, {
      control: { ...initialRiskControlState(), emergencyStop: { level: l } },
      order: { ...base.order, side, quantity },
      positions: [esLong(held)],
    }).outcome;
  };
  it('applies each level', () => {
    expect(level('NONE', 'BUY', 1, 0)).toBe('pass');
    expect(level('REDUCE_ONLY', 'BUY', 1, 0)).toBe('deny');
    expect(level('REDUCE_ONLY', 'SELL', 1, 2)).toBe('warn');
    expect(level('REDUCE_ONLY', 'SELL', 2, 2)).toBe('warn');
    expect(level('REDUCE_ONLY', 'SELL', 3, 2)).toBe('deny'); // flips
    expect(level('HALT', 'SELL', 1, 2)).toBe('deny');
    expect(level('FLATTEN', 'SELL', 2, 2)).toBe('warn');
    expect(level('FLATTEN', 'BUY', 1, 2)).toBe('deny');
  });
});

describe('circuitBreakerCheck', () => {
  const tripped = (kind: TrippedBreaker['kind']): TrippedBreaker => ({
    kind,
    effect: DEFAULT_BREAKER_EFFECTS[kind],
    trippedAt: NOW,
    actor: 'system:circuit-breaker',
    reason: 'test',
  });
  const withBreaker = (kind: TrippedBreaker['kind'], side: 'BUY' | 'SELL', held: number) => {
    const base = testRequest();
    return run(circuitBreakerCheck, {
      control: { ...initialRiskControlState(), breakers: { [kind]: tripped(kind) } },
      order: { ...base.order, side },
      positions: [esLong(held)],
    });
  };
  it('reduce-only breakers deny opening orders and pass reducing ones', () => {
    expect(withBreaker('DAILY_LOSS', 'BUY', 0)).toMatchObject({
      outcome: 'deny',
      code: 'CIRCUIT_BREAKER_TRIPPED',
      value: 1,
    });
    expect(withBreaker('DAILY_LOSS', 'SELL', 1).outcome).toBe('warn');
  });
  it('the stale-data breaker halts everything', () => {
    expect(withBreaker('STALE_DATA', 'SELL', 1)).toMatchObject({
      outcome: 'deny',
      code: 'CIRCUIT_BREAKER_HALT',
    });
  });
});

describe('tradingEnabledCheck and tradingHoursCheck', () => {
  it('deny when trading is off or the session closed', () => {
    expect(
      run(tradingEnabledCheck, { control: initialRiskControlState({ tradingEnabled: false }) }).code,
    ).toBe('TRADING_DISABLED');
    const base = testRequest();
    expect(run(tradingHoursCheck, { instrument: { ...base.instrument, sessionOpen: false } })).toMatchObject({
      outcome: 'deny',
      code: 'SESSION_CLOSED',
    });
  });
});

describe('orderRateCheck (limit 10 per minute, this order included)', () => {
  const withPrior = (n: number, spacingUs = US_PER_SECOND) =>
    run(orderRateCheck, { recentOrderTimes: Array.from({ length: n }, (_, i) => NOW - i * spacingUs) });
  it('warns above 8, passes 10 (at the limit), denies 11', () => {
    expect(withPrior(7)).toMatchObject({ outcome: 'pass', value: 8 });
    expect(withPrior(8)).toMatchObject({ outcome: 'warn', value: 9 });
    expect(withPrior(9)).toMatchObject({ outcome: 'warn', value: 10, limit: 10 });
    expect(withPrior(10)).toMatchObject({ outcome: 'deny', code: 'ORDER_RATE_EXCEEDED', value: 11 });
  });
  it('ignores orders a minute old or older, and times after now', () => {
    const old = Array.from({ length: 20 }, () => NOW - 60 * US_PER_SECOND);
    expect(run(orderRateCheck, { recentOrderTimes: [...old, NOW + 1] })).toMatchObject({
      outcome: 'pass',
      value: 1,
    });
    expect(
      run(orderRateCheck, {
        recentOrderTimes: Array.from({ length: 10 }, () => NOW - 60 * US_PER_SECOND + 1),
      }).outcome,
    ).toBe('deny');
  });
});

describe('maxPositionCheck (limit 5 contracts)', () => {
  const after = (held: number, side: 'BUY' | 'SELL', quantity: number) => {
    const base = testRequest();
    return run(maxPositionCheck, { positions: [esLong(held)], order: { ...base.order, side, quantity } });
  };
  it('checks |position| after the order at, just below and just above the limit', () => {
    expect(after(3, 'BUY', 1)).toMatchObject({ outcome: 'pass', value: 4 });
    expect(after(4, 'BUY', 1)).toMatchObject({ outcome: 'warn', value: 5, limit: 5 });
    expect(after(5, 'BUY', 1)).toMatchObject({ outcome: 'deny', code: 'POSITION_LIMIT', value: 6 });
    expect(after(-3, 'SELL', 3)).toMatchObject({ outcome: 'deny', value: 6 });
    expect(after(3, 'SELL', 9)).toMatchObject({ outcome: 'deny', value: 6 });
  });
});

describe('exposureCheck (gross notional with point value)', () => {
  it('counts other positions at their mark and this one at the order price', () => {
    // NQ 2 × 20,000 × 20 = 800,000; ES after 3 × 6,000 × 50 = 900,000 → 1,700,000.
    const base = testRequest();
    const v = run(exposureCheck, {
      positions: [esLong(2), { instrument: NQ, quantity: -2, markPrice: 20_000, pointValue: 20 }],
      order: { ...base.order, quantity: 1 },
    });
    expect(v).toMatchObject({ outcome: 'warn', value: 1_700_000, limit: 2_000_000 });
  });
  it('at, just below and just above the limit', () => {
    const limits = resolveRiskLimits({ maxNotionalUsd: 600_000 }); // 2 ES at 6,000 = 600,000
    const base = testRequest();
    // Valued at the worse (higher) of the order price and the last trade: move both together here.
    const at = (limitPrice: number) =>
      run(exposureCheck, {
        limits,
        positions: [esLong(1, limitPrice)],
        order: { ...base.order, limitPrice },
        market: { ...base.market, lastPrice: limitPrice },
      });
    expect(at(6000)).toMatchObject({ outcome: 'warn', value: 600_000 });
    expect(at(6000.25)).toMatchObject({ outcome: 'deny', code: 'EXPOSURE_LIMIT', value: 600_025 });
    // Warning zone starts strictly above 0.8 × 600,000 = 480,000 (2 contracts at 4,800).
    expect(at(4800)).toMatchObject({ outcome: 'pass', value: 480_000 });
    expect(at(4800.25)).toMatchObject({ outcome: 'warn', value: 480_025 });
    expect(at(4799.75).outcome).toBe('pass');
  });
});

describe('maxPositionsCheck (limit 3)', () => {
  it('counts instruments with a position after the order', () => {
    expect(run(maxPositionsCheck, { positions: [other(NQ, 1)] })).toMatchObject({
      outcome: 'pass',
      value: 2,
    });
    expect(run(maxPositionsCheck, { positions: [other(NQ, 1), other(GC, 1)] })).toMatchObject({
      outcome: 'warn',
      value: 3,
    });
    expect(run(maxPositionsCheck, { positions: [other(NQ, 1), other(GC, 1), other(CL, -1)] })).toMatchObject({
      outcome: 'deny',
      code: 'OPEN_POSITIONS_LIMIT',
      value: 4,
    });
    // Closing the ES position leaves it out of the count; zero positions never count.
    const base = testRequest();
    expect(
      run(maxPositionsCheck, {
        positions: [esLong(1), other(NQ, 1), other(GC, 1), other(CL, 0)],
        order: { ...base.order, side: 'SELL', quantity: 1 },
      }),
    ).toMatchObject({ value: 2 });
  });
});

describe('dailyLossCheck (limit 1,000 USD, warn > 800, breaker > 1,200)', () => {
  const loss = (l: number) =>
    run(dailyLossCheck, { account: { equity: 100_000, peakEquity: 100_000, dailyPnl: -l } });
  it('pass / warn / deny / trip at, below and above each threshold', () => {
    expect(loss(800)).toMatchObject({ outcome: 'pass', value: 800 });
    expect(loss(800.01).outcome).toBe('warn');
    expect(loss(1000)).toMatchObject({
      outcome: 'warn',
      code: 'DAILY_LOSS_WARNING',
      value: 1000,
      limit: 1000,
    });
    expect(loss(1000.01)).toMatchObject({ outcome: 'deny', code: 'DAILY_LOSS_LIMIT' });
    expect(loss(1200)).toMatchObject({ outcome: 'deny', code: 'DAILY_LOSS_LIMIT' });
    expect(loss(1200).tripBreaker).toBeUndefined();
    expect(loss(1200.01)).toMatchObject({
      outcome: 'deny',
      code: 'DAILY_LOSS_BREAKER',
      tripBreaker: 'DAILY_LOSS',
    });
  });
  it('a profit is no loss', () => {
    expect(loss(-5000)).toMatchObject({ outcome: 'pass', value: 0 });
  });
});

describe('dataFreshnessCheck (stale after 60 s, breaker after 300 s)', () => {
  const aged = (ageUs: number, lastPrice = 6000) =>
    run(dataFreshnessCheck, { market: { lastPrice, lastUpdate: NOW - ageUs } });
  it('at, just below and just above the limits', () => {
    expect(aged(48 * US_PER_SECOND).outcome).toBe('pass');
    expect(aged(48 * US_PER_SECOND + 1).outcome).toBe('warn');
    expect(aged(60 * US_PER_SECOND)).toMatchObject({ outcome: 'warn', code: 'DATA_AGING' });
    expect(aged(60 * US_PER_SECOND + 1)).toMatchObject({ outcome: 'deny', code: 'DATA_STALE' });
    expect(aged(300 * US_PER_SECOND).tripBreaker).toBeUndefined();
    expect(aged(300 * US_PER_SECOND + 1)).toMatchObject({ outcome: 'deny', tripBreaker: 'STALE_DATA' });
  });
  it('denies a non-positive price and warns on data from the future', () => {
    expect(aged(0, 0)).toMatchObject({ outcome: 'deny', code: 'PRICE_INVALID' });
    expect(aged(0, -1).code).toBe('PRICE_INVALID');
    expect(aged(-US_PER_SECOND)).toMatchObject({ outcome: 'warn', code: 'DATA_CLOCK_SKEW' });
  });
});

describe('drawdownCheck (limit 10 %, warn > 8 %)', () => {
  const dd = (equity: number) =>
    run(drawdownCheck, { account: { equity, peakEquity: 100_000, dailyPnl: 0 } });
  it('at, just below and just above the thresholds', () => {
    expect(dd(92_000).outcome).toBe('pass'); // exactly 8 %
    expect(dd(91_999).outcome).toBe('warn');
    expect(dd(90_000)).toMatchObject({ outcome: 'warn', value: 0.1, limit: 0.1 });
    expect(dd(89_999)).toMatchObject({ outcome: 'deny', code: 'DRAWDOWN_LIMIT', tripBreaker: 'DRAWDOWN' });
    expect(dd(120_000)).toMatchObject({ outcome: 'pass', value: 0 });
  });
});

describe('priceBandCheck (2 %, warn > 1.6 %)', () => {
  const limit = (limitPrice: number) => {
    const base = testRequest();
    return run(priceBandCheck, {
      order: { ...base.order, limitPrice },
      market: { ...base.market, lastPrice: 5000 },
    });
  };
  it('at, just below and just above the band', () => {
    expect(limit(5080)).toMatchObject({ outcome: 'pass' }); // 1.6 %
    expect(limit(5080.25).outcome).toBe('warn');
    expect(limit(5100)).toMatchObject({ outcome: 'warn', value: 0.02 });
    expect(limit(5100.25)).toMatchObject({ outcome: 'deny', code: 'PRICE_BAND_EXCEEDED' });
    expect(limit(4899.75).outcome).toBe('deny');
  });
  it('market orders pass', () => {
    const base = testRequest();
    const { limitPrice: _, ...market } = base.order;
    expect(run(priceBandCheck, { order: market }).code).toBe('PRICE_BAND_MARKET_ORDER');
  });
});

describe('confidenceCheck (minimum 0.6)', () => {
  const conf = (confidence?: number) => {
    const base = testRequest();
    return run(confidenceCheck, {
      order: confidence === undefined ? base.order : { ...base.order, confidence },
    });
  };
  it('at, just below and just above the floor', () => {
    expect(conf(0.6)).toMatchObject({ outcome: 'pass', value: 0.6 });
    expect(conf(0.5999)).toMatchObject({ outcome: 'deny', code: 'CONFIDENCE_TOO_LOW' });
    expect(conf(0.6001).outcome).toBe('pass');
    expect(conf()).toMatchObject({ outcome: 'pass', code: 'CONFIDENCE_NOT_APPLICABLE' });
  });
});

describe('volatilityCheck (ratio 3, warn > 2.4)', () => {
  const ratio = (realised: number) => {
    const base = testRequest();
    return run(volatilityCheck, {
      market: { ...base.market, volatility: { realisedPerBar: realised, baselinePerBar: 1 } },
    });
  };
  it('at, just below and just above the thresholds', () => {
    expect(ratio(2.4).outcome).toBe('pass');
    expect(ratio(2.41).outcome).toBe('warn');
    expect(ratio(3)).toMatchObject({ outcome: 'warn', code: 'VOLATILITY_ELEVATED', value: 3 });
    expect(ratio(3.01)).toMatchObject({
      outcome: 'deny',
      code: 'VOLATILITY_SPIKE',
      tripBreaker: 'VOLATILITY_SPIKE',
    });
  });
  it('without a reading passes as not applicable; a zero baseline warns', () => {
    expect(run(volatilityCheck).code).toBe('VOLATILITY_NOT_APPLICABLE');
    const base = testRequest();
    expect(
      run(volatilityCheck, {
        market: { ...base.market, volatility: { realisedPerBar: 1, baselinePerBar: 0 } },
      }).code,
    ).toBe('VOLATILITY_READING_INVALID');
  });
});

describe('correlationCheck (limit 0.7, warn > 0.56)', () => {
  // A common factor f plus an idiosyncratic part: corr(ES, NQ) = w / √(w² + (1 − w)²) for equal variances.
  const n = 400;
  const f = Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) + Math.sin(i * 1.91 + 1));
  const g = Array.from({ length: n }, (_, i) => Math.sin(i * 2.71 + 0.5) + Math.sin(i * 0.83 + 2));
  const mix = (w: number) => f.map((x, i) => w * x + (1 - w) * (g[i] as number));
  const withCorr = (w: number, side: 'BUY' | 'SELL', nqQty = 1) => {
    const base = testRequest();
    return run(correlationCheck, {
      order: { ...base.order, side },
      positions: [other(NQ, nqQty)],
      market: { ...base.market, returns: { [ES]: f, [NQ]: mix(w) } },
    });
  };
  it('signs the correlation by the order side and the position direction', () => {
    const buy = withCorr(0.9, 'BUY');
    expect(buy.outcome).toBe('deny');
    expect(buy.code).toBe('CORRELATION_LIMIT');
    expect(buy.value).toBeGreaterThan(0.7);
    expect(withCorr(0.9, 'SELL').outcome).toBe('pass'); // a hedge
    expect(withCorr(0.9, 'BUY', -1).outcome).toBe('pass'); // short NQ + long ES is a spread
  });
  it('at, just below and just above the limit (limit set to the measured value)', () => {
    const measured = withCorr(0.75, 'BUY').value as number;
    const base = testRequest();
    const at = (maxCorrelation: number) =>
      run(correlationCheck, {
        limits: resolveRiskLimits({ maxCorrelation }),
        positions: [other(NQ, 1)],
        market: { ...base.market, returns: { [ES]: f, [NQ]: mix(0.75) } },
      }).outcome;
    expect(at(measured)).toBe('warn');
    expect(at(measured - 1e-9)).toBe('deny');
    expect(at(measured / 0.8)).toBe('pass');
    expect(at(measured / 0.8 - 1e-6)).toBe('warn');
  });
  it('matches a hand computation of the exposure-weighted book correlation', () => {
    const base = testRequest();
    const c = ctx({
      positions: [other(NQ, 2, 100, 20), other(GC, -1, 2000, 100)],
      market: { ...base.market, returns: { [ES]: f, [NQ]: mix(0.5), [GC]: g } },
    });
    const book = f.map((_, i) => 2 * 100 * 20 * (mix(0.5)[i] as number) - 2000 * 100 * (g[i] as number));
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const mf = mean(f);
    const mb = mean(book);
    const cov = f.reduce((s, x, i) => s + (x - mf) * ((book[i] as number) - mb), 0);
    const sf = Math.sqrt(f.reduce((s, x) => s + (x - mf) ** 2, 0));
    const sb = Math.sqrt(book.reduce((s, x) => s + (x - mb) ** 2, 0));
    expect(exposureCorrelation(c)).toBeCloseTo(cov / (sf * sb), 12);
  });
  it('is not applicable without other positions and warns without data', () => {
    expect(run(correlationCheck).code).toBe('CORRELATION_NOT_APPLICABLE');
    expect(run(correlationCheck, { positions: [other(NQ, 1)] })).toMatchObject({
      outcome: 'warn',
      code: 'CORRELATION_DATA_MISSING',
    });
  });
});

describe('DEFAULT_PRE_TRADE_CHECKS', () => {
  it('follows the original system order and has unique names', () => {
    const names = DEFAULT_PRE_TRADE_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    const idx = (n: string) => names.indexOf(n);
    expect(idx('symbol')).toBeLessThan(idx('riskConfig'));
    expect(idx('riskConfig')).toBeLessThan(idx('emergencyStop'));
    expect(idx('emergencyStop')).toBeLessThan(idx('circuitBreaker'));
    expect(idx('circuitBreaker')).toBeLessThan(idx('tradingEnabled'));
    expect(idx('orderRate')).toBeLessThan(idx('maxPosition'));
    expect(idx('dailyLoss')).toBeLessThan(idx('dataFreshness'));
    expect(idx('dataFreshness')).toBeLessThan(idx('drawdown'));
  });
  it('exempts exactly the documented checks for reducing orders', () => {
    expect(DEFAULT_PRE_TRADE_CHECKS.filter((c) => c.reducingExempt).map((c) => c.name)).toEqual([
      'maxPosition',
      'exposure',
      'margin',
      'maxPositions',
      'dailyLoss',
      'tradeRisk',
      'riskBudget',
      'drawdown',
      'confidence',
      'volatility',
      'correlation',
    ]);
  });
  it('exempts exactly staleness, order rate and breakers for exits', () => {
    expect(DEFAULT_PRE_TRADE_CHECKS.filter((c) => c.exitExempt === true).map((c) => c.name)).toEqual([
      'circuitBreaker',
      'orderRate',
      'dataFreshness',
    ]);
  });
  it('every check produces a one-line message', () => {
    for (const check of DEFAULT_PRE_TRADE_CHECKS) {
      const v = run(check, { positions: [other(NQ, 1)] });
      expect(v.message.length, check.name).toBeGreaterThan(5);
      expect(v.code).toMatch(/^[A-Z][A-Z_]+$/);
    }
    expect(NOW + US_PER_DAY).toBeGreaterThan(NOW);
  });
});
