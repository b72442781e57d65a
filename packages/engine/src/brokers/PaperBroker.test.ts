import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientOrderId, instrumentId, SimulatedClock } from '@minhos/core';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrokerReport } from './Broker.js';
import { PaperBroker } from './PaperBroker.js';

const ES = instrumentId('ESZ25.CME');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The venue file and a second connection on it: its `data_version` moves when the venue commits. */
function venueOnDisk(): {
  paper: PaperBroker;
  path: string;
  version: () => number;
  close: () => void;
  clock: SimulatedClock;
} {
  const dir = mkdtempSync(join(tmpdir(), 'minhos-paper-'));
  dirs.push(dir);
  const clock = new SimulatedClock(1_000_000);
  const path = join(dir, 'venue.sqlite');
  const paper = new PaperBroker({ clock, instruments: [{ instrumentId: ES, tickSize: 0.25 }], path });
  const reader = new Database(path, { readonly: true });
  return {
    paper,
    path,
    clock,
    version: () => reader.pragma('data_version', { simple: true }) as number,
    close: () => {
      reader.close();
      paper.close();
    },
  };
}

const bar = (i: number, price: number) => ({
  time: 1_000_000 + i * 60_000_000,
  open: price,
  high: price + 0.5,
  low: price - 0.5,
  close: price,
  volume: 100,
});

describe('PaperBroker persistence on the hot path', () => {
  it('an idle bar or trade (nothing working) does not write to its database', () => {
    const v = venueOnDisk();
    const before = v.version();
    for (let i = 0; i < 50; i++) {
      v.paper.onBar(ES, bar(i, 5000 + i * 0.25));
      v.paper.onTrade(ES, 5000, 1, 1_000_000 + i);
    }
    expect(v.version()).toBe(before);
    v.close();
  });

  it('a fill still commits its order, execution and position, and a restart restores them', async () => {
    const v = venueOnDisk();
    const reports: BrokerReport[] = [];
    v.paper.setListener((r) => reports.push(r));
    v.paper.onTrade(ES, 5000, 10, v.clock.now());
    await v.paper.submit({
      clientOrderId: clientOrderId('a'),
      instrumentId: ES,
      side: 'BUY',
      type: 'MARKET',
      quantity: 2,
      timeInForce: 'DAY',
      reduceOnly: false,
    });
    const afterSubmit = v.version();
    v.paper.onTrade(ES, 5000.25, 10, v.clock.now());
    expect(v.version()).not.toBe(afterSubmit);
    expect(reports.map((r) => r.kind)).toEqual(['accepted', 'fill']);
    // Idle again: the filled order is no longer working.
    const afterFill = v.version();
    v.paper.onBar(ES, bar(1, 5001));
    expect(v.version()).toBe(afterFill);
    v.close();
    const again = new PaperBroker({
      clock: v.clock,
      instruments: [{ instrumentId: ES, tickSize: 0.25 }],
      path: v.path,
    });
    expect(again.positionOf(ES)).toBe(2);
    again.close();
  });
});
