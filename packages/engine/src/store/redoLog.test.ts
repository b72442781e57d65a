import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientOrderId, type Fill, instrumentId, money } from '@minhos/core';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './EngineStore.js';

const ES = instrumentId('ESZ25.CME');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const fill = (id: string, time: number, price: number): Fill => ({
  fillId: id,
  clientOrderId: clientOrderId('o'),
  instrumentId: ES,
  side: 'BUY',
  quantity: 1,
  price,
  commission: money(0),
  time,
});
function path(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minhos-redo-'));
  dirs.push(dir);
  return join(dir, 'engine.sqlite');
}
function open(p: string, readonly = false) {
  const r = openStore(p, { readonly });
  if (!r.ok) throw r.error;
  return r.value;
}

describe('the store redo log', () => {
  it('a commit is one hot_log row; another connection (read-only) sees it; a crash before the fold loses nothing', () => {
    const p = path();
    const a = open(p);
    a.transaction(() => {
      a.putFill(fill('e1', 10, 5000));
      a.setState('mode', 'full_auto', 10);
      a.putMark(ES, 5001, 10);
      a.appendJournal({ seq: 1, time: 10, topic: 'event.fill', body: { x: 1 } });
    });
    const raw = new Database(p, { readonly: true });
    expect((raw.prepare('SELECT COUNT(*) AS n FROM hot_log').get() as { n: number }).n).toBe(1);
    expect((raw.prepare('SELECT COUNT(*) AS n FROM fills').get() as { n: number }).n).toBe(0);
    raw.close();
    const ro = open(p, true);
    expect(ro.getState('mode')).toBe('full_auto');
    expect(ro.load()).toMatchObject({
      fills: [{ fillId: 'e1' }],
      marks: [{ price: 5001 }],
      lastJournalSeq: 1,
    });
    expect(ro.counts()).toMatchObject({ fills: 1, journal: 1, state: 1 });
    ro.close();
    // `a` is never closed (a crash): opening again replays the committed row into the tables.
    const b = open(p);
    expect(b.load().fills.map((f) => f.fillId)).toEqual(['e1']);
    // Insertion order continues after the recovered writes: equal times keep their order.
    b.transaction(() => {
      expect(b.putFill(fill('e1', 10, 1))).toBe(false); // already booked (recovered)
      b.putFill(fill('e0', 10, 4999));
    });
    expect(b.load().fills.map((f) => f.fillId)).toEqual(['e1', 'e0']);
    expect(b.journal(0).map((j) => j.seq)).toEqual([1]);
    expect(() => b.transaction(() => b.appendJournal({ seq: 1, time: 11, topic: 'x', body: {} }))).toThrow(
      /UNIQUE/,
    );
    b.close();
  });

  it('a transaction that throws leaves nothing in the log; a repeated fill id is refused before the fold', () => {
    const s = open(path());
    expect(() =>
      s.transaction(() => {
        s.putFill(fill('e9', 1, 1));
        s.setState('k', 1, 1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    s.transaction(() => {
      expect(s.putFill(fill('e9', 2, 2))).toBe(true);
      expect(s.putFill(fill('e9', 2, 2))).toBe(false);
    });
    expect(s.load().fills.map((f) => [f.fillId, f.price])).toEqual([['e9', 2]]);
    expect(s.getState('k')).toBeUndefined();
    s.close();
  });
});
