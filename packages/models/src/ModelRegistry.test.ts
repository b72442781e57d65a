import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import type { Matrix, Model } from './Model.js';
import { ModelRegistry, ModelRegistryError, type RegisterInfo } from './ModelRegistry.js';
import { logLoss } from './metrics.js';
import { XgboostModel } from './XgboostModel.js';

const X: Matrix = {
  rows: 8,
  cols: 2,
  data: Float64Array.from([0, 1, 1, 0, 2, 1, 3, 0, 4, 1, 5, 0, 6, 1, 7, 0]),
};
const y = [0, 0, 1, 0, 1, 1, 0, 1];
const spec = { version: 1, features: ['logReturn', 'rsi'], window: 1 };
const info = (logLoss: number[]): RegisterInfo => ({
  featureSpec: spec,
  dataRange: { from: 1_380_000_000_000_000, to: 1_387_000_000_000_000, rows: 8, description: 'ES201312 1m' },
  metrics: { logLoss, accuracy: logLoss.map((l) => 1 - l) },
  evaluatedOn: {
    data: 'ES201312 1m',
    folds: [
      [0, 4],
      [4, 8],
    ],
  },
  preprocessing: { kind: 'standard', center: [0, 0], scale: [1, 1] },
});

async function trained(l2: number): Promise<LogisticRegressionModel> {
  const m = new LogisticRegressionModel({ l2 });
  await m.fit(X, y);
  return m;
}

