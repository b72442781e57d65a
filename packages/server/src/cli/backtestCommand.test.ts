import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstrumentId } from '@minhos/core';
import { openStore } from '@minhos/engine';
import { writeScid } from '@minhos/sierra';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { loadBarsFile } from './loadBarsFile.js';
import { captureIo, esSubsetCsv, tempDir } from './testFixtures.js';

describe('minhos backtest', () => {
  it('runs the SMA crossover on real ES bars through the engine and writes equity and trades CSV', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 2000);
    const c = captureIo(dir);
    expect(await runCli(['backtest', '--bars', csv, '--out', 'bt', '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out.join('\n'));
    expect(r.instrument).toBe('ESZ13.CME');
    expect(r.bars).toBe(2000);
    expect(r.trades).toBeGreaterThan(5);
    // Every trade pays 2 × $2.50 and the futures net P&L is the sum of the trades.
    expect(r.futures.commissions).toBeCloseTo(r.trades * 5, 6);
    const trades = readFileSync(join(dir, 'bt', 'trades.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(trades).toHaveLength(r.trades + 1);
    const pnl = trades.slice(1).reduce((a, l) => a + Number(l.split(',')[6]), 0);
    expect(pnl).toBeCloseTo(r.futures.netPnl, 0);
    const equity = readFileSync(join(dir, 'bt', 'equity.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(equity[0]).toBe('time_utc,equity');
    expect(Number(equity.at(-1)?.split(',')[1])).toBeCloseTo(100_000 + r.futures.netPnl, 0);
    expect(c.err.some((l) => /^backtest: done — 2000 bars/.test(l))).toBe(true);

    const table = captureIo(dir);
    expect(await runCli(['backtest', '--bars', csv, '--strategy', 'ta'], table.io)).toBe(0);
    const text = table.out.join('\n');
    expect(text).toMatch(/traditional TA rules on 2000 bars/);
    expect(text).toMatch(/--- futures convention ---/);
    expect(text).toMatch(/Return \[%\]/);
  });

  it('gives the same result on the same bars from a CSV, a .scid file and the engine store', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 1500);
    const bars = (await loadBarsFile(csv)).bars;
    const scid = join(dir, 'ESZ13-CME.scid');
    await writeScid(scid, bars);
    const storeFile = join(dir, 'engine.sqlite');
    const opened = openStore(storeFile);
    if (!opened.ok) throw opened.error;
    opened.value.putBars('ESZ13.CME' as InstrumentId, '1m', bars.toBars());
    opened.value.close();
    const results = [];
    for (const argv of [
      ['--bars', csv],
      ['--bars', scid],
      ['--bars', storeFile, '--symbol', 'ESZ13.CME'],
    ]) {
      const c = captureIo(dir);
      expect(await runCli(['backtest', ...argv, '--json'], c.io), argv.join(' ')).toBe(0);
      const r = JSON.parse(c.out.join('\n'));
      results.push([r.bars, r.trades, r.futures.netPnl]);
    }
    expect(results[0]?.[1]).toBeGreaterThan(3);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const noSymbol = captureIo(dir);
    expect(await runCli(['backtest', '--bars', storeFile], noSymbol.io)).toBe(1);
    expect(noSymbol.err[0]).toMatch(/is an engine store: pass --symbol/);
  });

  it('refuses bad arguments with exit 2 and names the option', async () => {
    const cases: [string[], RegExp][] = [
      [['backtest'], /--bars FILE is required/],
      [['backtest', '--bars', 'x.csv', '--strategy', 'magic'], /--strategy must be sma or ta/],
      [['backtest', '--bars', 'x.csv', '--fast', '30', '--slow', '10'], /1 ≤ fast < slow/],
      [['backtest', '--bars', 'x.csv', '--quantity', '1.5'], /--quantity must be a whole number/],
      [['backtest', '--bars', 'x.csv', '--root', 'EURUSD'], /--root must be a futures product/],
    ];
    for (const [argv, message] of cases) {
      const c = captureIo('/');
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join('\n')).toMatch(message);
    }
  });
});
