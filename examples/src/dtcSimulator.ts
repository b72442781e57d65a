/**
 * The DTC simulator on real ES 1-minute bars, and a DTC client talking to it over loopback:
 * subscribe, print trades, buy one contract at market, print the fill, the position and the balance.
 *
 *   pnpm --filter @minhos/examples exec tsx src/dtcSimulator.ts
 */
import { formatTimestampUs } from '@minhos/core';
import { DtcClient, DtcHistoricalClient, DtcSimulator, dtcCsvBarSource } from '@minhos/sierra';

const csv = new URL('../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const source = await dtcCsvBarSource(csv, { contract: 'ES201312' });

// Replay from Monday 2013-10-07 13:30 UTC at 60× (one 1-minute bar per second); earlier bars are history.
const sim = new DtcSimulator({
  instruments: [{ symbol: 'ESZ13', exchange: 'CME', source, pointValue: 50 }],
  port: 0,
  speed: 60,
  replayFrom: Date.UTC(2013, 9, 7, 13, 30) * 1000,
  commissionPerContract: 2.5,
});
const { host, port } = await sim.start();
console.log(`simulator: ${source.description} on ${host}:${port}`);

const client = new DtcClient({ host, port, heartbeatIntervalMs: 5000 });
const logon = await client.connect();
if (!logon.ok) throw logon.error;
console.log(`logged on to "${logon.value.ServerName}"`);

// Historical data: one connection per request, as on Sierra Chart's historical port.
const history = await new DtcHistoricalClient({ host, port }).historicalBars({
  symbol: 'ESZ13',
  exchange: 'CME',
  intervalSeconds: 3600,
  maxDays: 1,
});
if (!history.ok) throw history.error;
for (const b of history.value.slice(-3)) {
  console.log(
    `hourly bar ${formatTimestampUs(b.time)} O ${b.open} H ${b.high} L ${b.low} C ${b.close} V ${b.volume}`,
  );
}

const trades = client.trades();
const sub = await client.subscribe('ESZ13', 'CME');
if (!sub.ok) throw sub.error;
for (let i = 0; i < 8; i++) {
  const t = (await trades.next()).value;
  console.log(`trade ${formatTimestampUs(t.time)} ${t.price} × ${t.size} (${t.aggressor ?? '?'})`);
}

const updates = client.orderUpdates();
const order = await client.submitOrder({
  symbol: 'ESZ13',
  exchange: 'CME',
  side: 'BUY',
  type: 'market',
  quantity: 1,
});
if (!order.ok) throw order.error;
console.log(`order ${order.value.serverOrderId} accepted`);
for (;;) {
  const u = (await updates.next()).value;
  if (u.serverOrderId === order.value.serverOrderId && u.status === 'filled') {
    console.log(
      `filled ${u.filledQuantity} @ ${u.averageFillPrice} at ${formatTimestampUs(u.lastFill?.time ?? 0)}`,
    );
    break;
  }
}

const positions = await client.positions();
if (!positions.ok) throw positions.error;
for (const p of positions.value)
  console.log(`position ${p.tradeAccount} ${p.symbol}: ${p.quantity} @ ${p.averagePrice}`);
const balances = await client.accountBalances();
if (!balances.ok) throw balances.error;
for (const b of balances.value) {
  console.log(
    `balance ${b.tradeAccount}: cash ${b.cash.toFixed(2)} ${b.currency}, open P&L ${b.openPositionsProfitLoss.toFixed(2)}`,
  );
}

await client.close();
await sim.stop();
