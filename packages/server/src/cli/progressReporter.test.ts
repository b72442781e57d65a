import { describe, expect, it } from 'vitest';
import { progressReporter } from './progressReporter.js';
import { captureIo } from './testFixtures.js';

describe('progressReporter', () => {
  it('redraws one bar line in place on a terminal', () => {
    const raw: string[] = [];
    const c = captureIo('/', { isTTY: true, writeErr: (t) => raw.push(t) });
    const p = progressReporter(c.io, 'train', 4);
    p.update(1, 'fold 0');
    p.update(4);
    p.finish('ok');
    expect(raw[0]).toBe('\rtrain [######..................]  25% 1/4 fold 0\x1b[K');
    expect(raw[1]).toBe('\rtrain [########################] 100% 4/4\x1b[K');
    expect(raw[2]).toBe('\r\x1b[K');
    expect(c.err).toEqual(['train: done — ok']);
  });

  it('prints plain lines at each further 10 % when not a terminal', () => {
    const c = captureIo('/');
    const p = progressReporter(c.io, 'backtest', 1000);
    for (let i = 0; i <= 1000; i += 25) p.update(i);
    p.finish();
    expect(c.err).toHaveLength(12);
    expect(c.err[0]).toBe('backtest: 0% (0/1000)');
    expect(c.err[10]).toBe('backtest: 100% (1000/1000)');
    expect(c.err[11]).toBe('backtest: done');
  });
});
