import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineStore } from './EngineStore.js';
import { openStore } from './EngineStore.js';
import { MemoryStore } from './MemoryStore.js';

function sqlite(): EngineStore {
  const r = openStore(join(mkdtempSync(join(tmpdir(), 'minhos-decisions-')), 'engine.db'));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe.each([
  ['SQLite', sqlite],
  ['memory', () => new MemoryStore()],
])('stored decisions read back (%s store)', (_name, make) => {
  it('returns one decision whole by id and undefined for an unknown id', () => {
    const s = make();
    s.putDecision('d1', 100, {
      id: 'd1',
      fused: { direction: 'long', confidence: 0.8 },
      quality: { overall: 0.7 },
    });
    expect(s.decision('d1')).toEqual({
      id: 'd1',
      time: 100,
      body: { id: 'd1', fused: { direction: 'long', confidence: 0.8 }, quality: { overall: 0.7 } },
    });
    expect(s.decision('nope')).toBeUndefined();
  });

  it('lists newest first, limited, before a time; a re-stored record replaces the old body', () => {
    const s = make();
    s.putDecision('a', 100, { v: 1 });
    s.putDecision('b', 300, { v: 2 });
    s.putDecision('c', 200, { v: 3 });
    s.putDecision('a', 100, { v: 4 });
    expect(s.decisions().map((d) => d.id)).toEqual(['b', 'c', 'a']);
    expect(s.decisions(2).map((d) => d.id)).toEqual(['b', 'c']);
    expect(s.decisions(10, 300).map((d) => d.id)).toEqual(['c', 'a']);
    expect(s.decision('a')?.body).toEqual({ v: 4 });
  });

  it('a decision written in a transaction that throws is not there afterwards', () => {
    const s = make();
    expect(() =>
      s.transaction(() => {
        s.putDecision('x', 1, { v: 1 });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.decision('x')).toBeUndefined();
  });
});
