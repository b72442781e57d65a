import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRef } from './dataRef.js';
import { InProcessRunner } from './InProcessRunner.js';
import { ES, tempDir, writeEsBars } from './internal/testFixtures.js';
import type { JobOutcome } from './JobRunner.js';
import { planSweep, type SweepSpec } from './planSweep.js';
import { runJob } from './runJob.js';
import { runSweep } from './runSweep.js';
import { SweepStore } from './SweepStore.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const path = writeEsBars(tmp.dir, 800);

async function spec(): Promise<SweepSpec> {
  return {
    strategy: 'sma-crossover',
    // fast 40 ≥ slow 40 is bad input: that job fails with its error, the sweep goes on.
    space: { fast: [5, 10, 40], slow: [20, 40] },
    search: { kind: 'grid' },
    data: await dataRef(path),
    instrument: ES,
    costs: { startingCapital: 100_000, commissionPerContract: 2.5 },
    statistic: 'returnPct',
  };
}

describe('InProcessRunner + runSweep', () => {
  it('runs a sweep on worker threads with the results runJob gives inline, ranked, bad input failed', async () => {
    const plan = await planSweep(await spec());
    const runner = new InProcessRunner({ threads: 2 });
    const seen: JobOutcome[] = [];
    try {
      const report = await runSweep(plan, { runner, onProgress: (p) => p.last && seen.push(p.last) });
      expect(report.total).toBe(6);
      expect(report.completed).toBe(4);
      expect(report.failed).toBe(2);
      expect(seen).toHaveLength(6);
      const failed = report.rows.filter((r) => r.state === 'failed');
      for (const f of failed) {
        expect(f.error?.code).toBe('JOB_BAD_INPUT');
        expect(f.attempts).toBe(1);
      }
      const values = report.rows.filter((r) => r.rank !== null).map((r) => r.value as number);
      expect(values).toEqual([...values].sort((a, b) => b - a));
      expect(report.rows[0]?.rank).toBe(1);
      // Same numbers as running the job here.
      const best = report.rows[0];
      const job = plan.jobs.find((j) => j.id === best?.jobId);
      const inline = await runJob(job?.payload, job?.id);
      expect(inline.kind === 'backtest' && inline.stats).toEqual(best?.stats);
    } finally {
      await runner.close();
    }
  });

  it('resumes: a rerun with the same store reuses completed jobs and runs only the rest', async () => {
    const store = SweepStore.open(join(tmp.dir, 'minhos.sqlite'));
    const plan = await planSweep(await spec());
    const runner = new InProcessRunner({ threads: 1 });
    try {
      // First run stopped after two outcomes (a coordinator interrupted halfway).
      const abort = new AbortController();
      let n = 0;
      await runSweep(plan, {
        runner,
        store,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.last !== undefined && ++n === 2) abort.abort();
        },
      });
      await runner.close();
      const again = new InProcessRunner({ threads: 2 });
      const ran: string[] = [];
      const report = await runSweep(plan, {
        runner: again,
        store,
        onProgress: (p) => p.last && ran.push(p.last.id),
      });
      await again.close();
      const firstCompleted = plan.jobs.filter((j) => store.outcome(j.id)?.state === 'completed').length;
      expect(firstCompleted).toBe(4);
      expect(report.reused).toBeGreaterThanOrEqual(1);
      expect(report.reused + ran.length).toBe(6);
      expect(report.rows.filter((r) => r.reused).every((r) => !ran.includes(r.jobId))).toBe(true);
      expect(store.sweeps().map((s) => s.id)).toEqual([plan.id]);
    } finally {
      await runner.close();
      store.close();
    }
  });
});
