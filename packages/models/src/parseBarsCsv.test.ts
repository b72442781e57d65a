import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBarsCsv } from './loadBarsCsv.js';
import { parseBarsCsv } from './parseBarsCsv.js';

const iso = (us: number) => new Date(us / 1000).toISOString();
const dataFile = (name: string) => fileURLToPath(new URL(`../../../data/ohlcv/${name}`, import.meta.url));

describe('loadBarsCsv / parseBarsCsv', () => {
  it('reads the bundled Lean futures file, one contract at a time', async () => {
    const { bars, layout, contracts, timeZone } = await loadBarsCsv(dataFile('es_1min_trade_lean.csv'), {
      contract: 'ES201312',
    });
    expect(layout).toBe('lean-futures');
    expect(timeZone).toBe('UTC');
    expect(contracts).toContain('ES201403');
    expect(bars.length).toBe(16_673);
    expect(iso(bars.time[0]!)).toBe('2013-10-06T22:00:00.000Z');
    expect([bars.open[0], bars.high[0], bars.low[0], bars.close[0], bars.volume[0]]).toEqual([
      1676.75, 1677.25, 1673.5, 1675.25, 1884,
    ]);
    await expect(loadBarsCsv(dataFile('es_1min_trade_lean.csv'))).rejects.toThrow(
      /several contracts .*pass contract/,
    );
    await expect(loadBarsCsv(dataFile('es_1min_trade_lean.csv'), { contract: 'ES209912' })).rejects.toThrow(
      /no rows for contract ES209912/,
    );
    await expect(loadBarsCsv('/nonexistent/bars.csv')).rejects.toMatchObject({ code: 'BARS_CSV_INVALID' });
  });

  it('reads the bundled Lean daily file with dates as UTC-midnight day labels', async () => {
    const { bars, layout } = await loadBarsCsv(dataFile('spy_daily_raw_lean.csv'));
    expect(layout).toBe('lean-daily');
    expect(iso(bars.time[0]!)).toBe('1998-01-02T00:00:00.000Z');
    expect(bars.close[0]).toBe(97.36);
  });

  it('reads a Sierra Chart bar export in the chart time zone, which it requires', () => {
    const text = [
      'Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume',
      '2013/11/1, 09:30:00, 1756.25, 1757.00, 1756.00, 1756.75, 5120, 830, 2500, 2620',
      '2013/11/1, 09:31:00.000, 1756.75, 1757.25, 1756.50, 1757.00, 3010, 512, 1400, 1610',
    ].join('\r\n');
    const { bars, layout } = parseBarsCsv(text, { timeZone: 'America/New_York' });
    expect(layout).toBe('sierra');
    expect(iso(bars.time[0]!)).toBe('2013-11-01T13:30:00.000Z'); // EDT, UTC−4
    expect(iso(bars.time[1]!)).toBe('2013-11-01T13:31:00.000Z');
    expect(bars.close[1]).toBe(1757);
    expect(bars.volume[0]).toBe(5120);
    expect(() => parseBarsCsv(text)).toThrow(
      /Sierra Chart bar export carries the chart's time zone.*pass timeZone/,
    );
    expect(() => parseBarsCsv(text, { timeZone: 'Mars/Olympus' })).toThrow(/not an IANA zone/);
  });

  it('reads the vendor layout "YYYY-MM-DD HH:MM:SS" in US/Eastern, through both DST changes', () => {
    const text = [
      '2013-03-10 01:59:00,1550,1551,1549,1550.5,10',
      '2013-03-10 03:00:00,1550.5,1551,1550,1551,12', // the clock jumps 02:00 → 03:00
      '2013-11-03 01:58:00,1760,1761,1759,1760.5,10',
      '2013-11-03 01:59:00,1760.5,1761,1760,1761,11',
      '2013-11-03 01:00:00,1761,1762,1760,1761.5,12', // the repeated hour (EST now)
      '2013-11-03 01:01:00,1761.5,1762,1761,1762,13',
      '2013-11-04 09:30:00,1765,1766,1764,1765.5,2000',
    ].join('\n');
    const { bars, layout, timeZone } = parseBarsCsv(text);
    expect(layout).toBe('vendor-eastern');
    expect(timeZone).toBe('America/New_York');
    expect(Array.from(bars.time, iso)).toEqual([
      '2013-03-10T06:59:00.000Z',
      '2013-03-10T07:00:00.000Z',
      '2013-11-03T05:58:00.000Z',
      '2013-11-03T05:59:00.000Z',
      '2013-11-03T06:00:00.000Z',
      '2013-11-03T06:01:00.000Z',
      '2013-11-04T14:30:00.000Z',
    ]);
    // Another zone on request.
    expect(iso(parseBarsCsv(text, { timeZone: 'America/Chicago' }).bars.time[6]!)).toBe(
      '2013-11-04T15:30:00.000Z',
    );
  });

  it('reads a generic header (epoch seconds, ISO with offsets, local times) and a column mapping', () => {
    const epoch = parseBarsCsv('timestamp,open,high,low,close,volume\n1383571800,1,2,0.5,1.5,7\n');
    expect(epoch.layout).toBe('generic');
    expect(iso(epoch.bars.time[0]!)).toBe('2013-11-04T13:30:00.000Z');
    const zoned = parseBarsCsv('Datetime;Open;High;Low;Close\n2013-11-04T09:30:00-05:00;1;2;0.5;1.5\n');
    expect(iso(zoned.bars.time[0]!)).toBe('2013-11-04T14:30:00.000Z');
    expect(zoned.bars.volume[0]).toBe(0);
    expect(() => parseBarsCsv('date,time,open,high,low,close\n2013-11-04,09:30,1,2,0.5,1.5\n')).toThrow(
      /has no time zone: pass timeZone/,
    );
    const local = parseBarsCsv('date,time,open,high,low,close\n2013-11-04,09:30,1,2,0.5,1.5\n', {
      timeZone: 'Europe/London',
    });
    expect(iso(local.bars.time[0]!)).toBe('2013-11-04T09:30:00.000Z');
    const mapped = parseBarsCsv(
      'Zeit\tEröffnung\tHoch\tTief\tSchluss\tUmsatz\n2013-11-04 15:30:00\t1\t2\t0.5\t1.5\t9\n',
      {
        columns: {
          datetime: 'Zeit',
          open: 'Eröffnung',
          high: 'Hoch',
          low: 'Tief',
          close: 'Schluss',
          volume: 'Umsatz',
        },
        timeZone: 'Europe/Berlin',
      },
    );
    expect(iso(mapped.bars.time[0]!)).toBe('2013-11-04T14:30:00.000Z');
    expect(mapped.bars.volume[0]).toBe(9);
    expect(() =>
      parseBarsCsv('a,b\n1,2\n', { columns: { datetime: 'a', open: 'x', high: 'b', low: 'b', close: 'b' } }),
    ).toThrow(/open → "x" is not in the header/);
  });

  it('names the problem: unknown layout, bad number, bars out of order, empty file', () => {
    expect(() => parseBarsCsv('foo,bar,baz\n1,2,3\n')).toThrow(
      /unknown bar layout \(first line: "foo,bar,baz"\)\. Recognised: Lean futures/,
    );
    expect(() => parseBarsCsv('foo,bar\n')).toThrow(expect.objectContaining({ code: 'BARS_CSV_INVALID' }));
    expect(() =>
      parseBarsCsv('date,open,high,low,close,volume\n2020-01-02,1,2,x,1,5\n', { source: 'spy.csv' }),
    ).toThrow(/spy\.csv line 2: low is "x", expected a number/);
    expect(() =>
      parseBarsCsv('date,open,high,low,close,volume\n2020-01-03,1,2,0,1,5\n2020-01-02,1,2,0,1,5\n'),
    ).toThrow(/line 3: time 2020-01-02T00:00:00.000Z is before the previous bar's/);
    expect(() => parseBarsCsv('\n\n')).toThrow(/empty/);
  });
});
