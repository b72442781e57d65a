import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModelRegistry } from '@minhos/models';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, esSubsetCsv, tempDir } from './testFixtures.js';

describe('minhos train', () => {
  it('trains a logistic model on real ES bars, registers and promotes it; a second run re-scores against it', async () => {
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 1200);
    const c = captureIo(dir);
    expect(await runCli(['train', '--bars', csv, '--data', join(dir, 'state'), '--json'], c.io)).toBe(0);
    const result = JSON.parse(c.out.join('\n'));
    expect(result).toMatchObject({ name: 'logistic', version: 'v0001', kind: 'logistic', promoted: true });
    expect(result.metrics.accuracy).toBeGreaterThan(0.3);
    expect(result.metrics.accuracy).toBeLessThan(0.8);
    expect(result.train_samples).toBeGreaterThan(500);
    // Progress went to stderr as plain lines (not a terminal), the result alone to stdout.
    expect(c.err.some((l) => /^train: \d+% /.test(l))).toBe(true);
    const registry = new ModelRegistry(join(dir, 'state', 'models'));
    expect(await registry.current('logistic')).toBe('v0001');
    expect(existsSync(join(dir, 'state', 'models', 'logistic', 'versions', 'v0001'))).toBe(true);

    // Same data, same model: not strictly better, so the first version stays current.
    const again = captureIo(dir);
    expect(await runCli(['train', '--bars', csv, '--data', join(dir, 'state')], again.io)).toBe(0);
    expect(again.out.join('\n')).toMatch(/registered\s+logistic@v0002/);
    expect(again.out.join('\n')).toMatch(/kept the current version/);
    expect(await registry.current('logistic')).toBe('v0001');
  });

  it('trains from a .scid file of the same bars', async () => {
    const dir = tempDir();
    const { loadBarsFile } = await import('./loadBarsFile.js');
    const { writeScid } = await import('@minhos/sierra');
    const scid = join(dir, 'ESZ13-CME.scid');
    await writeScid(scid, (await loadBarsFile(esSubsetCsv(dir, 1200))).bars);
    const c = captureIo(dir);
    expect(
      await runCli(['train', '--bars', scid, '--name', 'es-scid', '--registry', 'reg', '--json'], c.io),
    ).toBe(0);
    const r = JSON.parse(c.out.join('\n'));
    expect(r).toMatchObject({ name: 'es-scid', version: 'v0001', bars: 1200, promoted: true });
    expect(r.data).toMatch(/ESZ13-CME\.scid \(1m bars from \.scid\)/);
  });

  it('--serve trains the model minhos serve loads: its model member accepts it (and refuses a windowed one)', async () => {
    const { SimulatedClock } = await import('@minhos/core');
    const { ModelTrainer } = await import('../runtime/ModelTrainer.js');
    const dir = tempDir();
    const csv = esSubsetCsv(dir, 1200);
    const memberOf = async (data: string) => {
      const trainer = new ModelTrainer({
        registry: new ModelRegistry(join(data, 'models')),
        clock: new SimulatedClock(0),
        minTrainingBars: 100_000,
        deployMinAccuracy: 0.5,
      });
      await trainer.load();
      return trainer.status();
    };
    const c = captureIo(dir);
    expect(await runCli(['train', '--bars', csv, '--serve', '--data', 'served', '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({
      name: 'es-direction',
      version: 'v0001',
      promoted: true,
    });
    const served = await memberOf(join(dir, 'served'));
    expect(served.state).toBe('active');
    expect(served.message).toMatch(/es-direction@v0001/);
    // The same name trained on 10-bar windows of scaled features is not what the member streams.
    expect(
      await runCli(['train', '--bars', csv, '--name', 'es-direction', '--data', 'other'], captureIo(dir).io),
    ).toBe(0);
    expect((await memberOf(join(dir, 'other'))).state).not.toBe('active');
    const bad = captureIo(dir);
    expect(await runCli(['train', '--bars', csv, '--serve', '--window', '5'], bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/--serve trains on one bar per sample/);
  });

  it('rejects bad arguments with a usage error (2) and unusable input with a failure (1)', async () => {
    const dir = tempDir();
    const cases: [string[], number, RegExp][] = [
      [['train'], 2, /--bars FILE is required/],
      [['train', '--bars', 'x.csv', '--model', 'gpt'], 2, /--model must be one of logistic, xgboost/],
      [['train', '--bars', 'x.csv', '--window', '0'], 2, /--window must be a whole number/],
      [['train', '--bars', 'x.csv', '--holdout', '0.9'], 2, /--holdout must be a fraction/],
      [['train', '--bars', 'x.csv', '--session', 'tokyo'], 2, /--session must be cme or utc/],
      [['train', '--bogus'], 2, /Unknown option '--bogus'/],
      [['train', '--bars', join(dir, 'missing.csv')], 1, /missing\.csv/],
    ];
    for (const [argv, code, message] of cases) {
      const c = captureIo(dir);
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(code);
      expect(c.err.join('\n')).toMatch(message);
    }
    const tiny = captureIo(dir);
    expect(await runCli(['train', '--bars', esSubsetCsv(dir, 60), '--data', dir], tiny.io)).toBe(1);
    expect(tiny.err.join('\n')).toMatch(/too little data .* pass a longer file/);
  });
});