describe('ModelRegistry', () => {
  let root: string;
  let registry: ModelRegistry;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'registry-'));
    registry = new ModelRegistry(root, { now: () => new Date('2026-01-02T03:04:05Z') });
  });

  it('registers versions with checksums and metadata, promotes only improvements, rolls back', async () => {
    const v1 = await registry.register('es-dir', await trained(1), info([0.69, 0.68]));
    expect(v1.version).toBe('v0001');
    expect(v1.createdAt).toBe('2026-01-02T03:04:05.000Z');
    expect(v1.files.map((f) => f.path)).toEqual(['model.json']);
    expect(v1.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(v1.libraries.node).toBe(process.version);
    expect(v1.libraries['@tensorflow/tfjs']).toBe('4.22.0');
    expect(await registry.current('es-dir')).toBeUndefined();

    // The first promotion is explicit.
    expect(await registry.promote('es-dir', 'v0001')).toMatchObject({ promoted: false });
    expect((await registry.promote('es-dir', 'v0001')).reason).toMatch(/first: true/);
    expect(await registry.current('es-dir')).toBeUndefined();
    expect(await registry.promote('es-dir', 'v0001', { first: true })).toMatchObject({
      promoted: true,
      reason: 'first promoted version (explicit)',
    });
    const v2 = await registry.register('es-dir', await trained(5), info([0.7, 0.7]));
    const worse = await registry.promote('es-dir', v2.version);
    expect(worse).toMatchObject({ promoted: false, incumbent: 'v0001', incumbentValue: 0.685 });
    expect(worse.reason).toMatch(/does not beat/);
    expect(await registry.current('es-dir')).toBe('v0001');
    // Higher-is-better metric chosen explicitly: v0002's accuracy (0.3) is worse too.
    expect((await registry.promote('es-dir', 'v0002', { metric: 'accuracy' })).promoted).toBe(false);

    const v3 = await registry.register('es-dir', await trained(0.1), info([0.6, 0.62]));
    expect(await registry.promote('es-dir', v3.version)).toMatchObject({
      promoted: true,
      incumbent: 'v0001',
    });
    expect(await registry.current('es-dir')).toBe('v0003');
    expect((await registry.list('es-dir')).map((m) => [m.version, m.current])).toEqual([
      ['v0001', false],
      ['v0002', false],
      ['v0003', true],
    ]);

    expect(await registry.rollback('es-dir')).toBe('v0001');
    expect(await registry.current('es-dir')).toBe('v0001');
    await expect(registry.rollback('es-dir')).rejects.toMatchObject({ code: 'REGISTRY_NO_HISTORY' });

    const { model, manifest } = await registry.load('es-dir', { expectedFeatureSpec: { ...spec } });
    expect(manifest.version).toBe('v0001');
    expect(await model.predictProba(X)).toEqual(await (await trained(1)).predictProba(X));
    expect(await registry.names()).toEqual(['es-dir']);
    // No temp files left behind by the atomic writes.
    const all = [
      ...(await readdir(join(root, 'es-dir'))),
      ...(await readdir(join(root, 'es-dir', 'versions'))),
    ];
    expect(all.filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('gives typed errors for corrupt and mismatched artifacts', async () => {
    const xgb = new XgboostModel({ rounds: 5, seed: 1 });
    await xgb.fit(X, y);
    await registry.register('trees', xgb, info([0.6]));
    await registry.promote('trees', 'v0001', { first: true });
    const dir = join(root, 'trees', 'versions', 'v0001');

    await expect(
      registry.load('trees', { expectedFeatureSpec: { ...spec, window: 20 } }),
    ).rejects.toMatchObject({
      code: 'REGISTRY_FEATURE_MISMATCH',
    });

    const booster = await readFile(join(dir, 'artifact', 'booster.bin'));
    booster[booster.length - 1] = booster[booster.length - 1]! ^ 0xff;
    await writeFile(join(dir, 'artifact', 'booster.bin'), booster);
    const corrupt = registry.load('trees');
    await expect(corrupt).rejects.toBeInstanceOf(ModelRegistryError);
    await expect(registry.load('trees')).rejects.toThrow(/booster\.bin fails its checksum/);

    const manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
    await writeFile(join(dir, 'manifest.json'), manifestText.slice(0, manifestText.length / 2));
    await expect(registry.load('trees')).rejects.toMatchObject({ code: 'REGISTRY_CORRUPT' });
    await expect(registry.load('trees')).rejects.toThrow(/not valid JSON/);

    await expect(registry.load('nothing-here')).rejects.toMatchObject({ code: 'REGISTRY_NOT_FOUND' });
    await expect(registry.register('../escape', xgb, info([0.6]))).rejects.toMatchObject({
      code: 'REGISTRY_BAD_INPUT',
    });
    await expect(registry.register('untrained', new LogisticRegressionModel(), info([0.6]))).rejects.toThrow(
      /not trained/,
    );
    xgb.dispose();
  });
});

describe('ModelRegistry.promote on equal terms', () => {
  let registry: ModelRegistry;
  beforeEach(async () => {
    registry = new ModelRegistry(await mkdtemp(join(tmpdir(), 'registry-')));
  });
  const on = (evaluatedOn: RegisterInfo['evaluatedOn'], logLoss: number): RegisterInfo => ({
    featureSpec: spec,
    dataRange: { from: 0, to: 1, rows: 8 },
    metrics: { logLoss },
    ...(evaluatedOn !== undefined ? { evaluatedOn } : {}),
  });

  it('requires minImprovement: better by less than the margin is refused, by more is promoted', async () => {
    await registry.register('m', await trained(1), on('folds A', 0.65));
    await registry.promote('m', 'v0001', { first: true });
    await registry.register('m', await trained(1), on('folds A', 0.645));
    const close = await registry.promote('m', 'v0002', { minImprovement: 0.01 });
    expect(close).toMatchObject({ promoted: false, incumbent: 'v0001' });
    expect(close.reason).toMatch(/margin 0\.01/);
    // Without a margin the same candidate wins: the margin is what refused it.
    expect((await registry.promote('m', 'v0002', { minImprovement: 0.004 })).promoted).toBe(true);
    await registry.register('m', await trained(1), on('folds A', 0.63));
    expect((await registry.promote('m', 'v0003', { minImprovement: 0.01 })).promoted).toBe(true);
    // Higher-is-better metrics need the margin on the other side.
    await registry.register('m', await trained(1), {
      ...on('folds A', 0.63),
      metrics: { logLoss: 0.6, auc: 0.6 },
    });
    await registry.register('m', await trained(1), {
      ...on('folds A', 0.63),
      metrics: { logLoss: 0.6, auc: 0.605 },
    });
    await registry.promote('m', 'v0004', { metric: 'auc', force: true });
    expect((await registry.promote('m', 'v0005', { metric: 'auc', minImprovement: 0.01 })).promoted).toBe(
      false,
    );
    expect((await registry.promote('m', 'v0005', { metric: 'auc', minImprovement: 0.001 })).promoted).toBe(
      true,
    );
    await expect(registry.promote('m', 'v0005', { minImprovement: -1 })).rejects.toThrow(/minImprovement/);
  });

  it('refuses to compare metrics measured on different data, or with no record of it', async () => {
    await registry.register('m', await trained(1), on({ data: 'ES201312', folds: [[0, 100]] }, 0.69));
    await registry.promote('m', 'v0001', { first: true });
    await registry.register('m', await trained(1), on({ data: 'ES201403', folds: [[0, 100]] }, 0.5));
    const d = await registry.promote('m', 'v0002');
    expect(d).toMatchObject({ promoted: false, basis: 'stored-metrics' });
    expect(d.reason).toMatch(/measured on different data/);
    await registry.register('m', await trained(1), on(undefined, 0.4));
    expect((await registry.promote('m', 'v0003')).reason).toMatch(/no record of what/);
    expect(await registry.current('m')).toBe('v0001');
  });

  it('re-evaluates candidate and incumbent on the same data when given an evaluator', async () => {
    // Registered metrics flatter v0002, but on the same data v0001 (l2 = 0.01, fitted closer) is better.
    await registry.register('m', await trained(0.01), on('A', 0.9));
    await registry.promote('m', 'v0001', { first: true });
    await registry.register('m', await trained(50), on('B', 0.1));
    const seen: string[] = [];
    const reevaluate = async (model: Model, manifest: { version: string }) => {
      seen.push(manifest.version);
      const p = await model.predictProba(X);
      return { logLoss: logLoss(p, y) };
    };
    const d = await registry.promote('m', 'v0002', { reevaluate });
    expect(seen.sort()).toEqual(['v0001', 'v0002']);
    expect(d).toMatchObject({ promoted: false, basis: 're-evaluated' });
    expect(d.candidateValue).toBeGreaterThan(d.incumbentValue!);
    expect(await registry.current('m')).toBe('v0001');
  });
});
