/**
 * Runs a proposed ES order through the @minhos/risk pre-trade gate, on real ES 1-minute data
 * (front month ESZ13, bundled in data/ohlcv), and prints every check with its numbers.
 *
 *   pnpm --filter @minhos/examples exec tsx src/riskGate.ts
 */
import { formatTimestampUs, instrumentId, orderId, US_PER_SECOND } from '@minhos/core';
import {
  classifyMarketState,
  DEFAULT_RISK_LIMITS,
  emergencyStopActions,
  initialRiskControlState,
  type PreTradeRequest,
  type RiskDecision,
  riskSnapshot,
  setEmergencyStop,
  validateOrder,
  volatilityReading,
} from '@minhos/risk';
import { loadEsMinuteBars } from './esBars.js';

// ES 1-minute bars of the December 2013 contract, up to a chosen bar (a busy US morning).
const all = loadEsMinuteBars();
const bars = all.slice(0, all.lowerBound(Date.parse('2013-12-03T15:30:00Z') * 1000) + 1);
const closes = bars.close;
const last = bars.at(-1);
if (last === undefined) throw new Error('no ES bars found');
const lastPrice = last.close;
// The bar starts at its time stamp and closes a minute later; decide 5 s after the close.
const barClose = last.time + 60 * US_PER_SECOND;
const now = barClose + 5 * US_PER_SECOND;

const es = instrumentId('ESZ13.CME');
const control = initialRiskControlState();
const vol = volatilityReading(closes);
const market = classifyMarketState(closes);

const request: PreTradeRequest = {
  // A limit BUY with its protective stop 4 points below: the gate prices the loss at the stop.
  order: {
    instrument: es,
    side: 'BUY',
    quantity: 2,
    type: 'LIMIT',
    limitPrice: lastPrice + 0.25,
    protectiveStop: lastPrice - 3.75,
    confidence: 0.72,
  },
  instrument: {
    instrument: es,
    tradeable: true,
    pointValue: 50,
    tickSize: 0.25,
    // ESZ13 expires Friday 2013-12-20; rolling 8 calendar days earlier (CME's convention).
    rollDate: Date.UTC(2013, 11, 12) * 1000,
    marginPerContract: 5_060,
    roundTripCostUsd: 2 * 2.25 + 12.5,
    // Until @minhos/symbols provides trading hours: Globex ES trades Sun 23:00 – Fri 22:00 UTC in
    // winter, with a daily pause 22:00–23:00 UTC.
    sessionOpen: new Date(now / 1000).getUTCHours() !== 22,
  },
  positions: [
    { instrument: es, quantity: 1, markPrice: lastPrice, pointValue: 50, marginPerContract: 5_060 },
  ],
  // The held contract's protective stop is working: it counts towards the worst case.
  workingOrders: [
    {
      id: orderId('stop-1'),
      instrument: es,
      side: 'SELL',
      remainingQuantity: 1,
      type: 'STOP',
      stopPrice: lastPrice - 4,
      role: 'STOP_LOSS',
    },
  ],
  account: { equity: 99_150, peakEquity: 100_000, dailyPnl: -850 },
  market: { lastPrice, lastUpdate: barClose, ...(vol.ok ? { volatility: vol.value } : {}) },
  control,
  recentOrderTimes: [now - 20 * US_PER_SECOND, now - 50 * US_PER_SECOND],
  limits: DEFAULT_RISK_LIMITS,
  now,
};

function print(title: string, d: RiskDecision): void {
  console.log(`\n${title}: ${d.ok ? 'PASS' : `DENY (${d.reasons.map((r) => r.code).join(', ')})`}`);
  for (const c of d.checks) {
    const numbers = c.value === undefined ? '' : `  [value ${+c.value.toPrecision(6)} / limit ${c.limit}]`;
    console.log(
      `  ${c.outcome.toUpperCase().padEnd(4)} ${c.check.padEnd(15)} ${c.code.padEnd(26)} ${c.message}${numbers}`,
    );
  }
}

console.log(
  `ES ${formatTimestampUs(last.time)} close ${lastPrice}; market state ${market.ok ? `${market.value.state} (${market.value.explanation})` : market.error.message}`,
);
print(`BUY 2 ESZ13 @ ${lastPrice + 0.25}`, validateOrder(request));

// The same order after an operator engages REDUCE_ONLY; a SELL 1 still passes.
const stop = setEmergencyStop(control, 'REDUCE_ONLY', {
  actor: 'admin:example',
  reason: 'macro news in 5 minutes',
  at: now,
});
if (!stop.ok) throw stop.error;
const reduceOnly = { ...request, control: stop.value.state };
print('same order under REDUCE_ONLY', validateOrder(reduceOnly));
// Long 1 with a working protective SELL 1 stop: a further SELL 1 could end short 1 in the worst case.
print(
  'SELL 1 under REDUCE_ONLY (stop still working)',
  validateOrder({ ...reduceOnly, order: { instrument: es, side: 'SELL', quantity: 1 } }),
);
print(
  'SELL 1 under REDUCE_ONLY (stop cancelled first)',
  validateOrder({ ...reduceOnly, workingOrders: [], order: { instrument: es, side: 'SELL', quantity: 1 } }),
);
console.log('\nREDUCE_ONLY keeps:', emergencyStopActions('REDUCE_ONLY', request).keep);
console.log('\naudit:', stop.value.state.audit);
const flatten = emergencyStopActions('FLATTEN', request);
console.log('FLATTEN would send:', flatten);

// FLATTEN's closing order must get out when everything else is failing: a feed 6 minutes stale
// (past the stale-data breaker) and 10 orders in the last minute already (the limit). It is an exit (reduce-only and
// reducing), so it passes those checks with a warning; sent once the stop-1 cancel is confirmed.
const flattened = setEmergencyStop(stop.value.state, 'FLATTEN', {
  actor: 'admin:example',
  reason: 'feed lost',
  at: now,
});
if (!flattened.ok) throw flattened.error;
const close = flatten.close[0];
if (close !== undefined) {
  print(
    'FLATTEN close with a stale feed and the order rate at its limit',
    validateOrder({
      ...request,
      order: close,
      workingOrders: [],
      control: flattened.value.state,
      market: { lastPrice, lastUpdate: now - 360 * US_PER_SECOND },
      recentOrderTimes: Array.from({ length: 10 }, (_, i) => now - (i + 1) * US_PER_SECOND),
    }),
  );
}

const snapshot = riskSnapshot({
  at: now,
  account: request.account,
  positions: request.positions,
  control: stop.value.state,
  limits: DEFAULT_RISK_LIMITS,
  recentDecisions: [validateOrder(reduceOnly)],
});
console.log(
  '\nsnapshot:',
  JSON.stringify({ ...snapshot, breakers: snapshot.breakers.filter((b) => b.tripped) }, null, 2),
);
