import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId, US_PER_MINUTE } from '@minhos/core';
import { encodeScidFile, encodeScidRecords, scidRecordsFromRows } from '@minhos/sierra';
import { describe, expect, it } from 'vitest';
import { until } from '../internal/until.js';
import { scidTailSource } from './scidTailSource.js';

const ES = instrumentId('ESZ25.CME');
const T0 = Date.UTC(2025, 6, 1, 14) * 1000;
const rec = (minute: number, second: number, price: number, volume: number) => ({
  time: T0 + minute * US_PER_MINUTE + second * 1_000_000,
  open: 0,
  high: price,
  low: price,
  close: price,
  numTrades: 1,
  totalVolume: volume,
  bidVolume: 0,
  askVolume: volume,
});

describe('scidTailSource', () => {
  it('turns records Sierra appends into trades and completed 1-minute bars', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'minhos-scid-')), 'ESZ25-CME.scid');
    writeFileSync(file, encodeScidFile(scidRecordsFromRows([rec(0, 0, 5000, 1)])));
    const trades: number[] = [];
    const bars: Array<[number, number, number, number, number]> = [];
    const run = scidTailSource(
      { file, instrumentId: ES, pollIntervalMs: 20 },
      {
        onTrade: (_id, price) => trades.push(price),
        onBar: (_id, tf, b) => {
          expect(tf).toBe('1m');
          bars.push([b.open, b.high, b.low, b.close, b.volume]);
        },
      },
    );
    await new Promise((r) => setTimeout(r, 100)); // the tail starts at the end: the first record is history
    appendFileSync(
      file,
      encodeScidRecords(
        scidRecordsFromRows([rec(1, 5, 5001, 2), rec(1, 30, 5003.5, 1), rec(1, 59, 5000.25, 3)]),
      ),
    );
    await until(() => trades.length === 3);
    expect(bars).toEqual([]); // minute 1 still open
    appendFileSync(file, encodeScidRecords(scidRecordsFromRows([rec(2, 0, 5002, 1)])));
    await until(() => bars.length === 1);
    expect(bars).toEqual([[5001, 5003.5, 5000.25, 5000.25, 6]]);
    expect(trades).toEqual([5001, 5003.5, 5000.25, 5002]);
    run.stop();
    await run.done;
  });
});
