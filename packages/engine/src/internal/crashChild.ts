// A trading process for the crash test: it restores from its store, reconciles with the paper
// venue, resubmits its last order id (which must be a duplicate), then trades seeded random order
// flow until the parent kills it with SIGKILL. Usage: crashChild <dir> <seed> <run>
import { join } from 'node:path';
import { instrumentId, LiveClock, type Order } from '@minhos/core';
import { PaperBroker } from '../brokers/index.js';
import { OrderManager } from '../oms/index.js';
import { openStore } from '../store/index.js';

const [dir = '.', seedText = '1', runText = '0'] = process.argv.slice(2);
const run = Number(runText);
let rng = (Number(seedText) * 7919 + run * 104729) >>> 0;
function random(): number {
  rng = (rng + 0x6d2b79f5) >>> 0;
  let t = rng;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const CRASH_ES = instrumentId('ESZ25.CME');
const CRASH_SPEC = {
  instrumentId: CRASH_ES,
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
};

async function main(): Promise<void> {
  const clock = new LiveClock();
  const opened = openStore(join(dir, 'engine.sqlite'));
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const paper = new PaperBroker({
    clock,
    instruments: [CRASH_SPEC],
    path: join(dir, 'venue.sqlite'),
    commissionPerContract: 2.5,
    slippageTicks: 1,
    seed: Number(seedText),
  });
  const oms = OrderManager.open({
    store,
    broker: paper,
    clock,
    instruments: [CRASH_SPEC],
    startingCapital: 100_000,
    bracket: { stopLossPoints: 2, takeProfitPoints: 3 },
  });
  const rec = await oms.reconcile();
  if (!rec.ok) throw rec.error;
  const last = oms
    .orders()
    .filter((o) => o.tag === 'crash')
    .at(-1);
  if (last !== undefined) {
    const again = await oms.submit({
      clientOrderId: last.clientOrderId,
      instrumentId: CRASH_ES,
      side: last.side,
      type: last.type,
      quantity: last.quantity,
      ...(last.limitPrice === undefined ? {} : { limitPrice: last.limitPrice }),
      ...(last.stopPrice === undefined ? {} : { stopPrice: last.stopPrice }),
      tag: 'crash',
    });
    say({ event: 'resubmit', id: last.clientOrderId, status: again.status });
  }
  say({ event: 'ready', permission: rec.value.permission });
  let price = 5000;
  for (let n = 0; ; n++) {
    const r = random();
    const id = `r${run}-${n}`;
    const working = oms.workingOrders().filter((o: Order) => o.tag === 'crash');
    if (r < 0.4) {
      price = Math.max(4000, price + pick([-1, -0.5, -0.25, 0.25, 0.5, 1]));
      const t = clock.now();
      oms.onMark(CRASH_ES, price, t);
      paper.onTrade(CRASH_ES, price, 1 + Math.floor(random() * 5), t);
    } else if (r < 0.6) {
      await oms.submit({
        clientOrderId: id,
        instrumentId: CRASH_ES,
        side: pick(['BUY', 'SELL'] as const),
        type: 'MARKET',
        quantity: 1 + Math.floor(random() * 3),
        bracket: random() < 0.3,
        tag: 'crash',
      });
    } else if (r < 0.72) {
      const side = pick(['BUY', 'SELL'] as const);
      await oms.submit({
        clientOrderId: id,
        instrumentId: CRASH_ES,
        side,
        type: 'LIMIT',
        quantity: 1 + Math.floor(random() * 2),
        limitPrice: price + (side === 'BUY' ? -1 : 1) * pick([0.25, 0.5, 1]),
        tag: 'crash',
      });
    } else if (r < 0.8) {
      const side = pick(['BUY', 'SELL'] as const);
      await oms.submit({
        clientOrderId: id,
        instrumentId: CRASH_ES,
        side,
        type: 'STOP',
        quantity: 1,
        stopPrice: price + (side === 'BUY' ? 1 : -1) * pick([0.5, 1]),
        tag: 'crash',
      });
    } else if (r < 0.88) {
      const w = working.length > 0 ? pick(working) : undefined;
      if (w !== undefined) await oms.cancel(w.clientOrderId);
    } else if (r < 0.94) {
      const w = working.filter((o) => o.type === 'LIMIT').at(0);
      if (w !== undefined)
        await oms.replace(w.clientOrderId, { quantity: w.filledQuantity + 1 + Math.floor(random() * 2) });
    } else {
      const mode = pick(['manual', 'semi_auto', 'full_auto']);
      const level = pick(['NONE', 'REDUCE_ONLY', 'HALT']);
      say({ event: 'state', phase: 'intend', mode, level });
      store.transaction(() => {
        store.setState('mode', mode, clock.now());
        store.setState('emergencyLevel', level, clock.now());
      });
      say({ event: 'state', phase: 'done', mode, level });
    }
    if (n % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash child failed: ${String(e)}\n`);
  process.exit(3);
});
