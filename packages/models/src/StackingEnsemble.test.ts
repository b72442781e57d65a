import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32, normalRng } from './internal/rng.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { loadModel } from './loadModel.js';
import { type FitReport, type Matrix, type Model, sliceRows } from './Model.js';
import { directionalAccuracy } from './metrics.js';
import { StackingEnsemble } from './StackingEnsemble.js';
import { XgboostModel } from './XgboostModel.js';

/** Column 0: linear signal; column 1: XOR partner of column 2; column 3: volatility regime. */
function data(n: number, seed: number): { X: Matrix; y: Uint8Array } {
  const g = normalRng(seed);
  const u = mulberry32(seed + 1);
  const X = new Float64Array(n * 4);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = g();
    const b = g();
    const c = g();
    const vol = u();
    X.set([a, b, c, vol], i * 4);
    // In the high-volatility third only the XOR part matters; elsewhere the linear part.
    const score = vol > 2 / 3 ? (b > 0 === c > 0 ? 1 : -1) * 2 : a;
    y[i] = score + 0.7 * g() > 0 ? 1 : 0;
  }
  return { X: { rows: n, cols: 4, data: X }, y };
}

class BrokenModel implements Model {
  readonly kind = 'broken';
  readonly name = 'broken';
  readonly trained = false;
  async fit(): Promise<FitReport> {
    throw new Error('simulated training failure');
  }
  async predictProba(): Promise<Float64Array> {
    throw new Error('unreachable');
  }
  async save(): Promise<void> {}
  describe() {
    return { kind: this.kind, name: this.name, trained: false, params: {} };
  }
  dispose(): void {}
}

describe('StackingEnsemble', () => {
  const { X, y } = data(1500, 21);
  const train = sliceRows(X, 0, 1000);
  const test = sliceRows(X, 1000, 1500);
  const yTrain = y.subarray(0, 1000);
  const yTest = y.subarray(1000);

  const make = () =>
    new StackingEnsemble({
      members: [
        { name: 'logit', create: () => new LogisticRegressionModel({ l2: 1 }) },
        { name: 'logit-twin', create: () => new LogisticRegressionModel({ l2: 1.5 }) },
        { name: 'xgb', create: () => new XgboostModel({ rounds: 60, maxDepth: 3, eta: 0.2, seed: 1 }) },
        { name: 'broken', create: () => new BrokenModel() },
      ],
      folds: 3,
      purge: 1,
      regimeColumn: 3,
      minRegimeRows: 50,
    });

  it('weights members out-of-fold, prunes a redundant twin, zeroes a failed member, beats each member', async () => {
    const ens = make();
    await ens.fit(train, yTrain);
    const byName = Object.fromEntries(ens.members().map((m) => [m.name, m]));
    expect(byName.broken).toMatchObject({ status: 'failed', weight: 0 });
    expect(byName.broken!.reason).toMatch(/simulated training failure/);
    // The two near-identical logistic models: the one with the worse OOF log loss is pruned.
    const twins = [byName.logit!, byName['logit-twin']!].sort((a, b) => a.oofLogLoss - b.oofLogLoss);
    const [kept, pruned] = twins as [(typeof twins)[0], (typeof twins)[0]];
    expect(pruned).toMatchObject({ status: 'pruned', weight: 0 });
    expect(pruned.reason).toMatch(
      new RegExp(`correlation (0\\.9\\d+|1\\.000) with better member "${kept.name}"`),
    );
    expect(kept.status).toBe('active');
    expect(byName.xgb!.status).toBe('active');
    // Regime-dependent weights: the tree member (which can learn XOR) matters most in the high regime.
    const xgbW = byName.xgb!.regimeWeights!;
    const logitW = kept.regimeWeights!;
    expect(xgbW.high - logitW.high).toBeGreaterThan(xgbW.low - logitW.low);

    const pEns = await ens.predictProba(test);
    const accEns = directionalAccuracy(pEns, yTest).value;
    const members = await ens.memberProba(test);
    for (const [name, p] of members) {
      expect(accEns, `ensemble vs ${name}`).toBeGreaterThanOrEqual(
        directionalAccuracy(p, yTest).value - 0.005,
      );
    }
    expect(accEns).toBeGreaterThan(0.7);

    const agreement = await ens.agreement(test);
    expect(agreement.members).toEqual([kept.name, 'xgb'].sort());
    for (const s of agreement.score) expect(s === 0 || s === 1).toBe(true);
    expect(agreement.pairwise[0]![1]).toBeGreaterThan(0.5);
    expect(agreement.pairwise[0]![1]).toBeLessThan(1);

    const dir = await mkdtemp(join(tmpdir(), 'ens-'));
    await ens.save(dir);
    const back = await loadModel(dir);
    expect(back.kind).toBe('stacking-ensemble');
    expect(await back.predictProba(test)).toEqual(pEns);
    await expect(back.fit(train, yTrain)).rejects.toThrow(/no members/);
    ens.dispose();
    back.dispose();
  });

  it('fails clearly when every member fails', async () => {
    const ens = new StackingEnsemble({ members: [{ name: 'b', create: () => new BrokenModel() }], folds: 2 });
    await expect(ens.fit(train, yTrain)).rejects.toMatchObject({ code: 'MODEL_TRAIN_FAILED' });
  });
});
