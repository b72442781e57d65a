import { join } from 'node:path';
import { BarSeries } from '@minhos/core';
import { ScidWriter } from '@minhos/sierra';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, tempDir } from './testFixtures.js';

const T0 = Date.UTC(2013, 11, 2, 14, 30) * 1000;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('minhos scid tail', () => {
  it('prints trades appended while it follows, aggregates bars, and stops cleanly on abort (exit 0)', async () => {
    const file = join(tempDir(), 'ES.scid');
    const writer = await ScidWriter.create(file, { mode: 'overwrite' });
    await writer.appendTicks([{ time: T0, price: 1800, size: 1, bid: 1799.75, ask: 1800 }]);
    await writer.flush();
    const ac = new AbortController();
    const c = captureIo('/', { signal: ac.signal });
    const running = runCli(['scid', 'tail', file, '--bars', '1m'], c.io);
    const plain = captureIo('/', { signal: ac.signal });
    const trades = runCli(['scid', 'tail', file, '--from-start', '--json'], plain.io);
    await until(() => plain.out.length >= 1);
    // Sierra appends: two trades in the 14:30 minute, one at 14:31 closes that bar.
    await writer.appendTicks([
      { time: T0 + 1_000_000, price: 1800.5, size: 2, bid: 1800.25, ask: 1800.5 },
      { time: T0 + 2_000_000, price: 1799.5, size: 3, bid: 1799.5, ask: 1799.75 },
      { time: T0 + 61_000_000, price: 1801, size: 4, bid: 1800.75, ask: 1801 },
    ]);
    await writer.flush();
    await until(() => plain.out.length >= 4 && c.out.length >= 2);
    ac.abort();
    expect(await running).toBe(0);
    expect(await trades).toBe(0);
    await writer.close();
    // From the end: the first trade (already in the file) is not part of the 14:30 bar.
    expect(c.out).toEqual([
      'time,open,high,low,close,volume,trades',
      '2013-12-02T14:30:00.000Z,1800.5,1800.5,1799.5,1799.5,5,2',
    ]);
    expect(plain.out.map((l) => JSON.parse(l))).toEqual([
      { time: '2013-12-02T14:30:00.000Z', price: 1800, size: 1, bid: 1799.75, ask: 1800 },
      { time: '2013-12-02T14:30:01.000Z', price: 1800.5, size: 2, bid: 1800.25, ask: 1800.5 },
      { time: '2013-12-02T14:30:02.000Z', price: 1799.5, size: 3, bid: 1799.5, ask: 1799.75 },
      { time: '2013-12-02T14:31:01.000Z', price: 1801, size: 4, bid: 1800.75, ask: 1801 },
    ]);
    expect(c.err.at(-1)).toBe('minhos scid tail: stopped after 1 lines');
  });

  it('stops by itself after --limit lines of a bar file', async () => {
    const file = join(tempDir(), 'ES.scid');
    const bars = BarSeries.fromBars(
      Array.from({ length: 5 }, (_, i) => ({
        time: T0 + i * 60_000_000,
        open: 1800 + i,
        high: 1801 + i,
        low: 1799 + i,
        close: 1800.25 + i,
        volume: 100 + i,
      })),
    );
    const writer = await ScidWriter.create(file, { mode: 'overwrite' });
    await writer.appendBars(bars);
    await writer.close();
    const c = captureIo('/');
    expect(await runCli(['scid', 'tail', file, '--from-start', '--limit', '2'], c.io)).toBe(0);
    expect(c.out.slice(1)).toEqual([
      '2013-12-02T14:30:00.000Z,1800,1801,1799,1800.25,100,0',
      '2013-12-02T14:31:00.000Z,1801,1802,1800,1801.25,101,0',
    ]);
  });

  it('scid info --json prints one JSON document (with --verify, the verification too)', async () => {
    const file = join(tempDir(), 'ES.scid');
    const writer = await ScidWriter.create(file, { mode: 'overwrite' });
    await writer.appendTicks([
      { time: T0, price: 1800, size: 1 },
      { time: T0 + 1_000_000, price: 1800.25, size: 2 },
    ]);
    await writer.close();
    const c = captureIo('/');
    expect(await runCli(['scid', 'info', file, '--json', '--verify'], c.io)).toBe(0);
    expect(c.out).toHaveLength(1);
    expect(JSON.parse(c.out[0] as string)).toMatchObject({
      records: 2,
      record_size: 40,
      first_time: '2013-12-02T14:30:00.000Z',
      last_time: '2013-12-02T14:30:01.000Z',
      verify: { checked: 2, bad: 0, error: null },
    });
  });

  it('refuses bad options with exit 2', async () => {
    for (const argv of [
      ['scid', 'tail'],
      ['scid', 'tail', 'x.scid', '--bars', '7q'],
      ['scid', 'tail', 'x.scid', '--limit', '0'],
      ['scid', 'tail', 'x.scid', '--follow'],
    ]) {
      const c = captureIo('/');
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join('\n')).toMatch(
        /tail FILE|--bars must look like|--limit must be|Unknown option '--follow'/,
      );
    }
  });
});
