import { readFileSync } from 'node:fs';
import { type Bar, err, instrumentId, MinhosError } from '@minhos/core';
import { DtcClient, DtcSimulator, dtcBarSource, parseDtcBarCsv } from '@minhos/sierra';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../internal/until.js';
import { type DtcMarketDataClient, dtcMarketDataSource } from './dtcMarketDataSource.js';

const CSV = new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url);
const BARS = parseDtcBarCsv(readFileSync(CSV, 'utf8'), { contract: 'ES201312' }).slice(0, 400);
const VX = instrumentId('VXZ13.CFE');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('dtcMarketDataSource', () => {
  it('turns the DTC trades of a non-CME symbol into trades and one-minute bars (sierra aggregation)', async () => {
    const sim = new DtcSimulator({
      instruments: [
        { symbol: 'VXZ13', exchange: 'CFE', source: dtcBarSource(BARS, { description: 'slice' }) },
      ],
      port: 0,
      speed: 3000,
    });
    const { port } = await sim.start();
    const client = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
    cleanups.push(async () => {
      await client.close();
      await sim.stop();
    });
    expect((await client.connect()).ok).toBe(true);
    const trades: Array<{ price: number; volume: number; time: number }> = [];
    const bars: Bar[] = [];
    const run = await dtcMarketDataSource(
      { client, symbol: 'VXZ13', exchange: 'CFE', instrumentId: VX },
      {
        onTrade: (id, price, volume, time) => {
          expect(id).toBe(VX);
          trades.push({ price, volume, time });
        },
        onBar: (id, tf, bar) => {
          expect([id, tf]).toEqual([VX, '1m']);
          bars.push(bar);
        },
      },
    );
    if (!run.ok) throw run.error;
    await until(() => bars.length >= 5);
    run.value.stop();
    await run.value.done;
    // Each bar is exactly the OHLCV of the trades of its minute.
    for (const b of bars.slice(0, 5)) {
      expect(b.time % 60_000_000).toBe(0);
      const inBar = trades.filter((t) => t.time >= b.time && t.time < b.time + 60_000_000);
      expect(inBar.length).toBeGreaterThan(0);
      expect(b.open).toBe(inBar[0]?.price);
      expect(b.close).toBe(inBar.at(-1)?.price);
      expect(b.high).toBe(Math.max(...inBar.map((t) => t.price)));
      expect(b.low).toBe(Math.min(...inBar.map((t) => t.price)));
      expect(b.volume).toBe(inBar.reduce((s, t) => s + t.volume, 0));
    }
    for (let i = 1; i < bars.length; i++)
      expect((bars[i] as Bar).time).toBeGreaterThan((bars[i - 1] as Bar).time);
    expect(client.subscriptions).toEqual([]);
  }, 30_000);

  it('passes on a rejection of an unknown symbol as the client reported it', async () => {
    const sim = new DtcSimulator({
      instruments: [
        { symbol: 'VXZ13', exchange: 'CFE', source: dtcBarSource(BARS, { description: 'slice' }) },
      ],
      port: 0,
    });
    const { port } = await sim.start();
    const client = new DtcClient({ port, heartbeatIntervalMs: 1000, requestTimeoutMs: 3000 });
    cleanups.push(async () => {
      await client.close();
      await sim.stop();
    });
    expect((await client.connect()).ok).toBe(true);
    const r = await dtcMarketDataSource(
      { client, symbol: 'NOPE', exchange: 'CFE', instrumentId: VX },
      { onTrade: () => {}, onBar: () => {} },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('DTC_REJECTED');
  }, 30_000);

  it('explains a CME refusal and points at the SCID tail source', async () => {
    const restricted = new MinhosError(
      'DTC_CME_RESTRICTED',
      'market data for ESZ13 CME rejected: not allowed',
    );
    let closed = false;
    const client: DtcMarketDataClient = {
      subscribe: async () => err(restricted),
      unsubscribe: () => false,
      trades: () =>
        ({
          next: async () => ({ done: true, value: undefined }),
          return: async () => {
            closed = true;
            return { done: true, value: undefined };
          },
          [Symbol.asyncIterator]() {
            return this;
          },
        }) as never,
    };
    const r = await dtcMarketDataSource(
      { client, symbol: 'ESZ13', exchange: 'CME', instrumentId: instrumentId('ESZ13.CME') },
      { onTrade: () => {}, onBar: () => {} },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DATA_CME_RESTRICTED');
    expect(r.error.message).toMatch(/scidTailSource/);
    expect(r.error.message).toMatch(/ESZ13-CME\.scid/);
    expect(r.error.cause).toBe(restricted);
    expect(closed).toBe(true);
  });

  it('rejects a bar interval that is not whole µs', async () => {
    const client = {} as DtcMarketDataClient;
    await expect(
      dtcMarketDataSource(
        { client, symbol: 'X', instrumentId: VX, intervalUs: 1.5 },
        { onTrade: () => {}, onBar: () => {} },
      ),
    ).rejects.toThrow(/whole number of µs/);
  });
});
