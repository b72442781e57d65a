import { readFileSync } from 'node:fs';
import { instrumentId } from '@minhos/core';
import { walkForwardBacktest } from '@minhos/engine';
import { parseBarsCsv } from '@minhos/models';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRef } from './dataRef.js';
import { ES, tempDir, writeEsBars } from './internal/testFixtures.js';
import type { JobError } from './JobError.js';
import { planSweep, type SweepSpec } from './planSweep.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const path = writeEsBars(tmp.dir, 700);

async function spec(over: Partial<SweepSpec> = {}): Promise<SweepSpec> {
  return {
    strategy: 'sma-crossover',
    space: { fast: [5, 10, 20], slow: { min: 30, max: 50, step: 10 } },
    search: { kind: 'grid' },
    data: await dataRef(path),
    instrument: ES,
    costs: { startingCapital: 100_000 },
    statistic: 'sharpeRatio',
    ...over,
  };
}

describe('planSweep', () => {
  it('a grid is every combination, with deterministic, distinct job ids', async () => {
    const a = await planSweep(await spec());
    const b = await planSweep(await spec());
    expect(a.jobs).toHaveLength(9);
    expect(a.paramSets).toContainEqual({ fast: 20, slow: 40 });
    expect(new Set(a.jobs.map((j) => j.id)).size).toBe(9);
    expect(b.jobs.map((j) => j.id)).toEqual(a.jobs.map((j) => j.id));
    expect(b.id).toBe(a.id);
    const costly = await planSweep(
      await spec({ costs: { startingCapital: 100_000, commissionPerContract: 2.5 } }),
    );
    expect(costly.jobs[0]?.id).not.toBe(a.jobs[0]?.id);
    expect(a.jobs[0]?.id).toMatch(/^bt-[0-9a-f]{24}$/);
  });

  it('random search is seeded: the same seed gives the same parameter sets, another seed others', async () => {
    const space = { fast: { min: 2, max: 30, integer: true }, slow: { min: 31, max: 120, integer: true } };
    const a = await planSweep(await spec({ space, search: { kind: 'random', samples: 12, seed: 7 } }));
    const b = await planSweep(await spec({ space, search: { kind: 'random', samples: 12, seed: 7 } }));
    const c = await planSweep(await spec({ space, search: { kind: 'random', samples: 12, seed: 8 } }));
    expect(a.paramSets).toEqual(b.paramSets);
    expect(a.paramSets).not.toEqual(c.paramSets);
    for (const p of a.paramSets) {
      expect(Number.isInteger(p.fast)).toBe(true);
      expect(p.fast).toBeGreaterThanOrEqual(2);
      expect(p.slow).toBeLessThanOrEqual(120);
    }
  });

  it('walk-forward folds are cut as the engine’s walkForwardBacktest cuts them', async () => {
    const plan = await planSweep(
      await spec({ walkForward: { trainBars: 300, testBars: 150, warmupBars: 50 } }),
    );
    const bars = parseBarsCsv(readFileSync(path, 'utf8')).bars.toBars();
    const wf = await walkForwardBacktest({
      instrument: { ...ES, instrumentId: instrumentId(ES.id) },
      bars,
      trainBars: 300,
      testBars: 150,
      warmupBars: 50,
      startingCapital: 100_000,
      makeStrategy: () => ({ name: 'flat', indicators: {}, historyBars: 1, onBar: () => [] }),
    });
    const folds = plan.jobs.map((j) =>
      j.payload.kind === 'walk-forward-fold' ? { train: j.payload.train, test: j.payload.test } : undefined,
    );
    expect(folds).toEqual(wf.folds.map((f) => ({ train: f.train, test: f.test })));
    expect(plan.jobs).toHaveLength(3);
  });

  it('bad sweep settings are a SWEEP_BAD_INPUT error saying what is wrong', async () => {
    await expect(planSweep(await spec({ statistic: 'sharp' }))).rejects.toThrow(
      /statistic "sharp" is not one of/,
    );
    await expect(planSweep(await spec({ space: { fast: { min: 1, max: 5 } } }))).rejects.toThrow(
      /needs step > 0/,
    );
    await expect(planSweep(await spec({ walkForward: { trainBars: 600, testBars: 200 } }))).rejects.toThrow(
      /needs at least trainBars \+ testBars = 800 bars, the data has 700/,
    );
    const e = await planSweep(await spec({ space: {} })).catch((x: unknown) => x);
    expect((e as JobError).code).toBe('SWEEP_BAD_INPUT');
  });
});
