// The seeded order flow of the crash tests: price moves, market/limit/stop entries (some with
// brackets), cancels, replaces and mode/emergency-level writes. Used by the SIGKILL child
// (crashChild.ts) and by the in-process crash-image test (oms/crashImages.test.ts).
import { type Clock, instrumentId, type Order } from '@minhos/core';
import type { PaperBroker } from '../brokers/index.js';
import type { OrderManager } from '../oms/index.js';
import type { EngineStore } from '../store/index.js';

/** @internal The instrument the crash flows trade. */
export const CRASH_ES = instrumentId('ESZ25.CME');

/** @internal Its specification (as the order manager and the paper venue are given it). */
export const CRASH_SPEC = {
  instrumentId: CRASH_ES,
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
};

/** @internal mulberry32 from a seed: the flow's only source of randomness. */
export function crashRandom(seed: number): () => number {
  let rng = seed >>> 0;
  return () => {
    rng = (rng + 0x6d2b79f5) >>> 0;
    let t = rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @internal What one flow runs against. */
export interface CrashFlowDeps {
  readonly oms: OrderManager;
  readonly paper: PaperBroker;
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly random: () => number;
  /** Prefix of the flow's client order ids (one per process run, so ids never repeat). */
  readonly prefix: string;
  /** Told of each mode/emergency-level write, before (`intend`) and after (`done`) its commit. */
  readonly say?: (event: Record<string, unknown>) => void;
}

/**
 * @internal The flow as a step function: `step(n)` performs the n-th random action. Orders carry
 * the tag `crash`; cancels and replaces pick among working `crash` orders of any earlier run.
 */
export function crashFlow(deps: CrashFlowDeps): (n: number) => Promise<void> {
  const { oms, paper, store, clock, random, prefix } = deps;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  let price = 5000;
  return async (n) => {
    const r = random();
    const id = `${prefix}-${n}`;
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
      deps.say?.({ event: 'state', phase: 'intend', mode, level });
      store.transaction(() => {
        store.setState('mode', mode, clock.now());
        store.setState('emergencyLevel', level, clock.now());
      });
      deps.say?.({ event: 'state', phase: 'done', mode, level });
    }
  };
}
