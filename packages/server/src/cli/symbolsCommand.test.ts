import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo } from './testFixtures.js';

describe('minhos symbols --json', () => {
  it('prints the roll calendar, the front month, the alerts and parsed symbols as one JSON document each', async () => {
    const roll = captureIo();
    expect(
      await runCli(
        ['symbols', 'roll', 'NQ', 'EURUSD', '--from', '2025-01-01', '--offset', '10', '--json'],
        roll.io,
      ),
    ).toBe(0);
    expect(roll.out).toHaveLength(1);
    const r = JSON.parse(roll.out[0] as string);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(/^EURUSD: \w+, no expiry$/);
    expect(r.products[0].rolls[2]).toEqual({
      contract: 'NQU25-CME',
      expiry: '2025-09-19',
      first_notice: null,
      roll_date: '2025-09-09',
      next: 'NQZ25-CME',
    });
    const front = captureIo();
    expect(
      await runCli(['symbols', 'front', 'NQ', '--at', '2025-09-09', '--offset', '10', '--json'], front.io),
    ).toBe(0);
    expect(JSON.parse(front.out[0] as string).fronts[0]).toMatchObject({
      contract: 'NQZ25-CME',
      next: 'NQH26-CME',
    });
    const status = captureIo();
    expect(await runCli(['symbols', 'status', '--at', '2025-09-01', '--json'], status.io)).toBe(0);
    const s = JSON.parse(status.out[0] as string);
    expect(
      s.alerts.some(
        (a: { symbol: string; level: string }) => a.symbol.startsWith('NQU25') && a.level === 'warning',
      ),
    ).toBe(true);
    expect(s.urgent_count).toBeGreaterThan(0);
    const parse = captureIo();
    expect(await runCli(['symbols', 'parse', 'NQZ25-CME', 'nonsense!', '--json'], parse.io)).toBe(1);
    const p = JSON.parse(parse.out[0] as string).symbols;
    expect(p[0]).toMatchObject({ ok: true, id: 'NQZ25.CME' });
    expect(p[1].ok).toBe(false);
  });
});
