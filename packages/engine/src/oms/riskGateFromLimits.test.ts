import { instrumentId, SimulatedClock, US_PER_SECOND } from '@minhos/core';
import { initialRiskControlState, resolveRiskLimits } from '@minhos/risk';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';
import { riskGateFromLimits } from './riskGateFromLimits.js';

const ES = instrumentId('ESZ25.CME');
const SPEC = { instrumentId: ES, pointValue: 50, tickSize: 0.25, currency: 'USD', marginPerContract: 12_000 };

describe('riskGateFromLimits: @minhos/risk behind the OMS', () => {
  it('counts working orders in the worst-case position, and records the denial with the check that denied', async () => {
    const clock = new SimulatedClock(Date.UTC(2025, 6, 1, 14) * 1000);
    const opened = openStore(':memory:');
    if (!opened.ok) throw opened.error;
    const paper = new PaperBroker({ clock, instruments: [SPEC] });
    const control = initialRiskControlState();
    const gate = riskGateFromLimits({
      limits: resolveRiskLimits({ maxPositionContracts: 2 }),
      control: () => control,
    });
    const oms = OrderManager.open({
      store: opened.value,
      broker: paper,
      clock,
      instruments: [SPEC],
      startingCapital: 100_000,
      gate,
    });
    const trade = (p: number) => {
      clock.advanceBy(US_PER_SECOND);
      oms.onMark(ES, p, clock.now());
      paper.onTrade(ES, p, 5, clock.now());
    };
    trade(5000);
    expect(
      (await oms.submit({ clientOrderId: 'a', instrumentId: ES, side: 'BUY', type: 'MARKET', quantity: 1 }))
        .status,
    ).toBe('submitted');
    trade(5000);
    expect(oms.position(ES).quantity).toBe(1);
    expect(
      (
        await oms.submit({
          clientOrderId: 'b',
          instrumentId: ES,
          side: 'BUY',
          type: 'LIMIT',
          quantity: 1,
          limitPrice: 4999,
        })
      ).status,
    ).toBe('submitted');
    // 1 held + 1 working + 1 new = 3 > 2: only a gate that sees the working order denies this.
    const c = await oms.submit({
      clientOrderId: 'c',
      instrumentId: ES,
      side: 'BUY',
      type: 'LIMIT',
      quantity: 1,
      limitPrice: 4998,
    });
    expect(c.status).toBe('denied');
    if (c.status !== 'denied') return;
    expect(c.reasons.map((r) => r.code)).toContain('POSITION_LIMIT');
    const recorded = opened.value.validations().at(-1);
    expect(recorded).toMatchObject({ clientOrderId: 'c', approved: false });
    expect(JSON.stringify(recorded?.body)).toContain('POSITION_LIMIT');
    // Selling reduces: allowed.
    expect(
      (
        await oms.submit({
          clientOrderId: 'd',
          instrumentId: ES,
          side: 'SELL',
          type: 'LIMIT',
          quantity: 1,
          limitPrice: 5003,
        })
      ).status,
    ).toBe('submitted');
  });
});
