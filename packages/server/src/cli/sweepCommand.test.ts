import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { parseParam } from './sweepCommand.js';
import { captureIo, esSubsetCsv, tempDir } from './testFixtures.js';

describe('minhos sweep (in-process default)', () => {
  it('runs a grid on worker threads, ranks it, writes CSV/JSON and the engine store; a rerun reuses every job', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 900);
    const argv = [
      'sweep',
      '--bars',
      csv,
      '--param',
      'fast=5,10',
      '--param',
      'slow=20,40',
      '--rank',
      'returnPct',
      '--threads',
      '2',
    ];
    const c = captureIo(dir);
    expect(await runCli([...argv, '--out', 'res', '--json'], c.io)).toBe(0);
    const report = JSON.parse(c.out.join('\n'));
    expect(report.mode).toBe('in-process');
    expect(report.total).toBe(4);
    expect(report.completed).toBe(4);
    expect(report.rows.map((r: { rank: number }) => r.rank)).toEqual([1, 2, 3, 4]);
    const values = report.rows.map((r: { value: number }) => r.value);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(Object.keys(report.rows[0].stats)).toContain('sharpeRatio');
    const lines = readFileSync(join(dir, 'res', 'sweep.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^rank,job,state,attempts,fold,fast,slow,returnPct,Start,End,/);
    expect(JSON.parse(readFileSync(join(dir, 'res', 'sweep.json'), 'utf8')).rows).toHaveLength(4);
    expect(existsSync(join(dir, '.minhos', 'engine.sqlite'))).toBe(true);
    expect(c.err.some((l) => /^sweep: done — 4 completed, 0 failed, 0 reused/.test(l))).toBe(true);

    const again = captureIo(dir);
    expect(await runCli(argv, again.io)).toBe(0);
    expect(again.err.some((l) => /4 completed, 0 failed, 4 reused/.test(l))).toBe(true);
    const table = again.out.join('\n');
    expect(table).toMatch(/rank\s+fast\s+slow\s+returnPct/);
    expect(table).toMatch(/reused/);
  });

  it('walk-forward: one job per fold, each with the parameters it chose on its training bars', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 1000);
    const c = captureIo(dir);
    const code = await runCli(
      [
        'sweep',
        '--bars',
        csv,
        '--param',
        'fast=5,10',
        '--param',
        'slow=30',
        '--walk-forward',
        '400:300:30',
        '--threads',
        '2',
        '--json',
      ],
      c.io,
    );
    expect(code).toBe(0);
    const report = JSON.parse(c.out.join('\n'));
    expect(report.total).toBe(2); // tests [400, 700) and [700, 1000)
    const folds = report.rows.map((r: { fold: number }) => r.fold).sort();
    expect(folds).toEqual([0, 1]);
    for (const r of report.rows) expect([5, 10]).toContain(r.params.fast);
  });

  it('refuses bad arguments with exit 2 and names the option', async () => {
    const cases: [string[], RegExp][] = [
      [['sweep'], /--bars FILE is required/],
      [['sweep', '--bars', 'x.scid', '--param', 'fast=1'], /read CSV bars by reference/],
      [['sweep', '--bars', 'x.csv'], /at least one --param/],
      [['sweep', '--bars', 'x.csv', '--param', 'fast'], /--param must be NAME=V1,V2/],
      [['sweep', '--bars', 'x.csv', '--param', 'fast=5', '--rank', 'sharp'], /--rank must be a statistic/],
      [['sweep', '--bars', 'x.csv', '--param', 'fast=5', '--walk-forward', '10'], /TRAIN:TEST\[:WARMUP\]/],
      [['sweep', '--bars', 'x.csv', '--param', 'fast=5', '--random', '0'], /--random must be 1..100000/],
      [
        ['sweep', '--bars', 'x.csv', '--param', 'fast=5', '--redis', 'redis://x', '--threads', '2'],
        /--threads is for the in-process mode/,
      ],
    ];
    for (const [argv, message] of cases) {
      const c = captureIo('/');
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.err.join('\n')).toMatch(message);
    }
  });

  it('parses parameter lists and ranges', () => {
    expect(parseParam('fast=5,10,20')).toEqual({ name: 'fast', values: [5, 10, 20] });
    expect(parseParam('slow=20:100:10')).toEqual({
      name: 'slow',
      values: { min: 20, max: 100, step: 10, integer: true },
    });
    expect(parseParam('x=0.5:1')).toEqual({ name: 'x', values: { min: 0.5, max: 1, integer: false } });
    expect(parseParam('slow=9:1')).toMatch(/MIN must not exceed MAX/);
  });
});
