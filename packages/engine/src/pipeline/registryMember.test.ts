import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instrumentId } from '@minhos/core';
import { FeaturePipeline, LogisticRegressionModel, ModelRegistry, matrix } from '@minhos/models';
import { afterAll, describe, expect, it } from 'vitest';
import { IndicatorBook } from '../strategy/IndicatorBook.js';
import type { StrategyContext } from '../strategy/Strategy.js';
import { aggregate, esMinuteBars } from './esBarsWithVolume.js';
import { modelMember, registryMember } from './registryMember.js';

const root = mkdtempSync(join(tmpdir(), 'minhos-member-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bars = aggregate(esMinuteBars(8000), 15);
const ctxAt = (book: IndicatorBook, i: number): StrategyContext => ({
  instrumentId: instrumentId('ESZ13.CME'),
  bar: bars[i]!,
  index: i,
  now: bars[i]!.time,
  position: 0,
  pending: 0,
  indicators: book,
  history: book,
});

describe('registryMember', () => {
  it('missing and untrained models are members that cannot vote', async () => {
    const features = new FeaturePipeline();
    const missing = await registryMember(new ModelRegistry(root), { name: 'lstm', model: 'nope', features });
    expect(missing.loadState).toBe('missing');
    // The model's name once, then why (the registry's message already starts with it).
    expect(missing.loadReason).toBe('nope: no current version (register and promote one first)');
    const untrained = modelMember({ name: 'ensemble', features }, new LogisticRegressionModel());
    expect(untrained.loadState).toBe('untrained');
    const book = new IndicatorBook({}, 1);
    book.push(bars[0]!);
    expect(await untrained.evaluate(ctxAt(book, 0))).toMatchObject({ state: 'untrained', direction: 0 });
  });

  it('a trained, promoted model loads and votes with its P(up)', async () => {
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
    const rows: number[] = [];
    const y: number[] = [];
    for (let r = 0; r < fm.rows - 1; r++) {
      const row = Array.from(fm.data.subarray(r * fm.cols, (r + 1) * fm.cols));
      if (row.some((v) => !Number.isFinite(v))) continue;
      rows.push(...row);
      y.push(bars[r + 1]!.close > bars[r]!.close ? 1 : 0);
    }
    const model = new LogisticRegressionModel({ name: 'es-logit' });
    await model.fit(matrix(Float64Array.from(rows), y.length, fm.cols), Uint8Array.from(y));
    const registry = new ModelRegistry(root);
    const m = await registry.register('es-logit', model, {
      featureSpec: features.spec as never,
      dataRange: { from: bars[0]!.time, to: bars[bars.length - 1]!.time, rows: y.length },
      metrics: { logLoss: 0.69 },
    });
    await registry.promote('es-logit', m.version, { first: true, force: true });
    const member = await registryMember(registry, { name: 'ensemble', model: 'es-logit', features });
    expect(member.loadState).toBe('active');
    const book = new IndicatorBook({}, 1);
    let last: Awaited<ReturnType<typeof member.evaluate>> | undefined;
    for (let i = 0; i < 200; i++) {
      book.push(bars[i]!);
      last = await member.evaluate(ctxAt(book, i));
    }
    expect(last!.state).toBe('active');
    expect(last!.probabilityUp).toBeGreaterThan(0);
    expect(last!.probabilityUp).toBeLessThan(1);
  });
});
