import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId, isInstrumentId, splitInstrumentId } from './ids.js';
import { isMinhosError } from './MinhosError.js';
import { formatTimestampUs, fromTimestampUs, toTimestampUs } from './time.js';

describe('ids', () => {
  it('validates instrument ids', () => {
    expect(splitInstrumentId(instrumentId('ESZ25.CME'))).toEqual({ symbol: 'ESZ25', venue: 'CME' });
    expect(isInstrumentId('EURUSD.FX')).toBe(true);
    for (const bad of ['esz25.cme', 'ESZ25-CME', 'ESZ25', '.CME', 'ES Z25.CME']) {
      expect(isInstrumentId(bad)).toBe(false);
      try {
        instrumentId(bad);
        expect.unreachable();
      } catch (e) {
        expect(isMinhosError(e, 'INVALID_INSTRUMENT_ID')).toBe(true);
      }
    }
    expect(() => clientOrderId('')).toThrowError(/1..64/);
  });
});

describe('time', () => {
  it('converts between Date and µs and formats microseconds', () => {
    const us = toTimestampUs(new Date('2025-01-02T03:04:05.006Z')) + 7;
    expect(formatTimestampUs(us)).toBe('2025-01-02T03:04:05.006007Z');
    expect(fromTimestampUs(us).toISOString()).toBe('2025-01-02T03:04:05.006Z');
    expect(formatTimestampUs(toTimestampUs(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
