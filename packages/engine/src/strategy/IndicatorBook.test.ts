import { sma } from '@minhos/models';
import { describe, expect, it } from 'vitest';
import { IndicatorBook } from './IndicatorBook.js';

const bar = (close: number, i: number) => ({
  time: i,
  open: close,
  high: close + 1,
  low: close - 1,
  close,
  volume: i,
});

describe('IndicatorBook', () => {
  it('streams equal the batch indicator and keep the previous value', () => {
    const closes = Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i / 3) * 5);
    const batch = sma(new Float64Array(closes), 5);
    const book = new IndicatorBook({ s: { kind: 'sma', period: 5 } }, 3);
    closes.forEach((c, i) => {
      book.push(bar(c, i));
      expect(Object.is(book.value('s'), batch[i])).toBe(true);
      if (i > 0) expect(Object.is(book.previous('s'), batch[i - 1])).toBe(true);
    });
    expect(book.length).toBe(3);
    expect(book.closes()).toEqual(closes.slice(-3));
    expect(book.volumes()).toEqual([47, 48, 49]);
  });

  it('names unknown indicators and bad periods', () => {
    const book = new IndicatorBook({ s: { kind: 'sma', period: 5 } }, 1);
    expect(() => book.value('x')).toThrow(/indicator x was not declared \(declared: s\)/);
    expect(() => new IndicatorBook({ r: { kind: 'rsi', period: 0 } }, 1)).toThrow(
      /period must be an integer/,
    );
  });
});
