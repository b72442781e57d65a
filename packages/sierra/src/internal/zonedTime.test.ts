import { describe, expect, it } from 'vitest';
import { zonedTimeToUtcMs, zoneOffsetMs } from './zonedTime.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedTimeToUtcMs', () => {
  it('applies standard and daylight time', () => {
    expect(iso(zonedTimeToUtcMs('America/Chicago', 2025, 7, 1, 17 * 60))).toBe('2025-07-01T22:00:00.000Z');
    expect(iso(zonedTimeToUtcMs('America/Chicago', 2025, 1, 1, 17 * 60))).toBe('2025-01-01T23:00:00.000Z');
    expect(iso(zonedTimeToUtcMs('Australia/Sydney', 2025, 1, 1, 10 * 60))).toBe('2024-12-31T23:00:00.000Z');
    expect(iso(zonedTimeToUtcMs('UTC', 2025, 1, 1, 24 * 60))).toBe('2025-01-02T00:00:00.000Z');
  });

  it('moves a wall time inside the spring-forward gap forward, and takes the earlier of an ambiguous one', () => {
    expect(iso(zonedTimeToUtcMs('America/Chicago', 2025, 3, 9, 2 * 60 + 30))).toBe(
      '2025-03-09T08:30:00.000Z',
    );
    expect(iso(zonedTimeToUtcMs('America/Chicago', 2025, 11, 2, 60 + 30))).toBe('2025-11-02T06:30:00.000Z');
  });

  it('reads offsets', () => {
    expect(zoneOffsetMs('America/New_York', Date.UTC(2025, 0, 15))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMs('America/New_York', Date.UTC(2025, 6, 15))).toBe(-4 * 3_600_000);
  });
});
