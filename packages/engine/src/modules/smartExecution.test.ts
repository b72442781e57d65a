import { describe, expect, it } from 'vitest';
import { DEFAULT_SMART_EXECUTION_PARAMS, fillShortfall, planExecution } from './smartExecution.js';

const p = DEFAULT_SMART_EXECUTION_PARAMS;
const req = {
  side: 'BUY' as const,
  quantity: 5,
  decisionPrice: 100,
  lastPrice: 100.25,
  tickSize: 0.25,
  reduceOnly: false,
};

describe('smart execution', () => {
  it('splits an entry into marketable limits through the last price', () => {
    const plan = planExecution(req, p);
    expect(plan).toMatchObject({ send: true });
    if (!plan.send) throw new Error('unreachable');
    expect(plan.children).toEqual([
      { type: 'LIMIT', quantity: 2, limitPrice: 100.5 },
      { type: 'LIMIT', quantity: 2, limitPrice: 100.5 },
      { type: 'LIMIT', quantity: 1, limitPrice: 100.5 },
    ]);
    const sell = planExecution(
      { ...req, side: 'SELL', quantity: 1, lastPrice: 99.75 },
      { ...p, limitOffsetTicks: 2 },
    );
    expect(sell.send && sell.children).toEqual([{ type: 'LIMIT', quantity: 1, limitPrice: 99.25 }]);
    const market = planExecution({ ...req, quantity: 1 }, { ...p, orderType: 'market' });
    expect(market.send && market.children).toEqual([{ type: 'MARKET', quantity: 1 }]);
  });

  it('does not send an entry that slipped too far; exits always go at market whole', () => {
    const slipped = planExecution({ ...req, lastPrice: 101.25 }, p);
    expect(slipped).toMatchObject({ send: false, slippageTicks: 5 });
    expect(planExecution({ ...req, lastPrice: 101.25, reduceOnly: true }, p)).toMatchObject({
      send: true,
      children: [{ type: 'MARKET', quantity: 5 }],
    });
  });

  it('implementation shortfall is signed by side: a cost above zero', () => {
    const buy = fillShortfall(
      { clientOrderId: 'a', time: 0, side: 'BUY', quantity: 2, price: 100.5 },
      100,
      50,
    );
    expect(buy).toMatchObject({ points: 0.5, cost: 50 });
    const sell = fillShortfall(
      { clientOrderId: 'b', time: 0, side: 'SELL', quantity: 1, price: 100.5 },
      100,
      50,
    );
    expect(sell).toMatchObject({ points: -0.5, cost: -25 });
  });
});
