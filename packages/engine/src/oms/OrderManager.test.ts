import { instrumentId, netRealizedPnl, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';
import type { RiskGate } from './RiskGate.js';

const ES = instrumentId('ESZ25.CME');
const T0 = Date.UTC(2025, 6, 1, 14, 0) * 1000; // 09:00 CDT, trade date 2025-07-01
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };

function setup(options: { gate?: RiskGate; partial?: number } = {}) {
  const clock = new SimulatedClock(T0);
  const opened = openStore(':memory:');
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const paper = new PaperBroker({
    clock,
    instruments: [SPEC],
    commissionPerContract: 2.5,
    slippageTicks: 1,
    ...(options.partial === undefined ? {} : { partialFills: { participation: options.partial }, seed: 7 }),
  });
  const oms = OrderManager.open({
    store,
    broker: paper,
    clock,
    instruments: [SPEC],
    bracket: { stopLossPoints: 10, takeProfitPoints: 20 },
    startingCapital: 100_000,
    ...(options.gate === undefined ? {} : { gate: options.gate }),
  });
  const trade = (price: number, volume = 10) => {
    clock.advanceBy(US_PER_SECOND);
    oms.onMark(ES, price, clock.now());
    paper.onTrade(ES, price, volume, clock.now());
  };
  return { clock, store, paper, oms, trade };
}

