import { describe, expect, it } from 'vitest';
import { DirtyKeys } from './DirtyKeys.js';

describe('DirtyKeys', () => {
  it('keeps each key once in first-change order, and starts over after reset', () => {
    const d = new DirtyKeys();
    for (const k of ['b', 'a', 'b', 'c', 'a']) d.add(k);
    expect(Array.from({ length: d.count }, (_, i) => d.at(i))).toEqual(['b', 'a', 'c']);
    d.reset();
    expect(d.count).toBe(0);
    d.add('c');
    d.add('d');
    d.add('c');
    expect(Array.from({ length: d.count }, (_, i) => d.at(i))).toEqual(['c', 'd']);
  });
});
