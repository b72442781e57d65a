import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDly, readDly } from './readDly.js';

describe('parseDly', () => {
  it("parses Sierra's spaced header, CRLF and trailing whitespace", () => {
    const text =
      'Date, Open, High, Low, Close, Volume, OpenInterest\r\n' +
      '2013/12/02, 1805.50, 1809.00, 1797.00, 1800.00, 1138161, 2750123  \r\n' +
      '2013/12/03, 1794.00, 1798.50, 1786.25, 1791.50, 1423127, 2751000\r\n\r\n';
    const d = parseDly(text, 'ESZ13.dly');
    expect(d.dates).toEqual(['2013-12-02', '2013-12-03']);
    expect(d.bars.toBars()).toEqual([
      {
        time: Date.UTC(2013, 11, 2) * 1000,
        open: 1805.5,
        high: 1809,
        low: 1797,
        close: 1800,
        volume: 1138161,
      },
      {
        time: Date.UTC(2013, 11, 3) * 1000,
        open: 1794,
        high: 1798.5,
        low: 1786.25,
        close: 1791.5,
        volume: 1423127,
      },
    ]);
    expect(Array.from(d.openInterest)).toEqual([2750123, 2751000]);
  });

  it('accepts a file without OpenInterest and a BOM', () => {
    const d = parseDly('\uFEFFDate,Open,High,Low,Close,Volume\n2020/01/02,1,2,0.5,1.5,10\n');
    expect(Array.from(d.openInterest)).toEqual([0]);
    expect(d.bars.close[0]).toBe(1.5);
  });

  it.each([
    ['Date, Open, High, Low, Close\n', 'DLY_BAD_HEADER', 1],
    ['Date, Open, High, Low, Close, Volume\n2020/13/01, 1, 2, 0, 1, 5\n', 'DLY_BAD_ROW', 2],
    ['Date, Open, High, Low, Close, Volume\n2020/01/02, 1, x, 0, 1, 5\n', 'DLY_BAD_ROW', 2],
    ['Date, Open, High, Low, Close, Volume\n\n2020/01/02, 1, 2\n', 'DLY_BAD_ROW', 3],
    [
      'Date, Open, High, Low, Close, Volume\n2020/01/03, 1, 2, 0, 1, 5\n2020/01/02, 1, 2, 0, 1, 5\n',
      'DLY_UNSORTED',
      3,
    ],
    ['', 'DLY_BAD_HEADER', 0],
  ])('rejects bad input %# with its line', (text, code, line) => {
    expect(() => parseDly(text, 'x.dly')).toThrow(expect.objectContaining({ code, line, file: 'x.dly' }));
  });

  it('reads a file and reports a missing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-dly-'));
    try {
      const p = join(dir, 'ES.dly');
      writeFileSync(
        p,
        'Date, Open, High, Low, Close, Volume, OpenInterest\n2021/03/31, 3950, 3980, 3940, 3970.25, 1000, 5\n',
      );
      expect((await readDly(p)).bars.close[0]).toBe(3970.25);
      await expect(readDly(join(dir, 'missing.dly'))).rejects.toMatchObject({ code: 'DLY_IO' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
