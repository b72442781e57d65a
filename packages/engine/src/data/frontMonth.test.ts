import { readFileSync } from 'node:fs';
import { instrumentId, SimulatedClock } from '@minhos/core';
import { parseDtcBarCsv } from '@minhos/sierra';
import { ES } from '@minhos/symbols';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { OrderManager } from '../oms/index.js';
import { openStore } from '../store/index.js';
import { barReplaySource } from './barReplaySource.js';
import { frontMonthFeeds } from './frontMonthFeeds.js';
import { frontMonthInstrument } from './frontMonthInstrument.js';
import { rollingSource } from './rollingSource.js';

const us = (iso: string): number => Date.parse(iso) * 1000;
const CSV = readFileSync(new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8');
// The roll of December 2013 by @minhos/symbols' ES rule: trade date 2013-12-12, which opens 17:00 CT on the 11th.
const ROLL = us('2013-12-11T23:00:00Z');

describe('front month from @minhos/symbols', () => {
  it('resolves ESZ13 before the December 2013 roll and ESH14 from it, with the roll instant on the spec', () => {
    const before = frontMonthInstrument(ES, ROLL - 1);
    expect(before).toMatchObject({
      instrumentId: 'ESZ13.CME',
      symbol: 'ESZ13',
      exchange: 'CME',
      rollDate: '2013-12-12',
      rollAt: ROLL,
      spec: { instrumentId: 'ESZ13.CME', pointValue: 50, tickSize: 0.25, currency: 'USD', rollAt: ROLL },
    });
    expect(before.next.code).toBe('ESH14');
    const after = frontMonthInstrument(ES, ROLL);
    expect(after.instrumentId).toBe('ESH14.CME');
    expect(after.next.code).toBe('ESM14');
    expect(new Date(after.rollAt / 1000).toISOString()).toBe('2014-03-12T22:00:00.000Z');
    expect(frontMonthInstrument(ES, ROLL, { marginPerContract: 1 }).spec.marginPerContract).toBe(1);
  });

  it('replays the bundled ES data as the front month: ESZ13 bars until the roll, ESH14 bars after', async () => {
    const z = parseDtcBarCsv(CSV, { contract: 'ES201312' });
    const h = parseDtcBarCsv(CSV, { contract: 'ES201403' });
    const feeds = frontMonthFeeds(ES, '1m', [
      { code: 'ESZ13', bars: z },
      { code: 'ESH14', bars: h },
    ]);
    expect(feeds.map((f) => f.instrumentId)).toEqual(['ESZ13.CME', 'ESH14.CME']);
    const seen: Array<[string, number]> = [];
    const replay = barReplaySource(
      { feeds, speed: 'max', clock: new SimulatedClock(0) },
      { onBar: (id, _tf, bar) => seen.push([id, bar.time]) },
    );
    await replay.done;
    // Time order, and every bar is of the contract that was front month at its time.
    for (let i = 1; i < seen.length; i++)
      expect((seen[i] as [string, number])[1]).toBeGreaterThanOrEqual((seen[i - 1] as [string, number])[1]);
    const lastZ = seen.filter(([id]) => id === 'ESZ13.CME').at(-1)?.[1] as number;
    const firstH = seen.find(([id]) => id === 'ESH14.CME')?.[1] as number;
    expect(lastZ).toBeLessThan(ROLL);
    expect(firstH).toBeGreaterThanOrEqual(ROLL);
    // ESH14 bars before the roll and ESZ13 bars after it (both in the file) are not replayed.
    expect(h.some((b) => b.time < ROLL)).toBe(true);
    expect(z.some((b) => b.time >= ROLL)).toBe(true);
    expect(seen.length).toBe(z.filter((b) => b.time < ROLL).length + h.filter((b) => b.time >= ROLL).length);
    expect(() =>
      frontMonthFeeds(ES, '1m', [
        { code: 'ESZ13', bars: [] },
        { code: 'ESZ13', bars: [] },
      ]),
    ).toThrow(/listed twice/);
  });

  it('a root source switches contracts at the roll on the clock, with no code per contract', () => {
    const clock = new SimulatedClock(us('2013-12-10T15:00:00Z'));
    const log: string[] = [];
    const run = rollingSource({
      spec: ES,
      clock,
      start: (c) => {
        log.push(`start ${c.symbol}`);
        return { stop: () => log.push(`stop ${c.symbol}`) };
      },
      onRoll: (from, to) => log.push(`roll ${from.symbol}->${to.symbol}`),
    });
    expect(run.current.symbol).toBe('ESZ13');
    clock.advanceTo(ROLL - 1);
    expect(log).toEqual(['start ESZ13']);
    clock.advanceTo(ROLL);
    expect(log).toEqual(['start ESZ13', 'stop ESZ13', 'start ESH14', 'roll ESZ13->ESH14']);
    expect(run.current.instrumentId).toBe('ESH14.CME');
    // And the next roll (March 2014) comes by itself.
    clock.advanceTo(us('2014-03-12T22:00:00Z'));
    expect(run.current.symbol).toBe('ESM14');
    run.stop();
    expect(log.at(-1)).toBe('stop ESM14');
  });

  it('the order manager refuses to open a position in the expiring contract from the roll, and accepts the next one', async () => {
    const clock = new SimulatedClock(ROLL - 60_000_000);
    const z = frontMonthInstrument(ES, clock.now());
    const h = frontMonthInstrument(ES, z.rollAt);
    const opened = openStore(':memory:');
    if (!opened.ok) throw opened.error;
    const broker = new PaperBroker({ clock, instruments: [z.spec, h.spec] });
    const oms = OrderManager.open({
      store: opened.value,
      broker,
      clock,
      instruments: [z.spec, h.spec],
      startingCapital: 100_000,
    });
    oms.onMark(z.instrumentId, 1800, clock.now());
    oms.onMark(h.instrumentId, 1795, clock.now());
    const ok = await oms.submit({
      clientOrderId: 'z-before',
      instrumentId: z.instrumentId,
      side: 'BUY',
      type: 'LIMIT',
      limitPrice: 1700,
      quantity: 1,
    });
    expect(ok.status).toBe('submitted');
    clock.advanceTo(ROLL);
    const refused = await oms.submit({
      clientOrderId: 'z-after',
      instrumentId: z.instrumentId,
      side: 'BUY',
      type: 'LIMIT',
      limitPrice: 1700,
      quantity: 1,
    });
    expect(refused).toMatchObject({
      status: 'denied',
      reasons: [expect.objectContaining({ code: 'CONTRACT_ROLLED' })],
    });
    const next = await oms.submit({
      clientOrderId: 'h-after',
      instrumentId: h.instrumentId,
      side: 'BUY',
      type: 'LIMIT',
      limitPrice: 1700,
      quantity: 1,
    });
    expect(next.status).toBe('submitted');
    expect(instrumentId('ESH14.CME')).toBe(h.instrumentId);
    opened.value.close();
  });
});
