import { instrumentId, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { MemoryStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = instrumentId('ESZ25.CME');
const T0 = Date.UTC(2025, 6, 1, 14, 0) * 1000;
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 0 };

function setup() {
  const clock = new SimulatedClock(T0);
  const paper = new PaperBroker({ clock, instruments: [SPEC] });
  const oms = OrderManager.open({
    store: new MemoryStore(),
    broker: paper,
    clock,
    instruments: [SPEC],
    bracket: { stopLossPoints: 10, takeProfitPoints: 20 },
    startingCapital: 100_000,
  });
  const trade = (price: number) => {
    clock.advanceBy(US_PER_SECOND);
    oms.onMark(ES, price, clock.now());
    paper.onTrade(ES, price, 10, clock.now());
  };
  return { oms, trade };
}

describe('reduce-only check: an OCO bracket counts once (its larger leg)', () => {
  it('long 2 with a 1-lot bracket: a reduce-only SELL 1 is accepted, a SELL 2 is refused', async () => {
    const { oms, trade } = setup();
    trade(5000);
    await oms.submit({
      clientOrderId: 'e1',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
      bracket: true,
    });
    trade(5000);
    await oms.submit({ clientOrderId: 'e2', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    trade(5000);
    expect(oms.position(ES).quantity).toBe(2);
    // The bracket's stop and target (SELL 1 each, one OCO group) are working: at most 1 exits.
    const legs = oms.workingOrders().filter((o) => o.side === 'SELL');
    expect(legs.map((o) => o.quantity)).toEqual([1, 1]);

    // Covered at most 1 (bracket) + 1 (this) = 2 = |position|: it reduces, never reverses.
    const ok = await oms.submit({
      clientOrderId: 'x1',
      instrumentId: ES,
      side: 'SELL',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 5100,
      reduceOnly: true,
    });
    expect(ok.status).toBe('submitted');

    // Now 1 (bracket) + 1 (x1) + 1 = 3 > 2: it could reverse the position.
    const refused = await oms.submit({
      clientOrderId: 'x2',
      instrumentId: ES,
      side: 'SELL',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 5100,
      reduceOnly: true,
    });
    expect(refused).toMatchObject({ status: 'denied', reasons: [{ code: 'REDUCE_ONLY_ORDER' }] });
  });
});
