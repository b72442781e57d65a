import { describe, expect, it } from 'vitest';
import {
  type AmplificationInput,
  amplifyPosition,
  DEFAULT_PROFIT_AMPLIFICATION_PARAMS,
} from './profitAmplification.js';

const p = DEFAULT_PROFIT_AMPLIFICATION_PARAMS;
const input = (over: Partial<AmplificationInput>): AmplificationInput => ({
  quantity: 1,
  avgPrice: 100,
  price: 105,
  signalDirection: 1,
  signalConfidence: 0.7,
  adds: 0,
  tickSize: 0.25,
  ...over,
});

describe('amplifyPosition', () => {
  it('adds to a winner while the signal persists, locking the stop', () => {
    expect(amplifyPosition(input({}), p)).toMatchObject({ add: true, target: 2, lockStop: 101 });
    expect(amplifyPosition(input({ quantity: -2, price: 95, signalDirection: -1 }), p)).toMatchObject({
      add: true,
      target: -3,
      lockStop: 99,
    });
  });

  it('refuses with the reason when any condition fails', () => {
    expect(amplifyPosition(input({ quantity: 0 }), p).reason).toMatch(/no position/);
    expect(amplifyPosition(input({ signalDirection: -1 }), p).reason).toMatch(/no longer points/);
    expect(amplifyPosition(input({ signalConfidence: 0.5 }), p).reason).toMatch(/confidence 0.500 < 0.6/);
    expect(amplifyPosition(input({ price: 103 }), p).reason).toMatch(/open profit 3.00 < 4/);
    expect(amplifyPosition(input({ adds: 1 }), p).reason).toMatch(/already added 1 of 1/);
    expect(amplifyPosition(input({ price: 104 }), { ...p, lockPoints: 4 }).reason).toMatch(/within a tick/);
  });
});
