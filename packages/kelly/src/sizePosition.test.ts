import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_KELLY_SETTINGS } from './KellySettings.js';
import { type SizingInput, sizePosition } from './sizePosition.js';
import { tradeStats } from './tradeStats.js';

const ES = { price: 5000, pointValue: 50 }; // $250,000 notional per contract
const STOP = { stopDistance: 8, roundTripCostUsd: 17.5 }; // $417.50 lost at the stop per contract

describe('sizePosition', () => {
  it('records every step of a worked ES example on the default risk basis (values computed by hand)', () => {
    const d = sizePosition({
      capital: 100_000,
      ...ES,
      ...STOP,
      winProbability: 0.58,
      payoff: { averageWin: 600, averageLoss: 400 },
      costPerTrade: 17.5,
      realizedAnnualizedVolatility: 0.25,
      drawdown: 0.06,
    });
    expect(d.steps.map((s) => s.name)).toEqual([
      'winProbability',
      'kelly',
      'fractionalKelly',
      'cap',
      'volatility',
      'portfolioHeat',
      'drawdown',
      'contracts',
    ]);
    const out = Object.fromEntries(d.steps.map((s) => [s.name, s.outputFraction]));
    expect(out.winProbability).toBe(0.58);
    // b = 582.5 / 417.5 = 1.39521; f* = 0.58 − 0.42 / b
    expect(d.payoffRatio).toBeCloseTo(1.3952095808383234, 14);
    expect(out.kelly).toBeCloseTo(0.27896995708154504, 14);
    expect(d.steps[1]?.inputFraction).toBeCloseTo(0.58 - 0.42 / 1.5, 14); // before costs
    expect(out.fractionalKelly).toBeCloseTo(0.06974248927038626, 14);
    expect(out.cap).toBe(0.01); // maxRiskFraction 1 %
    expect(out.volatility).toBeCloseTo(0.008, 15); // × 0.2/0.25
    expect(out.portfolioHeat).toBeCloseTo(0.008, 15);
    // x = (0.06 − 0.05) / 0.05 = 0.2: × (e^−0.2 − e^−1) / (1 − e^−1) = 0.71317
    const dd = (Math.exp(-0.2) - Math.exp(-1)) / (1 - Math.exp(-1));
    expect(out.drawdown).toBeCloseTo(0.008 * dd, 15);
    // floor(100,000 × 0.0057059 / (8 × 50 + 17.5)) = floor(1.367) = 1
    expect(d.contracts).toBe(1);
    expect(d.riskUsd).toBe(417.5);
    expect(out.contracts).toBeCloseTo(0.004175, 15);
    expect(d.zeroReason).toBeUndefined();
    expect(d.steps[1]?.reason).toBe(
      'f* = p − q/b = 0.58 − 0.42/1.3952 = 0.279 (b 1.5 before costs of 17.5 per trade)',
    );
    expect(d.steps[7]?.reason).toBe(
      'floor(100000 × 0.005706 / 417.5) = 1 (risk 8 × 50 + 17.5 = 417.5 per contract)',
    );
  });

  it('trades a real account by default: $100k, ES, 8-point stop → 2 contracts, $834 at risk', () => {
    const d = sizePosition({
      capital: 100_000,
      price: 6000,
      pointValue: 50,
      ...STOP,
      winProbability: 0.58,
      payoff: { averageWin: 600, averageLoss: 400 },
    });
    expect(d.settings.basis).toBe('risk');
    expect(d.contracts).toBe(2);
    expect(d.riskUsd).toBe(835);
    // The same account on the original notional basis (5 % cap): one ES needs $6M.
    const notional = sizePosition({
      capital: 100_000,
      price: 6000,
      pointValue: 50,
      winProbability: 0.58,
      payoff: { averageWin: 600, averageLoss: 400 },
      settings: { basis: 'notional' },
    });
    expect(notional.contracts).toBe(0);
    expect(notional.zeroReason).toMatch(/less than one contract/);
  });

  it('reduces size by 1 − λmin/λmax of the open positions, floored at 0.1', () => {
    const base = {
      capital: 1_000_000,
      ...ES,
      ...STOP,
      winProbability: 0.58,
      payoff: { averageWin: 600, averageLoss: 400 },
      costPerTrade: 17.5,
      realizedAnnualizedVolatility: 0.25,
      drawdown: 0.06,
      settings: { maxContracts: 100 },
    };
    const d = sizePosition({
      ...base,
      openPositionCorrelation: [
        [1, 0.5],
        [0.5, 1],
      ],
    });
    const heat = d.steps[5]!;
    expect(heat.details.heat).toBeCloseTo(2 / 3, 14);
    expect(heat.outputFraction / heat.inputFraction).toBeCloseTo(1 / 3, 14);
    const dd = (Math.exp(-0.2) - Math.exp(-1)) / (1 - Math.exp(-1));
    expect(d.fraction).toBeCloseTo((0.01 * 0.8 * dd) / 3, 14);
    expect(d.contracts).toBe(4); // floor(1e6 × 0.0019018 / 417.5) = floor(4.56)
    const hot = sizePosition({
      ...base,
      openPositionCorrelation: [
        [1, 0.99],
        [0.99, 1],
      ],
    }).steps[5]!;
    expect(hot.outputFraction / hot.inputFraction).toBeCloseTo(0.1, 14);
  });

  it('caps at maxRiskFraction, then maxContracts, free margin or the risk budget, whichever binds', () => {
    const strong = { ...ES, ...STOP, winProbability: 0.7, payoff: { averageWin: 2, averageLoss: 1 } };
    // f* = 0.55, quarter = 0.1375 → capped to 0.01; 1e6 × 0.01 / 417.5 = 23 contracts by Kelly
    const capped = sizePosition({ capital: 1e6, ...strong });
    expect(capped.steps[3]?.details.binding).toBe(true);
    expect(capped.fraction).toBe(0.01);
    expect(capped.contracts).toBe(5);
    expect(capped.steps[7]?.reason).toMatch(/^23 by Kelly, limited to maxContracts 5/);
    const wide = { settings: { maxContracts: 100 } };
    expect(sizePosition({ capital: 1e6, ...strong, ...wide }).contracts).toBe(23);
    // Free margin: $1M equity, $900k already committed, $12k a contract → 8.
    const margin = sizePosition({
      capital: 1e6,
      ...strong,
      ...wide,
      marginPerContract: 12_000,
      marginInUse: 900_000,
    });
    expect(margin.contracts).toBe(8);
    expect(margin.steps[7]?.reason).toMatch(/^23 by Kelly, limited by free margin 100000 \/ 12000 to 8/);
    // Risk budget: the gate's per-trade limit of $500 allows one ES with an 8-point stop.
    const budget = sizePosition({ capital: 1e6, ...strong, ...wide, riskBudgetUsd: 500 });
    expect(budget.contracts).toBe(1);
    expect(budget.riskUsd).toBeLessThanOrEqual(500);
    const none = sizePosition({ capital: 1e6, ...strong, riskBudgetUsd: 1 });
    expect(none.zeroReason).toMatch(/risk budget 1 is less than the 417.5 one contract loses at its stop/);
  });

  it("sizes by notional with basis 'notional' and names the cap it uses", () => {
    const d = sizePosition({
      capital: 1e8,
      ...ES,
      winProbability: 0.7,
      payoff: { averageWin: 2, averageLoss: 1 },
      settings: { basis: 'notional', maxContracts: 100 },
    });
    expect(d.fraction).toBe(0.05); // maxNotionalFraction
    expect(d.steps[3]?.reason).toMatch(/maxNotionalFraction 5% of capital \(notional basis\)/);
    expect(d.contracts).toBe(20); // 1e8 × 0.05 / 250,000
    const missing = sizePosition({
      capital: 100_000,
      ...ES,
      winProbability: 0.7,
      payoff: { averageWin: 2, averageLoss: 1 },
    });
    expect(missing.contracts).toBe(0);
    expect(missing.zeroReason).toMatch(/^contracts: basis 'risk' needs stopDistance/);
  });

  it('drawdown protection starts at half the gate limit and reduces exponentially to 0 at it, continuously', () => {
    const mult = (drawdown: number): number => {
      const s = sizePosition({
        capital: 1e9,
        ...ES,
        ...STOP,
        winProbability: 0.6,
        payoff: { averageWin: 1, averageLoss: 1 },
        drawdown,
      }).steps[6]!;
      return s.outputFraction / s.inputFraction;
    };
    expect(mult(0.05)).toBe(1);
    expect(mult(0.05 + 1e-9)).toBeCloseTo(1, 7);
    expect(mult(0.075)).toBeCloseTo((Math.exp(-0.5) - Math.exp(-1)) / (1 - Math.exp(-1)), 12); // 0.3775
    expect(mult(0.0999999)).toBeCloseTo(0, 5);
    expect(mult(0.07)).toBeGreaterThan(mult(0.08));
    const linear = (drawdown: number) =>
      sizePosition({
        capital: 1e9,
        ...ES,
        ...STOP,
        winProbability: 0.6,
        payoff: { averageWin: 1, averageLoss: 1 },
        drawdown,
        settings: { drawdownDecay: 0 },
      }).steps[6]!;
    const half = linear(0.075);
    expect(half.outputFraction / half.inputFraction).toBeCloseTo(0.5, 12);
  });

  it('walks equity down from the high-water mark: sizes shrink from 5 % drawdown and stop before the gate limit', () => {
    // $100k peak, ES with a 4-point stop ($200 + $17.50), 20 contracts allowed to show the path.
    const path = [100, 98, 96, 95, 94, 93, 92, 91, 90.5, 90, 89].map((k) => {
      const equity = k * 1000;
      return sizePosition({
        capital: equity,
        ...ES,
        stopDistance: 4,
        roundTripCostUsd: 17.5,
        winProbability: 0.6,
        payoff: { averageWin: 1, averageLoss: 1 },
        drawdown: 1 - equity / 100_000,
        settings: { maxContracts: 20 },
      }).contracts;
    });
    // 1 % of equity / 217.5, × (e^(−x) − e^(−1)) / (1 − e^(−1)) with x = (dd − 5 %) / 5 % past 5 %:
    // 4.60 4.51 4.41 4.37 | 3.08 2.05 1.21 0.54 0.25 0 0
    expect(path).toEqual([4, 4, 4, 4, 3, 2, 1, 0, 0, 0, 0]);
    for (let i = 1; i < path.length; i++) expect(path[i]).toBeLessThanOrEqual(path[i - 1] as number);
    // At 8 % drawdown (inside the gate's warning zone, not its 10 % limit) the size is already 1.
    expect(path[6]).toBe(1);
  });

  it('sizes to zero, with the reason in the step that zeroed it, on degenerate input', () => {
    const ok: SizingInput = {
      capital: 1e8,
      ...ES,
      ...STOP,
      winProbability: 0.6,
      payoff: { averageWin: 1, averageLoss: 1 },
    };
    expect(sizePosition(ok).contracts).toBeGreaterThan(0);
    const cases: [Partial<SizingInput>, RegExp][] = [
      [{ winProbability: 0.45 }, /^kelly: p = 0\.45 ≤ break-even 0\.5 for b = 1: no edge$/],
      [{ winProbability: 0.5 }, /^kelly: p = 0\.5 ≤ break-even 0\.5/],
      [{ winProbability: Number.NaN }, /^winProbability: win probability given is NaN/],
      [{ winProbability: -0.2 }, /^winProbability: .*expected a number in \[0, 1\]/],
      [
        { payoff: { averageWin: 10, averageLoss: 1 }, costPerTrade: 12 },
        /^kelly: costs 12 per trade consume/,
      ],
      [{ payoff: { averageWin: Number.NaN, averageLoss: 1 } }, /^kelly: average win is NaN/],
      [
        { payoff: { averageWin: 1, averageLoss: -1 } },
        /^kelly: average loss is -1, expected a positive magnitude/,
      ],
      [{ costPerTrade: -1 }, /^kelly: cost per trade is -1/],
      [{ payoff: tradeStats([1, -1, 2]) }, /^kelly: trade statistics not trusted \(3 decisive trades/],
      [{ realizedAnnualizedVolatility: 0 }, /^volatility: realised annualised volatility is 0/],
      [
        {
          openPositionCorrelation: [
            [1, 2],
            [2, 1],
          ],
        },
        /^portfolioHeat: open-position correlation rejected/,
      ],
      [{ drawdown: Number.NaN }, /^drawdown: drawdown is NaN, expected a fraction in \[0, 1\]/],
      [{ drawdown: 1.5 }, /^drawdown: drawdown is 1\.5/],
      [{ price: 0 }, /^contracts: price is 0, expected a positive number of points/],
      [{ pointValue: -50 }, /^contracts: point value is -50/],
      [{ capital: Number.POSITIVE_INFINITY }, /^contracts: capital is Infinity/],
      [{ capital: 40_000 }, /^contracts: capital × f = 400 is less than one contract/],
      [
        { marginPerContract: 2e8 },
        /^contracts: free margin 100000000 \(capital − 0 in use\) is less than the margin 200000000/,
      ],
      [{ marginPerContract: 1e7, marginInUse: 1e8 }, /^contracts: free margin 0 /],
      [{ marginInUse: -1 }, /^contracts: margin in use is -1/],
      [{ stopDistance: 0 }, /^contracts: stop distance is 0, expected a positive number of points/],
      [{ roundTripCostUsd: Number.NaN }, /^contracts: round-trip cost is NaN/],
      [{ riskBudgetUsd: 0 }, /^contracts: risk budget 0 is less than/],
      [
        { settings: { hardCap: 0.05 } as never },
        /^settings: kelly settings: hardCap must be absent: it was replaced by maxRiskFraction \(basis risk\) and maxNotionalFraction/,
      ],
      [
        { settings: { drawdownReductionStart: 0.2 } },
        /^settings: kelly settings: drawdownReductionStart must be a number below drawdownLimit \(0\.1\)/,
      ],
      [
        { settings: { fraction: 3 } },
        /^settings: kelly settings: fraction must be a number in \(0, 1\], got 3$/,
      ],
    ];
    for (const [patch, reason] of cases) {
      const d = sizePosition({ ...ok, ...patch } as SizingInput);
      expect(d.contracts, JSON.stringify(patch)).toBe(0);
      expect(d.zeroReason, JSON.stringify(patch)).toMatch(reason);
      expect(d.steps).toHaveLength(8);
    }
  });

  it('uses trusted trade statistics for b and a predictProba estimator for p', () => {
    const history = Array.from({ length: 60 }, (_, i) => (i % 5 < 3 ? 600 : -400));
    const stats = tradeStats(history, { window: 50, minTrades: 30 });
    expect(stats.trusted).toBe(true);
    const model = { predictProba: (x: { rsi: number }) => [1 - x.rsi / 100, x.rsi / 100] };
    const d = sizePosition({
      capital: 1e8,
      ...ES,
      winProbability: model,
      features: { rsi: 58 },
      payoff: stats,
    });
    expect(d.winProbability).toBe(0.58);
    expect(d.payoffRatio).toBeCloseTo(1.5, 14);
    expect(d.kellyFraction).toBeCloseTo(0.58 - 0.42 / 1.5, 14);
  });

  /** Returns the first broken invariant (or undefined) and whether a non-zero size was produced. */
  function violation(raw: SizingInput): { broken?: string; sized: boolean } {
    const d = sizePosition(raw);
    const s = d.settings;
    const fail = (broken: string) => ({ broken: `${broken}: ${JSON.stringify(d)}`, sized: d.contracts > 0 });
    if (!Number.isInteger(d.contracts) || d.contracts < 0)
      return fail('contracts not a non-negative integer');
    if (d.contracts > s.maxContracts) return fail('above maxContracts');
    for (const v of [d.fraction, d.contractFraction, d.winProbability, d.payoffRatio, d.kellyFraction]) {
      if (!(Number.isFinite(v) && v >= 0)) return fail('non-finite or negative summary value');
    }
    const cap = s.basis === 'risk' ? s.maxRiskFraction : s.maxNotionalFraction;
    if (d.fraction > cap) return fail('fraction above the cap of its basis');
    if (d.steps.length !== 8) return fail('missing steps');
    for (const step of d.steps) {
      if (!(Number.isFinite(step.inputFraction) && step.inputFraction >= 0)) return fail('bad step input');
      if (!(Number.isFinite(step.outputFraction) && step.outputFraction >= 0)) return fail('bad step output');
    }
    if (d.contracts === 0) {
      return typeof d.zeroReason === 'string' ? { sized: false } : fail('zero without a reason');
    }
    if (d.zeroReason !== undefined) return fail('zeroReason on a non-zero size');
    const risk = (raw.stopDistance as number) * raw.pointValue + (raw.roundTripCostUsd ?? 0);
    const perContract = s.basis === 'risk' ? risk : raw.price * raw.pointValue;
    if (d.contracts * perContract > cap * raw.capital * (1 + 1e-12)) return fail('above the cap of capital');
    const free = raw.capital - (raw.marginInUse ?? 0);
    if (raw.marginPerContract !== undefined && d.contracts * raw.marginPerContract > free) {
      return fail('above the free-margin bound');
    }
    if (raw.riskBudgetUsd !== undefined && d.contracts * risk > raw.riskBudgetUsd * (1 + 1e-12)) {
      return fail('above the risk budget');
    }
    return { sized: true };
  }

  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const settingsArb = fc.record(
    {
      maxContracts: fc.integer({ min: 0, max: 1000 }),
      maxRiskFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
      maxNotionalFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
      fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
      basis: fc.constantFrom('notional' as const, 'risk' as const),
    },
    { requiredKeys: [] },
  );

  it('never throws on garbage (NaN, ±Infinity, negatives) and always returns a valid zero or size (property)', () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -1, 1e300),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 1, max: 1e9, noNaN: true }),
    );
    const correlation = fc.oneof(
      fc.double({ min: -1, max: 1, noNaN: true }).map((r) => [
        [1, r],
        [r, 1],
      ]),
      fc.array(fc.array(anyNumber, { maxLength: 3 }), { maxLength: 3 }),
    );
    const input = fc.record({
      capital: anyNumber,
      price: anyNumber,
      pointValue: anyNumber,
      winProbability: fc.oneof(
        anyNumber,
        fc.constant({ predictProba: () => Number.NaN }),
        anyNumber.map((v) => ({ predictProba: () => [1 - v, v] })),
      ),
      payoff: fc.record({ averageWin: anyNumber, averageLoss: anyNumber }),
      costPerTrade: maybe(anyNumber),
      realizedAnnualizedVolatility: maybe(anyNumber),
      openPositionCorrelation: maybe(correlation),
      drawdown: maybe(anyNumber),
      marginPerContract: maybe(anyNumber),
      marginInUse: maybe(anyNumber),
      stopDistance: maybe(anyNumber),
      roundTripCostUsd: maybe(anyNumber),
      riskBudgetUsd: maybe(anyNumber),
      settings: settingsArb,
    });
    fc.assert(
      fc.property(input, (raw) => {
        expect(violation(raw as SizingInput).broken).toBeUndefined();
      }),
      { numRuns: 2000, seed: 20251122 },
    );
  });

  it('keeps every cap on realistic inputs where sizes are mostly non-zero (property)', () => {
    let sized = 0;
    const input = fc.record({
      capital: fc.double({ min: 1e4, max: 1e9, noNaN: true }),
      price: fc.double({ min: 0.5, max: 1e5, noNaN: true }),
      pointValue: fc.double({ min: 0.1, max: 100, noNaN: true }),
      winProbability: fc.double({ min: 0.3, max: 1, noNaN: true }),
      payoff: fc.record({
        averageWin: fc.double({ min: 1, max: 1e4, noNaN: true }),
        averageLoss: fc.double({ min: 1, max: 1e4, noNaN: true }),
      }),
      costPerTrade: maybe(fc.double({ min: 0, max: 50, noNaN: true })),
      realizedAnnualizedVolatility: maybe(fc.double({ min: 0.01, max: 2, noNaN: true })),
      drawdown: maybe(fc.double({ min: 0, max: 0.12, noNaN: true })),
      marginPerContract: maybe(fc.double({ min: 100, max: 1e7, noNaN: true })),
      marginInUse: maybe(fc.double({ min: 0, max: 1e6, noNaN: true })),
      stopDistance: fc.double({ min: 0.25, max: 40, noNaN: true }),
      roundTripCostUsd: maybe(fc.double({ min: 0, max: 50, noNaN: true })),
      riskBudgetUsd: maybe(fc.double({ min: 200, max: 1e5, noNaN: true })),
      settings: settingsArb,
    });
    fc.assert(
      fc.property(input, (raw) => {
        const v = violation(raw);
        expect(v.broken).toBeUndefined();
        if (v.sized) sized++;
      }),
      { numRuns: 2000, seed: 7 },
    );
    // The caps above were exercised, not vacuously true on zero sizes (642 of 2000 at this seed).
    expect(sized).toBeGreaterThan(400);
  });

  it('is monotone: more drawdown or a lower win probability never sizes up (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.double({ min: 0.3, max: 0.95, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (p1, p2, dd1, dd2) => {
          const size = (p: number, drawdown: number) =>
            sizePosition({
              capital: 2e8,
              ...ES,
              ...STOP,
              winProbability: p,
              payoff: { averageWin: 500, averageLoss: 400 },
              drawdown,
              settings: { maxContracts: 10_000, maxRiskFraction: 1 },
            }).contracts;
          const [lo, hi] = p1 < p2 ? [p1, p2] : [p2, p1];
          const [small, big] = dd1 < dd2 ? [dd1, dd2] : [dd2, dd1];
          expect(size(lo, small)).toBeLessThanOrEqual(size(hi, small));
          expect(size(hi, big)).toBeLessThanOrEqual(size(hi, small));
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });

  it('uses defaults that trade a real account', () => {
    expect(DEFAULT_KELLY_SETTINGS).toMatchObject({
      fraction: 0.25,
      minWinProbability: 0.1,
      maxWinProbability: 0.9,
      basis: 'risk',
      maxRiskFraction: 0.01,
      maxNotionalFraction: 0.05,
      maxContracts: 5,
      drawdownReductionStart: 0.05,
      drawdownLimit: 0.1,
      targetAnnualizedVolatility: 0.2,
    });
    expect(Object.isFrozen(DEFAULT_KELLY_SETTINGS)).toBe(true);
  });
});
