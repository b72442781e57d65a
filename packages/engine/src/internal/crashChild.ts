// A trading process for the crash test: it restores from its store, reconciles with the paper
// venue, resubmits its last order id (which must be a duplicate), then trades seeded random order
// flow until the parent kills it with SIGKILL. Usage: crashChild <dir> <seed> <run>
import { join } from 'node:path';
import { LiveClock } from '@minhos/core';
import { PaperBroker } from '../brokers/index.js';
import { OrderManager } from '../oms/index.js';
import { openStore } from '../store/index.js';
import { CRASH_ES, CRASH_SPEC, crashFlow, crashRandom } from './crashFlow.js';

const [dir = '.', seedText = '1', runText = '0'] = process.argv.slice(2);
const run = Number(runText);
const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

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
  const step = crashFlow({
    oms,
    paper,
    store,
    clock,
    random: crashRandom(Number(seedText) * 7919 + run * 104729),
    prefix: `r${run}`,
    say,
  });
  for (let n = 0; ; n++) {
    await step(n);
    if (n % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`crash child failed: ${String(e)}\n`);
  process.exit(3);
});
