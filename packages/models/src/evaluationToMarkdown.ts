import type { EvaluationReport } from './evaluate.js';

const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : 'n/a');
const fx = (v: number, d = 4) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const isoDate = (us: number) => new Date(us / 1000).toISOString().replace('.000Z', 'Z');

/**
 * Renders an {@link EvaluationReport} as Markdown: sample accounting, the pooled table with the
 * baselines first and every model that does not beat the best baseline outside its interval
 * marked, out-of-sample calibration (Brier before/after isotonic, reliability tables), and
 * per-fold accuracies.
 *
 * @example
 * ```ts
 * import { evaluationToMarkdown, type EvaluationReport } from '@minhos/models';
 * declare const report: EvaluationReport;
 * console.log(evaluationToMarkdown(report));
 * ```
 */
export function evaluationToMarkdown(report: EvaluationReport): string {
  const lines: string[] = [];
  const names = [...report.baselines, ...report.models];
  const isBaseline = (k: string) => (report.baselines as readonly string[]).includes(k);
  lines.push(`### ${report.dataset}`);
  lines.push('');
  const a = report.accounting;
  if (a) {
    const d = a.dropped;
    lines.push(
      `${a.bars} bars → ${a.samples} samples; dropped ${d.incompleteFeatures} for warm-up / incomplete features, ${d.timeGap} across a time gap, ${d.nonPositivePrice} for a non-positive price, ${d.noFuture} without a future close${a.flatMode === 'drop' ? `, ${d.flat} unchanged closes` : ''}. ${a.flat} samples (${pct(a.flat / Math.max(1, a.samples))}) have an unchanged close: ${a.flatMode === 'drop' ? 'dropped (the choice of rows depends on the future)' : 'kept as no-trade rows — predicted and traded through (costs charged), not scored for direction'}.`,
    );
    lines.push('');
  }
  const tested = report.folds.reduce((s, f) => s + f.fold.testEnd - f.fold.testStart, 0);
  const anyBase = report.overall[report.baselines[0]!];
  lines.push(
    `${report.samples} samples, horizon ${report.horizon} bar(s), ${report.mode} walk-forward, ${report.folds.length} folds, purge ${report.purge}, cost ${report.costPerUnit} per unit of position change. Test rows: ${tested}, of which ${anyBase ? anyBase.scored : 'n/a'} scored (price moved) and ${anyBase ? anyBase.flat : 'n/a'} flat.`,
  );
  lines.push('');
  lines.push(
    `Best baseline: **${report.bestBaseline}**. ✗ = not above the upper end of its 95% interval. Accuracy is on the scored rows (a no-call counts as a miss); three-way also counts flat rows, where only no call is right.`,
  );
  lines.push('');
  lines.push(
    '| model | accuracy | 95% CI | vs best baseline | no-calls | three-way | log loss | Brier | P&L (sum of returns) | Sharpe/sample | trades |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const name of names) {
    const m = report.overall[name];
    if (!m) {
      lines.push(`| ${name} | failed | | | | | | | | | |`);
      continue;
    }
    const tag = isBaseline(name) ? ' (baseline)' : '';
    const verdict = isBaseline(name)
      ? name === report.bestBaseline
        ? 'best'
        : ''
      : report.beatsBestBaseline[name]
        ? '✓ above'
        : '✗ not above';
    lines.push(
      `| ${name}${tag} | ${pct(m.accuracy.value)} | ${pct(m.accuracy.lower)} – ${pct(m.accuracy.upper)} | ${verdict} | ${m.noCalls} | ${pct(m.threeWayAccuracy.value)} | ${fx(m.logLoss)} | ${fx(m.brier)} | ${fx(m.pnl.totalReturn)} | ${fx(m.pnl.sharpePerSample)} | ${m.pnl.trades} |`,
    );
  }
  lines.push('');
  lines.push(
    '`previous-direction` is the `contrarian` rule inverted (it bets the last move persists): on every row where both call, exactly one is right. Both carry the training reversal rate as their probability, unclamped, so their log loss and Brier are equal.',
  );
  const cal = Object.entries(report.calibration);
  if (cal.length > 0) {
    lines.push('');
    lines.push(
      'Out-of-sample isotonic calibration (fold k calibrated on the predictions of folds < k; fold 0 not calibrated):',
    );
    lines.push('');
    lines.push('| model | rows | Brier raw | Brier calibrated | log loss raw | log loss calibrated |');
    lines.push('|---|---|---|---|---|---|');
    for (const [k, c] of cal) {
      lines.push(
        `| ${k} | ${c.rows} | ${fx(c.brierRaw)} | ${fx(c.brierCalibrated)} | ${fx(c.logLossRaw)} | ${fx(c.logLossCalibrated)} |`,
      );
    }
    lines.push('');
    lines.push('Reliability (predicted → observed up-rate, rows) per 0.1 bin, raw | calibrated:');
    lines.push('');
    lines.push(`| bin | ${cal.map(([k]) => `${k} raw | ${k} calibrated`).join(' | ')} |`);
    lines.push(`|---|${cal.map(() => '---|---').join('|')}|`);
    const cell = (b: { meanPredicted: number; observedFrequency: number; count: number }) =>
      b.count > 0 ? `${fx(b.meanPredicted, 3)} → ${fx(b.observedFrequency, 3)} (${b.count})` : '';
    for (let i = 0; i < 10; i++) {
      const row = cal.map(([, c]) => `${cell(c.reliabilityRaw[i]!)} | ${cell(c.reliabilityCalibrated[i]!)}`);
      if (row.every((r) => r.trim() === '|')) continue;
      lines.push(`| ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)} | ${row.join(' | ')} |`);
    }
  }
  lines.push('');
  lines.push(`| fold | test rows | scored | test period | up-rate | ${names.join(' | ')} |`);
  lines.push(`|---|---|---|---|---|${names.map(() => '---').join('|')}|`);
  for (const f of report.folds) {
    const period =
      f.testFrom !== undefined && f.testTo !== undefined
        ? `${isoDate(f.testFrom)} → ${isoDate(f.testTo)}`
        : '';
    const scored = Object.values(f.metrics)[0]?.scored ?? 0;
    lines.push(
      `| ${f.fold.index} | ${f.fold.testEnd - f.fold.testStart} | ${scored} | ${period} | ${pct(f.testUpRate)} | ${names
        .map((k) => (f.metrics[k] ? pct(f.metrics[k].accuracy.value) : 'failed'))
        .join(' | ')} |`,
    );
  }
  const errs = report.folds.flatMap((f) =>
    Object.entries(f.errors).map(([k, v]) => `fold ${f.fold.index} ${k}: ${v}`),
  );
  if (errs.length > 0) {
    lines.push('');
    lines.push('Errors:');
    for (const e of errs) lines.push(`- ${e}`);
  }
  lines.push('');
  return lines.join('\n');
}
