import { SimulatedClock } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { TradingModes } from './TradingModes.js';

const store = () => {
  const s = openStore(':memory:');
  if (!s.ok) throw s.error;
  return s.value;
};

describe('TradingModes', () => {
  it('routes by mode and threshold; emergency levels win in every mode', () => {
    const clock = new SimulatedClock(0);
    const m = new TradingModes({ clock, mode: 'manual', approvalTimeoutSeconds: 30 });
    expect(m.route(0.99, true).action).toBe('signal_only');
    m.setMode('semi_auto', 'tester', 'try');
    expect(m.route(0.75, true).action).toBe('await_approval');
    expect(m.route(0.7499, true).action).toBe('signal_only');
    m.setMode('full_auto', 'tester', 'go');
    expect(m.route(0.75, true).action).toBe('execute');
    m.setEmergencyLevel('HALT', 'risk desk', 'fat finger');
    expect(m.route(0.99, true)).toEqual({
      action: 'blocked',
      reason: 'emergency level HALT: no new risk in any mode',
    });
    expect(m.route(0.99, false).action).toBe('execute');
  });

  it('approvals run when approved in time, expire on the clock, and are refused after', async () => {
    const clock = new SimulatedClock(0);
    const m = new TradingModes({ clock, mode: 'semi_auto', approvalTimeoutSeconds: 30 });
    const ran: string[] = [];
    m.requestApproval('a', { side: 'BUY' }, () => void ran.push('a'));
    m.requestApproval('b', { side: 'SELL' }, () => void ran.push('b'));
    clock.advanceTo(29_999_999);
    expect((await m.approve('a', 'alice')).ok).toBe(true);
    clock.advanceTo(30_000_000);
    expect(m.pending()).toEqual([]);
    expect(await m.approve('b', 'alice')).toMatchObject({ ok: false, code: 'EXPIRED' });
    expect(await m.approve('a', 'alice')).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    expect(await m.approve('zz', 'alice')).toMatchObject({ ok: false, code: 'UNKNOWN' });
    expect(ran).toEqual(['a']);
    expect(m.events.map((e) => [e.kind, e.approvalId])).toEqual([
      ['APPROVAL_REQUESTED', 'a'],
      ['APPROVAL_REQUESTED', 'b'],
      ['APPROVED', 'a'],
      ['EXPIRED', 'b'],
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an emergency cancels pending approvals; mode and level persist with actor and reason', () => {
    const clock = new SimulatedClock(5);
    const s = store();
    const m = new TradingModes({ clock, store: s, mode: 'semi_auto', approvalTimeoutSeconds: 60 });
    m.requestApproval('x', {}, () => {});
    m.setEmergencyLevel('FLATTEN', 'ops', 'exchange halt');
    expect(m.pending()).toEqual([]);
    m.setMode('full_auto', 'lead', 'after review');
    const restored = new TradingModes({ clock, store: s, mode: 'manual', approvalTimeoutSeconds: 60 });
    expect(restored.mode).toBe('full_auto');
    expect(restored.emergencyLevel).toBe('FLATTEN');
    const events = s
      .riskEvents()
      .map((e) => [e.kind, (e.body as { actor: string }).actor, (e.body as { reason: string }).reason]);
    expect(events).toContainEqual(['MODE_CHANGE', 'lead', 'after review']);
    expect(events).toContainEqual(['EMERGENCY_LEVEL', 'ops', 'exchange halt']);
    expect(events).toContainEqual(['REJECTED', 'ops', 'emergency level FLATTEN']);
    s.close();
  });

  it('names bad settings', () => {
    const clock = new SimulatedClock(0);
    expect(() => new TradingModes({ clock, mode: 'manual', approvalTimeoutSeconds: 0 })).toThrow(
      /approvalTimeoutSeconds must be > 0/,
    );
    expect(
      () => new TradingModes({ clock, mode: 'manual', approvalTimeoutSeconds: 1, autonomousThreshold: 2 }),
    ).toThrow(/autonomousThreshold/);
  });
});
