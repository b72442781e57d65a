import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, esSubsetCsv, tempDir } from './testFixtures.js';

describe('minhos evaluate', () => {
  it('reports the walk-forward folds of a model beside the four baselines (JSON and files)', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 1400);
    const c = captureIo(dir);
    const argv = ['evaluate', '--bars', csv, '--models', 'logistic', '--train', '600', '--test', '300'];
    expect(await runCli([...argv, '--json', '--out', 'report'], c.io)).toBe(0);
    const { report, command } = JSON.parse(c.out.join('\n'));
    expect(command).toContain('--models logistic');
    expect(report.models).toEqual(['logistic']);
    expect(report.baselines).toHaveLength(4);
    expect(report.folds.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(report.overall)).toEqual(expect.arrayContaining(['logistic', ...report.baselines]));
    const acc = report.overall.logistic.accuracy.value;
    expect(acc).toBeGreaterThan(0.3);
    expect(acc).toBeLessThan(0.8);
    expect(c.err.some((l) => /^evaluate: \d+% .*fold 0: logistic/.test(l))).toBe(true);
    expect(readFileSync(join(dir, 'report', 'evaluation.md'), 'utf8')).toContain('logistic');

    const md = captureIo(dir);
    expect(await runCli(argv, md.io)).toBe(0);
    expect(md.out.join('\n')).toMatch(/always-long/);
  });

  it('refuses bad arguments (2) and too little data (1)', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 300);
    const cases: [string[], number, RegExp][] = [
      [['evaluate'], 2, /--bars FILE is required/],
      [['evaluate', '--bars', csv, '--models', 'logistic,oracle'], 2, /unknown: oracle/],
      [['evaluate', '--bars', csv, '--train', '0'], 2, /--train must be a whole number/],
      [['evaluate', '--bars', csv, '--mode', 'sideways'], 2, /--mode must be expanding or rolling/],
      [['evaluate', '--bars', csv, '--cost', '5'], 2, /--cost is a fraction/],
      [['evaluate', '--bars', csv, '--models', 'logistic'], 1, /fewer than --train 2000 \+ --test 1000/],
    ];
    for (const [argv, code, message] of cases) {
      const c = captureIo(dir);
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(code);
      expect(c.err.join('\n')).toMatch(message);
    }
  });
});
