import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarSeries, US_PER_MINUTE } from '@minhos/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DtcClient } from './DtcClient.js';
import { DtcHistoricalClient } from './DtcHistoricalClient.js';
import { DtcSimulator } from './DtcSimulator.js';
import type { DtcReplayEvent } from './dtcReplaySource.js';
import { dtcScidSource } from './dtcScidSource.js';
import { ScidWriter } from './ScidWriter.js';

const dir = mkdtempSync(join(tmpdir(), 'dtc-scid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2025, 10, 3, 14, 30) * 1000;

async function collect(it: AsyncIterable<DtcReplayEvent>): Promise<DtcReplayEvent[]> {
  const out: DtcReplayEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('dtcScidSource', () => {
  it('replays tick records as quotes (on change) and trades with their aggressor, from any time', async () => {
    const file = join(dir, 'ticks.scid');
    const w = await ScidWriter.create(file, { mode: 'overwrite' });
    await w.appendTicks([
      { time: T0, price: 4500.25, size: 2, bid: 4500, ask: 4500.25, aggressor: 'BUY' },
      { time: T0 + 10, price: 4500, size: 1, bid: 4500, ask: 4500.25, aggressor: 'SELL' },
      { time: T0 + 20, price: 4500.5, size: 3, bid: 4500.25, ask: 4500.5 },
    ]);
    await w.close();
    const src = dtcScidSource(file, { chunkRecords: 2 });
    expect(await collect(src.events())).toEqual([
      { kind: 'quote', time: T0, bid: 4500, ask: 4500.25, bidSize: 0, askSize: 0 },
      { kind: 'trade', time: T0, price: 4500.25, size: 2, aggressor: 'BUY' },
      { kind: 'trade', time: T0 + 10, price: 4500, size: 1, aggressor: 'SELL' },
      { kind: 'quote', time: T0 + 20, bid: 4500.25, ask: 4500.5, bidSize: 0, askSize: 0 },
      { kind: 'trade', time: T0 + 20, price: 4500.5, size: 3 }, // no bid/ask volume split: aggressor unknown
    ]);
    // Starting mid-file, the current quote comes first.
    expect((await collect(src.events(T0 + 10))).map((e) => `${e.kind}@${e.time - T0}`)).toEqual([
      'quote@10',
      'trade@10',
      'quote@20',
      'trade@20',
    ]);
  });

  it('serves a bar .scid to a DtcClient: live trades and identical historical bars', async () => {
    const file = join(dir, 'bars.scid');
    const bars = Array.from({ length: 30 }, (_, i) => ({
      time: T0 + i * US_PER_MINUTE,
      open: 4500 + i,
      high: 4502 + i,
      low: 4499 + i,
      close: 4501 + i,
      volume: 100 + i,
    }));
    const w = await ScidWriter.create(file, { mode: 'overwrite' });
    await w.appendBars(BarSeries.fromBars(bars));
    await w.close();
    const source = dtcScidSource(file, { barIntervalUs: US_PER_MINUTE });
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'ESZ25-CME', source }],
      port: 0,
      speed: 'max',
      replayFrom: (bars[20] as { time: number }).time,
    });
    const { port } = await sim.start();
    const client = new DtcClient({ port });
    try {
      expect((await client.connect()).ok).toBe(true);
      const hist = await new DtcHistoricalClient({ port }).historicalBars({
        symbol: 'ESZ25-CME',
        intervalSeconds: 60,
      });
      if (!hist.ok) throw hist.error;
      expect(
        hist.value.map(({ time, open, high, low, close, volume }) => ({
          time,
          open,
          high,
          low,
          close,
          volume,
        })),
      ).toEqual(bars.slice(0, 20));
      const trades = client.trades();
      await client.subscribe('ESZ25-CME');
      const first = (await trades.next()).value;
      expect([first.time, first.price]).toEqual([bars[20]?.time, bars[20]?.open]);
    } finally {
      await client.close();
      await sim.stop();
    }
  });
});
