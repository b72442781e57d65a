/**
 * OMS throughput: order round trips per second (submit → risk gate → write-ahead → paper broker →
 * acknowledged → next trade → filled → position, account and journal updated), with SQLite
 * persistence on (a WAL file, `synchronous = NORMAL`: every commit survives a process crash, the
 * last ones may be lost on a power cut; and `FULL`: fsync on every commit) beside the same loop with
 * persistence off (an in-memory database) and a plain baseline of core's pure order/position
 * functions, all measured in this run.
 *
 *   pnpm tsx --tsconfig packages/engine/tsconfig.json packages/engine/bench/omsThroughput.bench.ts [--orders 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyFill,
  clientOrderId,
  createOrder,
  fillOrder,
  flatPosition,
  instrumentId,
  money,
  SimulatedClock,
  transitionOrder,
} from '@minhos/core';
import { OrderManager, openStore, PaperBroker, type SyncPolicy } from '../src/index.js';

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ORDERS = arg('--orders', 20_000);
const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };

async function omsLoop(kind: 'memory' | SyncPolicy, venueOnDisk: boolean, orders = ORDERS): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'minhos-bench-'));
  const opened = openStore(
    kind === 'memory' ? ':memory:' : join(dir, 'engine.sqlite'),
    kind === 'memory' ? {} : { sync: kind },
  );
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
  const paper = new PaperBroker({
    clock,
    instruments: [SPEC],
    commissionPerContract: 2.5,
    ...(venueOnDisk ? { path: join(dir, 'venue.sqlite') } : {}),
  });
  const oms = OrderManager.open({
    store,
    broker: paper,
    clock,
    instruments: [SPEC],
    startingCapital: 100_000,
  });
  let price = 5000;
  paper.onTrade(ES, price, 10, clock.now());
  const start = performance.now();
  for (let i = 0; i < orders; i++) {
    clock.advanceBy(1000);
    const r = await oms.submit({
      clientOrderId: `b${i}`,
      instrumentId: ES,
      side: i % 2 === 0 ? 'BUY' : 'SELL',
      type: 'MARKET',
      quantity: 1,
    });
    if (r.status !== 'submitted') throw new Error(`order ${i} ${r.status}`);
    price += i % 3 === 0 ? 0.25 : -0.25;
    oms.onMark(ES, price, clock.now());
    paper.onTrade(ES, price, 10, clock.now());
    if (oms.order(`b${i}`)?.status !== 'FILLED') throw new Error(`order ${i} not filled`);
  }
  const seconds = (performance.now() - start) / 1000;
  store.close();
  paper.close();
  rmSync(dir, { recursive: true, force: true });
  return orders / seconds;
}

function coreBaseline(): number {
  const start = performance.now();
  let pos = flatPosition(ES, 50);
  for (let i = 0; i < ORDERS; i++) {
    const side = i % 2 === 0 ? 'BUY' : 'SELL';
    let o = createOrder(
      { clientOrderId: clientOrderId(`b${i}`), instrumentId: ES, side, type: 'MARKET', quantity: 1 },
      i,
    );
    for (const s of ['SUBMITTED', 'ACCEPTED'] as const) {
      const r = transitionOrder(o, s, i);
      if (!r.ok) throw new Error(r.error.message);
      o = r.value;
    }
    const f = fillOrder(o, { executionId: `e${i}`, quantity: 1, price: 5000 }, i);
    if (!f.ok) throw new Error(f.error.message);
    pos = applyFill(pos, {
      fillId: `e${i}`,
      clientOrderId: o.clientOrderId,
      instrumentId: ES,
      side,
      quantity: 1,
      price: 5000,
      commission: money(2.5),
      time: i,
    });
  }
  return ORDERS / ((performance.now() - start) / 1000);
}

const rows: Array<[string, number]> = [];
coreBaseline(); // warm up
rows.push(['baseline: core order + position functions only', coreBaseline()]);
await omsLoop('memory', false); // warm up
rows.push(['OMS, persistence off (in-memory SQLite), venue in memory', await omsLoop('memory', false)]);
rows.push(['OMS, WAL file, synchronous=NORMAL, venue in memory', await omsLoop('NORMAL', false)]);
rows.push(['OMS, WAL file, synchronous=NORMAL, venue WAL file', await omsLoop('NORMAL', true)]);
rows.push([
  'OMS, WAL file, synchronous=FULL (fsync per commit; ≤2,000 orders), venue in memory',
  await omsLoop('FULL', false),
]);
const off = rows[1]?.[1] ?? 1;
console.log(
  `OMS round trips (submit → ack → fill), ${ORDERS} orders, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on this machine`,
);
console.log(
  '  fsync policy: write-ahead of each order is its own commit; acks, fills and mark-only equity peaks are group-committed with the next one (a lost report is replayed by reconciliation); WAL checkpoint every 10,000 pages',
);
for (const [name, rate] of rows) {
  console.log(
    `  ${name.padEnd(72)} ${Math.round(rate).toString().padStart(8)} /s   ${(rate / off).toFixed(2)}× persistence off`,
  );
}
const target = rows[2]?.[1] ?? 0;
console.log(
  `target ≥ 5,000 round trips/s with persistence on (NORMAL): ${target >= 5000 ? 'met' : 'NOT met'} (${Math.round(target)}/s)`,
);
