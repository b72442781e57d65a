/**
 * From a model probability to a checked order: size an ES trade with @minhos/kelly, then run it
 * through the @minhos/risk pre-trade gate with the roll date and trading hours from
 * @minhos/symbols — the path every automated order takes.
 *
 * Inputs: a win probability (what a calibrated model would return), a payoff ratio from a trade
 * history, and the last ES price of the bundled ESZ13 1-minute data at a chosen bar. The account is
 * a real $100k one: the default risk basis sizes by the loss at a 6-point protective stop, bounded
 * by free margin and by the gate's own risk budget, so the order that comes out passes the gate.
 *
 *   pnpm --filter @minhos/examples exec tsx src/sizeAndGate.ts [probability]
 */
import { instrumentId, US_PER_MINUTE, US_PER_SECOND } from '@minhos/core';
import { annualizeVolatility, sizePosition } from '@minhos/kelly';
import {
  DEFAULT_RISK_LIMITS,
  initialRiskControlState,
  sameTimeVolatilityReading,
  validateOrder,
} from '@minhos/risk';
import { cmeHolidayCalendar, ES, frontMonth, isMarketOpen } from '@minhos/symbols';
import { loadEsMinuteBars } from './esBars.js';

const probability = Number(process.argv[2] ?? '0.64');
const at = Date.parse('2013-11-18T16:00:00Z') * 1000;
const all = loadEsMinuteBars();
const end = all.lowerBound(at);
if (all.time[end] !== at) throw new Error('bar 2013-11-18T16:00:00Z not found in the bundled ES data');
const bars = all.slice(0, end + 1);
const closes = bars.close;
const times = bars.time;
const lastPrice = closes[closes.length - 1] as number;
const now = at + 65 * US_PER_SECOND;

// 1. Which contract, when it rolls, and whether the market is open: @minhos/symbols.
const cme = cmeHolidayCalendar();
const front = frontMonth(ES, now);
console.log(`front month ${front.contract.id}, expiry ${front.lastTradeDate}, roll ${front.rollDate}`);

// The account and the gate's limits, shared by the sizer and the gate.
const account = { equity: 100_000, peakEquity: 102_000, dailyPnl: -300 };
const limits = DEFAULT_RISK_LIMITS;
const margin = 5_060; // ES initial margin in December 2013
const stopDistance = 6; // points to the protective stop
const roundTripCostUsd = 2 * 2.25 + ES.tickSize * ES.pointValue; // commissions + 1 tick slippage
const es = instrumentId(front.contract.id);
// Intraday bars: compare with the same clock time on previous days, not with the quiet overnight.
const vol = sameTimeVolatilityReading(closes, times, { days: 60 });
const annualVol = vol.ok ? annualizeVolatility(vol.value.realisedPerBar, US_PER_MINUTE) : undefined;

// 2. How many contracts: @minhos/kelly, every step printed.
const sizing = sizePosition({
  capital: account.equity,
  price: lastPrice,
  pointValue: ES.pointValue,
  winProbability: probability,
  payoff: { averageWin: 550, averageLoss: 500 }, // $ per contract, e.g. from tradeStats()
  costPerTrade: roundTripCostUsd,
  drawdown: 1 - account.equity / account.peakEquity,
  stopDistance,
  roundTripCostUsd,
  marginPerContract: margin,
  marginInUse: 0,
  // What the gate will accept at the stop: the per-trade limit and what is left of today's budget.
  riskBudgetUsd: Math.min(limits.maxTradeRiskUsd, limits.maxDailyLossUsd + Math.min(0, account.dailyPnl)),
  ...(annualVol?.ok ? { realizedAnnualizedVolatility: annualVol.value } : {}),
});
for (const s of sizing.steps)
  console.log(`  ${s.name.padEnd(15)} ${s.outputFraction.toFixed(5)}  ${s.reason}`);
console.log(
  `size: ${sizing.contracts} contracts at ${lastPrice}${sizing.zeroReason ? ` (${sizing.zeroReason})` : ''}`,
);
if (sizing.contracts === 0) {
  console.log('nothing to send: the sizer found no size this account can carry');
  process.exit(0);
}

// 3. May we send it: @minhos/risk, every check printed.
const decision = validateOrder({
  order: {
    instrument: es,
    side: 'BUY',
    quantity: sizing.contracts,
    type: 'LIMIT',
    limitPrice: lastPrice,
    protectiveStop: lastPrice - stopDistance,
    confidence: probability,
  },
  instrument: {
    instrument: es,
    tradeable: true,
    pointValue: ES.pointValue,
    tickSize: ES.tickSize,
    rollDate: front.rollAt,
    marginPerContract: margin,
    roundTripCostUsd,
    sessionOpen: isMarketOpen(ES, now, cme),
  },
  positions: [],
  workingOrders: [],
  account,
  market: { lastPrice, lastUpdate: now - 5 * US_PER_SECOND, ...(vol.ok ? { volatility: vol.value } : {}) },
  control: initialRiskControlState(),
  recentOrderTimes: [],
  limits,
  now,
});
console.log(`risk gate: ${decision.ok ? 'PASS' : `DENY ${decision.reasons.map((r) => r.code).join(', ')}`}`);
for (const c of decision.checks) console.log(`  ${c.outcome.padEnd(4)} ${c.check.padEnd(15)} ${c.message}`);
