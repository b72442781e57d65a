import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FeaturePipeline, LogisticRegressionModel, logLoss, ModelRegistry, matrix } from '@minhos/models';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregate, esMinuteBars } from '../pipeline/esBarsWithVolume.js';
import { retrainDue, scheduledRetrain } from './scheduledRetrain.js';

const dir = mkdtempSync(join(tmpdir(), 'minhos-retrain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Features and next-bar labels of ES 15-minute bars (data/, Lean/AlgoSeek ESZ13).
const bars = aggregate(esMinuteBars(8000), 15);
const features = new FeaturePipeline();
const col = (k: 'time' | 'open' | 'high' | 'low' | 'close' | 'volume') =>
  Float64Array.from(bars.map((b) => b[k]));
const fm = features.compute({
  time: col('time'),
  open: col('open'),
  high: col('high'),
  low: col('low'),
  close: col('close'),
  volume: col('volume'),
});
const rows: number[][] = [];
const ys: number[] = [];
for (let r = 0; r < fm.rows - 1; r++) {
  const row = Array.from(fm.data.subarray(r * fm.cols, (r + 1) * fm.cols));
  if (row.some((v) => !Number.isFinite(v)) || bars[r + 1]!.close === bars[r]!.close) continue;
  rows.push(row);
  ys.push(bars[r + 1]!.close > bars[r]!.close ? 1 : 0);
}
const holdout = Math.floor(rows.length * 0.8);
const X = (from: number, to: number) =>
  matrix(Float64Array.from(rows.slice(from, to).flat()), to - from, fm.cols);
const fit = async (to: number) => {
  const m = new LogisticRegressionModel({ name: 'es-logit' });
  await m.fit(X(0, to), Uint8Array.from(ys.slice(0, to)));
  return m;
};
// Both versions scored by the same function on the same holdout rows: equal terms.
const reevaluate = async (model: { predictProba(x: ReturnType<typeof X>): Promise<ArrayLike<number>> }) => ({
  logLoss: logLoss(await model.predictProba(X(holdout, rows.length)), ys.slice(holdout)),
});
const info = (to: number) => ({
  featureSpec: features.spec as never,
  dataRange: { from: bars[0]!.time, to: bars[to]!.time, rows: to },
  metrics: { logLoss: 0.69 },
});

describe('scheduledRetrain', () => {
  it('is due every retrainIntervalHours', () => {
    const h = 3_600_000_000;
    expect(retrainDue(0, undefined, 24)).toBe(true);
    expect(retrainDue(23 * h, 0, 24)).toBe(false);
    expect(retrainDue(24 * h, 0, 24)).toBe(true);
    expect(() => retrainDue(0, 0, 0)).toThrow(/retrain interval must be > 0 hours, got 0/);
  });

  it('registers the candidate and promotes it only if it beats the current version on the same data', async () => {
    const registry = new ModelRegistry(dir);
    const h = 3_600_000_000;
    const first = await scheduledRetrain({
      registry,
      name: 'es-logit',
      now: 0,
      intervalHours: 24,
      train: async () => ({ model: await fit(100), info: info(100) }),
      reevaluate: reevaluate as never,
    });
    expect(first.status).toBe('promoted');
    const early = await scheduledRetrain({
      registry,
      name: 'es-logit',
      now: 2 * h,
      lastRetrainAt: 0,
      intervalHours: 24,
      train: async () => {
        throw new Error('must not train');
      },
      reevaluate: reevaluate as never,
    });
    expect(early).toEqual({ status: 'not_due', nextAt: 24 * h });
    const second = await scheduledRetrain({
      registry,
      name: 'es-logit',
      now: 25 * h,
      lastRetrainAt: 0,
      intervalHours: 24,
      train: async () => ({ model: await fit(holdout), info: info(holdout) }),
      reevaluate: reevaluate as never,
    });
    if (second.status === 'not_due') throw new Error('unreachable');
    expect(second.decision.basis).toBe('re-evaluated');
    const better = second.decision.candidateValue < (second.decision.incumbentValue as number);
    expect(second.status).toBe(better ? 'promoted' : 'kept');
    const incumbent = first.status === 'promoted' ? first.version : 'none';
    expect(await registry.current('es-logit')).toBe(better ? second.version : incumbent);
  }, 60_000);
});
