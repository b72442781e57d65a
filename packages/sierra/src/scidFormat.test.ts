import { describe, expect, it } from 'vitest';
import { decodeScidRecords } from './decodeScidRecords.js';
import { header, join, record } from './internal/handMadeScid.js';
import { ScidError } from './ScidError.js';
import {
  parseScidHeader,
  SCID_EPOCH_OFFSET_US,
  SCID_FIRST_SUB_TRADE,
  SCID_LAST_SUB_TRADE,
  scidDaysToTimestampUs,
  scidTimeToTimestampUs,
  timestampUsToScidTime,
} from './scidFormat.js';

// 2013-12-02T14:30:00.123456Z as µs since 1899-12-30: (41610 days + 14.5 h) in µs + .123456 s.
const SC_DAYS_2013_12_02 = 41610n;
const DT = SC_DAYS_2013_12_02 * 86_400_000_000n + 52_200_000_000n + 123_456n;
const UNIX_US = Date.UTC(2013, 11, 2, 14, 30, 0, 123) * 1000 + 456;

describe('scid header', () => {
  it('parses a hand-written header', () => {
    expect(parseScidHeader(header(), 'h')).toEqual({
      headerSize: 56,
      recordSize: 40,
      version: 1,
      utcStartIndex: 0,
    });
  });

  it.each([
    ['bad magic', header('SCIX'), 'SCID_BAD_MAGIC', 0],
    ['wrong header size', header('SCID', 64), 'SCID_BAD_HEADER_SIZE', 4],
    ['wrong record size', header('SCID', 56, 32), 'SCID_BAD_RECORD_SIZE', 8],
    ['truncated header', header().subarray(0, 30), 'SCID_TRUNCATED_HEADER', 30],
  ])('rejects %s with a typed error naming the offset', (_name, bytes, code, offset) => {
    try {
      parseScidHeader(bytes, 'bad.scid');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScidError);
      const se = e as ScidError;
      expect(se.code).toBe(code);
      expect(se.offset).toBe(offset);
      expect(se.file).toBe('bad.scid');
      expect(se.message).toContain('bad.scid');
    }
  });
});

describe('time conversion', () => {
  it('uses 25569 days between 1899-12-30 and 1970-01-01', () => {
    expect(SCID_EPOCH_OFFSET_US).toBe(Date.UTC(1970, 0, 1) * 1000 - Date.UTC(1899, 11, 30) * 1000);
    expect(scidTimeToTimestampUs(Number(DT))).toBe(UNIX_US);
    expect(timestampUsToScidTime(UNIX_US)).toBe(Number(DT));
    expect(scidDaysToTimestampUs(41610.5)).toBe(Date.UTC(2013, 11, 2, 12) * 1000);
  });
});

describe('decodeScidRecords on hand-made bytes', () => {
  it('decodes int64 µs tick records with sub-trade sentinels, bid/ask and a trade outside the spread', () => {
    const bytes = join(
      record({ dateTime: DT, o: 0, h: 1800.25, l: 1800, c: 1800.25, n: 1, vol: 5, bidVol: 0, askVol: 5 }),
      record({
        dateTime: DT + 1n,
        o: -1.99900095e37,
        h: 1800.25,
        l: 1800,
        c: 1800,
        n: 1,
        vol: 2,
        bidVol: 2,
        askVol: 0,
      }),
      record({
        dateTime: DT + 2n,
        o: -1.99900197e37,
        h: 1800.25,
        l: 1800,
        c: 1800,
        n: 1,
        vol: 3,
        bidVol: 3,
        askVol: 0,
      }),
      record({
        dateTime: DT + 3n,
        o: 0,
        h: 1800.25,
        l: 1800,
        c: 1799.75,
        n: 1,
        vol: 1,
        bidVol: 1,
        askVol: 0,
      }),
    );
    const r = decodeScidRecords(bytes);
    expect(Array.from(r.time)).toEqual([UNIX_US, UNIX_US + 1, UNIX_US + 2, UNIX_US + 3]);
    expect(r.open[0]).toBe(0);
    expect(r.open[1]).toBe(SCID_FIRST_SUB_TRADE);
    expect(r.open[2]).toBe(SCID_LAST_SUB_TRADE);
    expect(SCID_FIRST_SUB_TRADE).not.toBe(SCID_LAST_SUB_TRADE);
    expect(Array.from(r.high)).toEqual([1800.25, 1800.25, 1800.25, 1800.25]);
    expect(Array.from(r.low)).toEqual([1800, 1800, 1800, 1800]);
    // A print below the bid is kept as is: the reader never "fixes" data.
    expect(r.close[3]).toBe(1799.75);
    expect(Array.from(r.totalVolume)).toEqual([5, 2, 3, 1]);
    expect(Array.from(r.bidVolume)).toEqual([0, 2, 3, 1]);
    expect(Array.from(r.askVolume)).toEqual([5, 0, 0, 0]);
    expect(Array.from(r.numTrades)).toEqual([1, 1, 1, 1]);
  });

  it('decodes legacy float64-day DateTimes', () => {
    const days = 41610 + (14.5 * 3600 + 0.25) / 86400;
    const bytes = record({ dateTime: days, o: 1, h: 2, l: 0.5, c: 1.5, n: 7, vol: 9, bidVol: 4, askVol: 5 });
    const r = decodeScidRecords(bytes, { timeFormat: 'float64-days' });
    expect(r.time[0]).toBe(Date.UTC(2013, 11, 2, 14, 30, 0, 250) * 1000);
    expect([r.open[0], r.high[0], r.low[0], r.close[0]]).toEqual([1, 2, 0.5, 1.5]);
  });

  it('reports a NaN price with its byte offset', () => {
    const bytes = join(
      record({ dateTime: DT, o: 1, h: 2, l: 1, c: 2, n: 1, vol: 1, bidVol: 0, askVol: 1 }),
      record({ dateTime: DT + 1n, o: 1, h: Number.NaN, l: 1, c: 2, n: 1, vol: 1, bidVol: 0, askVol: 1 }),
    );
    expect(() => decodeScidRecords(bytes, { file: 'x.scid' })).toThrow(
      expect.objectContaining({ code: 'SCID_NAN_PRICE', offset: 56 + 40 + 12, file: 'x.scid' }),
    );
  });

  it('reports an implausible DateTime instead of decoding garbage', () => {
    const bytes = record({ dateTime: 5n, o: 1, h: 2, l: 1, c: 2, n: 1, vol: 1, bidVol: 0, askVol: 1 });
    expect(() => decodeScidRecords(bytes)).toThrow(
      expect.objectContaining({ code: 'SCID_BAD_TIME', offset: 56 }),
    );
  });

  it('decodes a misaligned buffer the same way', () => {
    const rec = record({ dateTime: DT, o: 1, h: 2, l: 1, c: 2, n: 1, vol: 3, bidVol: 1, askVol: 2 });
    const shifted = new Uint8Array(41);
    shifted.set(rec, 1);
    expect(decodeScidRecords(shifted.subarray(1))).toEqual(decodeScidRecords(rec));
  });
});
