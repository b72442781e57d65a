import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bar, SimulatedClock, type TimestampUs } from '@minhos/core';
import type { StrategyContext } from '@minhos/engine';
import { ModelRegistry } from '@minhos/models';
import { afterEach, describe, expect, it } from 'vitest';
import { findBundledEsBars, loadEsBars } from '../serve/loadEsBars.js';
import { ModelTrainer } from './ModelTrainer.js';

const BARS: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 1400);
const MINUTE_US = 60_000_000;
const HOUR_US = 60 * MINUTE_US;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('ModelTrainer: scheduled retraining (models.retrainIntervalHours) on the clock', () => {
  it('retrains every interval of clock time through promote-if-better, never before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-retrain-'));
    dirs.push(dir);
    const clock = new SimulatedClock((BARS[0] as Bar).time);
    const registry = new ModelRegistry(join(dir, 'models'));
    const trainer = new ModelTrainer({
      registry,
      clock,
      minTrainingBars: 400,
      deployMinAccuracy: 0,
      retrainIntervalHours: 4,
    });
    await trainer.load();
    let firstTrainedAt: number | undefined;
    const firedAt: number[] = [];
    for (const bar of BARS) {
      const close = (bar.time + MINUTE_US) as TimestampUs;
      const before = trainer.retrains().length;
      if (close > clock.now()) clock.advanceTo(close);
      await trainer.idle();
      if (trainer.retrains().length > before) firedAt.push(clock.now());
      await trainer.evaluate({ bar, now: clock.now() } as unknown as StrategyContext);
      await trainer.idle();
      if (firstTrainedAt === undefined && trainer.status().state === 'active') firstTrainedAt = clock.now();
    }
    expect(firstTrainedAt).toBeDefined();
    const outcomes = trainer.retrains();
    expect(outcomes.length).toBeGreaterThan(0);
    // Each run at or after 4 h of clock time since the one before (the first since the first training).
    let last = firstTrainedAt as number;
    for (const [i, o] of outcomes.entries()) {
      expect(o.at - last).toBeGreaterThanOrEqual(4 * HOUR_US);
      expect(firedAt[i]).toBe(o.at);
      last = o.at;
      expect(['promoted', 'kept']).toContain(o.status);
      // Promote-if-better: promoted exactly when the candidate's held-out log loss is lower.
      expect(o.decision.promoted).toBe(o.status === 'promoted');
    }
    // Every candidate is registered; the events say what happened.
    expect((await registry.versions(trainer.model)).length).toBe(1 + outcomes.length);
    expect(trainer.status().events.filter((e) => e.kind === 'MODEL_RETRAINED').length).toBe(outcomes.length);
  }, 240_000);
});
