import { type InstrumentId, orderId, US_PER_DAY, US_PER_SECOND } from '@minhos/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emergencyStopActions } from './emergencyStopActions.js';
import { ES, NOW, NQ, testRequest } from './internal/testRequest.js';
import type { PreTradeRequest } from './RiskCheck.js';
import {
  BREAKER_KINDS,
  type BreakerKind,
  DEFAULT_BREAKER_EFFECTS,
  type EmergencyStopLevel,
} from './RiskControlState.js';
import type { OrderRole, PositionExposure, ProposedOrder, WorkingOrder } from './types.js';
import { validateOrder } from './validateOrder.js';
import { worstCaseBook } from './worstCaseBook.js';

// Two instruments, each with its own spec and market; prices on tick.
type Id = typeof ES | typeof NQ;
const spec = (id: InstrumentId) =>
  id === ES
    ? { pointValue: 50, tickSize: 0.25, last: 6000 }
    : { pointValue: 20, tickSize: 0.25, last: 21_000 };

interface Stress {
  readonly ageS: number;
  readonly recent: number;
  readonly breakers: readonly BreakerKind[];
  readonly dailyPnl: number;
  readonly equityDrop: number;
  readonly volRatio: number;
  readonly rollInDays: number;
}

const arbStress: fc.Arbitrary<Stress> = fc.record({
  ageS: fc.integer({ min: 0, max: 1_000 }),
  recent: fc.integer({ min: 0, max: 30 }),
  breakers: fc.subarray([...BREAKER_KINDS]),
  dailyPnl: fc.integer({ min: -3_000, max: 500 }),
  equityDrop: fc.double({ min: 0, max: 0.3, noNaN: true }),
  volRatio: fc.double({ min: 0.5, max: 8, noNaN: true }),
  rollInDays: fc.integer({ min: -5, max: 40 }),
});

function request(
  level: EmergencyStopLevel,
  stress: Stress,
  order: ProposedOrder,
  positions: readonly PositionExposure[],
  workingOrders: readonly WorkingOrder[],
): PreTradeRequest {
  const base = testRequest();
  const s = spec(order.instrument);
  return {
    ...base,
    order,
    instrument: {
      ...base.instrument,
      instrument: order.instrument,
      pointValue: s.pointValue,
      tickSize: s.tickSize,
      rollDate: NOW + stress.rollInDays * US_PER_DAY,
    },
    positions,
    workingOrders,
    account: { equity: 100_000 * (1 - stress.equityDrop), peakEquity: 100_000, dailyPnl: stress.dailyPnl },
    market: {
      lastPrice: s.last,
      lastUpdate: NOW - stress.ageS * US_PER_SECOND,
      volatility: { realisedPerBar: stress.volRatio, baselinePerBar: 1 },
    },
    control: {
      ...base.control,
      emergencyStop: { level },
      breakers: Object.fromEntries(
        stress.breakers.map((kind) => [
          kind,
          {
            kind,
            effect: DEFAULT_BREAKER_EFFECTS[kind],
            trippedAt: NOW - 1,
            actor: 'test',
            reason: 'property',
          },
        ]),
      ),
    },
    recentOrderTimes: Array.from({ length: stress.recent }, (_, i) => NOW - i * US_PER_SECOND),
  };
}

const position = (instrument: Id, quantity: number): PositionExposure => ({
  instrument,
  quantity,
  markPrice: spec(instrument).last,
  pointValue: spec(instrument).pointValue,
});

const arbOrder = fc
  .record({
    instrument: fc.constantFrom<Id>(ES, NQ),
    side: fc.constantFrom('BUY' as const, 'SELL' as const),
    quantity: fc.integer({ min: 1, max: 6 }),
    type: fc.constantFrom('MARKET' as const, 'LIMIT' as const, 'STOP' as const),
    ticks: fc.integer({ min: -40, max: 40 }),
    role: fc.constantFrom<OrderRole>('ENTRY', 'STOP_LOSS', 'TAKE_PROFIT'),
    reduceOnly: fc.boolean(),
  })
  .map((o): ProposedOrder => {
    const price = spec(o.instrument).last + o.ticks * spec(o.instrument).tickSize;
    return {
      instrument: o.instrument,
      side: o.side,
      quantity: o.quantity,
      type: o.type,
      ...(o.type === 'LIMIT' ? { limitPrice: price } : o.type === 'STOP' ? { stopPrice: price } : {}),
      role: o.role,
      reduceOnly: o.reduceOnly,
    };
  });

