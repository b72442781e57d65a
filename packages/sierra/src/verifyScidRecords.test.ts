import { describe, expect, it } from 'vitest';
import { allocateScidRecords } from './ScidRecords.js';
import { newScidVerification, verifyScidRecords } from './verifyScidRecords.js';

describe('verifyScidRecords', () => {
  it('finds NaN/infinite prices and backwards times, across chunks, with file indexes', () => {
    const a = allocateScidRecords(3);
    a.time.set([10, 20, 30]);
    a.close.set([1, Number.NaN, 3]);
    const b = allocateScidRecords(3);
    b.time.set([25, 40, Number.NaN]);
    b.high.set([1, Number.POSITIVE_INFINITY, 1]);
    const v = newScidVerification();
    verifyScidRecords(a, 0, v);
    verifyScidRecords(b, 3, v);
    expect(v.checked).toBe(6);
    expect(v.bad).toBe(4);
    expect(v.examples).toEqual([
      { index: 1, problem: 'close is NaN' },
      { index: 3, problem: 'time goes backwards (25 after 30)' },
      { index: 4, problem: 'high is Infinity' },
      { index: 5, problem: 'time is NaN' },
    ]);
  });

  it('accepts a healthy tick file: marker opens, a trade below the bid, equal times', () => {
    const r = allocateScidRecords(3);
    r.time.set([5, 5, 6]);
    r.open.set([0, -1.9990019654456028e37, 0]);
    r.high.set([4500.5, 4500.5, 4500.75]);
    r.low.set([4500.25, 4500.25, 4500.5]);
    r.close.set([4500.5, 4500, 4500.75]);
    const v = newScidVerification();
    verifyScidRecords(r, 0, v);
    expect([v.bad, v.examples]).toEqual([0, []]);
  });
});