describe('OrderManager + PaperBroker: scripted sequence, P&L to the cent', () => {
  it('market, limit, stop flip, cancel/replace, bracket OCO, cancel — matches the hand-computed table', async () => {
    const { oms, trade, store, paper } = setup();
    trade(5000);
    // Hand-computed: ES $50/point, commission $2.50/contract, 1 tick (0.25) adverse slippage on market/stop.
    // step | order                 | fill            | position     | realized gross | commissions
    // 1    | MKT BUY 2             | 2 @ 5000.75     | +2 @ 5000.75 |    0.00        |  5.00
    // 2    | LMT SELL 1 @ 5005     | 1 @ 5005.00     | +1 @ 5000.75 |  212.50        |  7.50
    // 3    | STP SELL 3 @ 5003     | 3 @ 5002.50 gap | −2 @ 5002.50 |  300.00        | 15.00
    // 4    | LMT BUY 1 @ 4990 → replaced 2 @ 4995 | 2 @ 4995 | flat  | 1050.00        | 20.00
    // 5    | MKT BUY 1 + bracket   | 1 @ 4995.25     | +1           | 1050.00        | 22.50
    //      | TP SELL 1 @ 5015.25   | 1 @ 5015.25     | flat         | 2050.00        | 25.00
    const table: Array<[number, number, number]> = [];
    const snap = () => {
      const p = oms.position(ES);
      table.push([p.quantity, p.realizedPnl, p.commissions]);
    };

    const m1 = await oms.submit({
      clientOrderId: 'm1',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 2,
    });
    expect(m1.status).toBe('submitted');
    expect(oms.order('m1')?.status).toBe('ACCEPTED');
    trade(5000.5);
    expect(oms.order('m1')).toMatchObject({ status: 'FILLED', avgFillPrice: 5000.75 });
    expect(oms.account().unrealizedPnl).toBeCloseTo(-25, 9); // (5000.50 − 5000.75) × 2 × 50
    snap();

    await oms.submit({
      clientOrderId: 'l1',
      instrumentId: ES,
      side: 'SELL',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 5005,
    });
    trade(5004.75);
    trade(5005); // touching is not trading through
    expect(oms.order('l1')?.status).toBe('ACCEPTED');
    trade(5005.25);
    expect(oms.order('l1')).toMatchObject({ status: 'FILLED', avgFillPrice: 5005 });
    snap();

    await oms.submit({
      clientOrderId: 's1',
      instrumentId: ES,
      side: 'SELL',
      type: 'STOP',
      quantity: 3,
      stopPrice: 5003,
    });
    trade(5003.5);
    trade(5002.75); // gaps through the stop: fills at the trade minus a tick
    expect(oms.order('s1')).toMatchObject({ status: 'FILLED', avgFillPrice: 5002.5 });
    snap();

    await oms.submit({
      clientOrderId: 'l2',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 4990,
    });
    const rep = await oms.replace('l2', { quantity: 2, limitPrice: 4995 });
    expect(rep.ok).toBe(true);
    expect(oms.order('l2')).toMatchObject({ status: 'ACCEPTED', quantity: 2, limitPrice: 4995 });
    trade(4996);
    trade(4994.75);
    expect(oms.order('l2')).toMatchObject({ status: 'FILLED', filledQuantity: 2, avgFillPrice: 4995 });
    snap();

    await oms.submit({
      clientOrderId: 'b1',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
      bracket: true,
    });
    trade(4995);
    expect(oms.order('b1')?.avgFillPrice).toBe(4995.25);
    expect(oms.record('b1.SL')).toMatchObject({
      role: 'STOP_LOSS',
      reduceOnly: true,
      order: { status: 'ACCEPTED', stopPrice: 4985.25, side: 'SELL' },
    });
    expect(oms.record('b1.TP')).toMatchObject({
      role: 'TAKE_PROFIT',
      reduceOnly: true,
      order: { status: 'ACCEPTED', limitPrice: 5015.25 },
    });
    snap();
    trade(5015.5);
    expect(oms.order('b1.TP')).toMatchObject({ status: 'FILLED', avgFillPrice: 5015.25 });
    expect(oms.order('b1.SL')?.status).toBe('CANCELED');
    snap();

    await oms.submit({
      clientOrderId: 'c1',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 4900,
    });
    await oms.cancel('c1');
    expect(oms.order('c1')?.status).toBe('CANCELED');

    expect(table).toEqual([
      [2, 0, 5],
      [1, 212.5, 7.5],
      [-2, 300, 15],
      [0, 1050, 20],
      [1, 1050, 22.5],
      [0, 2050, 25],
    ]);
    const p = oms.position(ES);
    expect(netRealizedPnl(p)).toBe(2025);
    const acct = oms.account();
    expect(acct.equity).toBe(102_025);
    expect(acct.dailyPnl).toBe(2025);
    expect(acct.marginInUse).toBe(0);
    expect(paper.positionOf(ES)).toBe(0);
    // Everything is in the store: a fresh OMS on it sees the same.
    const again = OrderManager.open({
      store,
      broker: paper,
      clock: new SimulatedClock(T0 + 3600 * US_PER_SECOND),
      instruments: [SPEC],
      startingCapital: 1,
    });
    expect(again.position(ES)).toEqual(p);
    expect(again.account().equity).toBe(102_025);
    expect(again.orders().map((o) => [o.clientOrderId, o.status])).toEqual(
      oms.orders().map((o) => [o.clientOrderId, o.status]),
    );
  });

  it('client ids are idempotent and a repeated fill report is a no-op', async () => {
    const { oms, trade } = setup();
    trade(5000);
    await oms.submit({ clientOrderId: 'x', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    const again = await oms.submit({
      clientOrderId: 'x',
      instrumentId: ES,
      side: 'SELL',
      type: 'MARKET',
      quantity: 9,
    });
    expect(again.status).toBe('duplicate');
    trade(5001);
    const fill = {
      kind: 'fill' as const,
      clientOrderId: oms.order('x')!.clientOrderId,
      executionId: 'P1-E1',
      instrumentId: ES,
      side: 'BUY' as const,
      quantity: 1,
      price: 5001.25,
      commission: { amount: 2.5, currency: 'USD' },
      time: 1,
    };
    oms.handleReport(fill);
    expect(oms.position(ES).quantity).toBe(1);
    expect(oms.orders()).toHaveLength(1);
  });

  it('partial fills by volume are deterministic for a seed', async () => {
    const run = async () => {
      const { oms, trade, store } = setup({ partial: 0.5 });
      trade(5000);
      await oms.submit({ clientOrderId: 'big', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 7 });
      for (let i = 0; i < 20 && oms.order('big')?.status !== 'FILLED'; i++) trade(5000 + i * 0.25, 4);
      return { order: oms.order('big'), fills: store.load().fills.map((f) => [f.quantity, f.price]) };
    };
    const a = await run();
    const b = await run();
    expect(a.order?.status).toBe('FILLED');
    expect(a.fills.length).toBeGreaterThan(1);
    expect(a.fills).toEqual(b.fills);
  });

  it('the gate sees positions and working orders; denials are recorded with reasons', async () => {
    const seen: Array<{ positions: number; working: number }> = [];
    const gate: RiskGate = (input) => {
      seen.push({ positions: input.positions.length, working: input.workingOrders.length });
      return input.order.quantity > 3
        ? { ok: false, reasons: [{ code: 'MAX_POSITION', message: 'more than 3 contracts' }] }
        : { ok: true };
    };
    const { oms, trade, store } = setup({ gate });
    trade(5000);
    await oms.submit({ clientOrderId: 'a', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    trade(5000);
    await oms.submit({
      clientOrderId: 'b',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 4900,
    });
    const denied = await oms.submit({
      clientOrderId: 'c',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 4,
    });
    expect(denied).toMatchObject({ status: 'denied', reasons: [{ code: 'MAX_POSITION' }] });
    expect(oms.order('c')?.status).toBe('DENIED');
    expect(seen).toEqual([
      { positions: 0, working: 0 },
      { positions: 1, working: 0 },
      { positions: 1, working: 1 },
    ]);
    const v = store.validations();
    expect(v.map((x) => [x.clientOrderId, x.approved])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
    ]);
    expect(v[2]?.body).toMatchObject({
      reasons: [{ code: 'MAX_POSITION', message: 'more than 3 contracts' }],
    });
  });

  it('REDUCE_ONLY lets only reducing orders through; a reduce-only order cannot open', async () => {
    const { oms, trade } = setup();
    trade(5000);
    await oms.submit({ clientOrderId: 'a', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 2 });
    trade(5000);
    oms.setPermission('REDUCE_ONLY', 'test');
    expect(
      (await oms.submit({ clientOrderId: 'b', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 }))
        .status,
    ).toBe('denied');
    expect(
      (await oms.submit({ clientOrderId: 'c', instrumentId: ES, side: 'SELL', type: 'MARKET', quantity: 3 }))
        .status,
    ).toBe('denied');
    expect(
      (await oms.submit({ clientOrderId: 'd', instrumentId: ES, side: 'SELL', type: 'MARKET', quantity: 1 }))
        .status,
    ).toBe('submitted');
    oms.setPermission('ACTIVE', 'test over');
    const r = await oms.submit({
      clientOrderId: 'e',
      instrumentId: ES,
      side: 'SELL',
      type: 'MARKET',
      quantity: 5,
      reduceOnly: true,
    });
    expect(r).toMatchObject({ status: 'denied', reasons: [{ code: 'REDUCE_ONLY_ORDER' }] });
  });

  it('bad input is a clear error value', async () => {
    const { oms } = setup();
    const r = await oms.submit({
      clientOrderId: 'z',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
    });
    expect(r.status).toBe('invalid');
    if (r.status === 'invalid') expect(r.error.message).toMatch(/limitPrice/);
    const u = await oms.submit({
      clientOrderId: 'u',
      instrumentId: instrumentId('NQZ25.CME'),
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(u.status === 'invalid' && u.error.message).toMatch(/not configured/);
  });

  it('daily P&L restarts at the 17:00 CT session open', async () => {
    const { oms, trade, clock, store } = setup();
    trade(5000);
    await oms.submit({ clientOrderId: 'a', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 });
    trade(5000); // fills 5000.25
    trade(5010);
    expect(oms.account().dailyPnl).toBeCloseTo((5010 - 5000.25) * 50 - 2.5, 9);
    clock.advanceTo(Date.UTC(2025, 6, 1, 22, 0) * 1000); // 17:00 CDT → trade date 2025-07-02
    trade(5012);
    const a = oms.account();
    expect(a.tradeDate).toBe('2025-07-02');
    expect(a.dailyPnl).toBe(0);
    trade(5014);
    expect(oms.account().dailyPnl).toBe(100);
    expect(store.pnlHistory().map((p) => p.tradeDate)).toEqual(['2025-07-01']);
    expect(oms.account().drawdown).toBe(0);
  });

  it('riskGate in observe mode records the denial and lets the order through; disabled skips the gate', async () => {
    const deny: RiskGate = () => ({ ok: false, reasons: [{ code: 'NOPE', message: 'would deny' }] });
    const { ModuleFlags } = await import('../runtime/index.js');
    const clock = new SimulatedClock(T0);
    const opened = openStore(':memory:');
    if (!opened.ok) throw opened.error;
    const paper = new PaperBroker({ clock, instruments: [SPEC] });
    const modules = new ModuleFlags({ riskGate: { mode: 'observe' } });
    const oms = OrderManager.open({
      store: opened.value,
      broker: paper,
      clock,
      instruments: [SPEC],
      startingCapital: 1e5,
      gate: deny,
      modules,
    });
    const r = await oms.submit({
      clientOrderId: 'o',
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 1,
    });
    expect(r.status).toBe('submitted');
    expect(opened.value.validations()[0]).toMatchObject({
      approved: true,
      body: { observedDenial: [{ code: 'NOPE' }] },
    });
    modules.set('riskGate', { mode: 'enforce' });
    expect(
      (await oms.submit({ clientOrderId: 'p', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 }))
        .status,
    ).toBe('denied');
    modules.set('riskGate', { enabled: false });
    expect(
      (await oms.submit({ clientOrderId: 'q', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 }))
        .status,
    ).toBe('submitted');
    expect(() => modules.set('nope', { enabled: true })).toThrowError(/module "nope" does not exist/);
  });
});