const toWorking = (o: ProposedOrder, id: string): WorkingOrder => ({
  id: orderId(id),
  instrument: o.instrument,
  side: o.side,
  remainingQuantity: o.quantity,
  ...(o.type === undefined ? {} : { type: o.type }),
  ...(o.limitPrice === undefined ? {} : { limitPrice: o.limitPrice }),
  ...(o.stopPrice === undefined ? {} : { stopPrice: o.stopPrice }),
  ...(o.role === undefined ? {} : { role: o.role }),
  pointValue: spec(o.instrument).pointValue,
});

describe('emergency stop properties over random books', () => {
  it('REDUCE_ONLY and HALT: kept orders plus every order the gate passes never take a book beyond flat', () => {
    let passedOrders = 0;
    fc.assert(
      fc.property(
        fc.constantFrom<EmergencyStopLevel>('REDUCE_ONLY', 'HALT'),
        fc.integer({ min: -6, max: 6 }),
        fc.integer({ min: -6, max: 6 }),
        fc.array(arbOrder, { maxLength: 8 }),
        fc.array(arbOrder, { minLength: 1, maxLength: 12 }),
        arbStress,
        (level, es, nq, existing, proposed, stress) => {
          const positions = [position(ES, es), position(NQ, nq)];
          const book = existing.map((o, i) => toWorking(o, `w${i}`));
          const { keep } = emergencyStopActions(level, { positions, workingOrders: book });
          const working = book.filter((o) => keep.includes(o.id));
          proposed.forEach((order, i) => {
            const d = validateOrder(request(level, stress, order, positions, working));
            if (d.ok) {
              passedOrders++;
              working.push(toWorking(order, `p${i}`));
            }
          });
          // Any subset of the working orders may fill: the extremes are all buys or all sells.
          for (const w of worstCaseBook(positions, working).values()) {
            const lo = Math.min(0, w.position);
            const hi = Math.max(0, w.position);
            expect(w.worstShort).toBeGreaterThanOrEqual(lo);
            expect(w.worstLong).toBeLessThanOrEqual(hi);
            expect(w.worstShort).toBeLessThanOrEqual(hi);
            expect(w.worstLong).toBeGreaterThanOrEqual(lo);
          }
        },
      ),
      { numRuns: 500 },
    );
    expect(passedOrders).toBeGreaterThan(50);
  });

  it('FLATTEN always flattens: its closing orders pass under any stress and leave every position at 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -8, max: 8 }),
        fc.integer({ min: -8, max: 8 }),
        fc.array(arbOrder, { maxLength: 8 }),
        arbStress,
        fc.constantFrom<EmergencyStopLevel>('FLATTEN', 'HALT', 'REDUCE_ONLY', 'NONE'),
        (es, nq, existing, stress, levelDuringClose) => {
          const positions = [position(ES, es), position(NQ, nq)];
          const book = existing.map((o, i) => toWorking(o, `w${i}`));
          const { cancel, close } = emergencyStopActions('FLATTEN', { positions, workingOrders: book });
          expect(cancel).toHaveLength(book.length);
          // Cancels confirmed; the closing orders go through the gate one after the other.
          const working: WorkingOrder[] = [];
          const after = new Map<InstrumentId, number>([
            [ES, es],
            [NQ, nq],
          ]);
          close.forEach((order, i) => {
            const d = validateOrder(request(levelDuringClose, stress, order, positions, working));
            expect(d.ok ? [] : d.reasons.map((r) => `${r.code}: ${r.message}`)).toEqual([]);
            working.push(toWorking(order, `c${i}`));
            const signed = order.side === 'BUY' ? order.quantity : -order.quantity;
            after.set(order.instrument, (after.get(order.instrument) ?? 0) + signed);
          });
          for (const q of after.values()) expect(q).toBe(0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
