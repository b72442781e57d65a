// The AI modules' evidence: the AI pipeline backtested on the bundled ES data with every module
// off, then each module alone in observe and in enforce mode, then all of them observing and all
// enforcing; the statistics side by side. Writes packages/engine/reports/module-comparison.md.
// Run from the repository root (about a minute):
//   pnpm tsx --tsconfig packages/engine/tsconfig.json packages/engine/scripts/moduleComparison.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Bar, instrumentId, SimulatedClock } from '@minhos/core';
import { FeaturePipeline, LogisticRegressionModel, matrix } from '@minhos/models';
import { ES } from '@minhos/symbols';
import {
  AI_MODULES,
  type AiModuleName,
  AiModules,
  aiStrategy,
  DecisionPipeline,
  eventBacktest,
  futuresStats,
  type InstrumentSpec,
  ModuleFlags,
  type ModuleLevel,
  modelMember,
  moduleSettingOf,
  openStore,
  TradingModes,
  traditionalTaMember,
} from '../src/index.js';

const root = new URL('../../../', import.meta.url);
const commission = 2.5;
const startingCapital = 100_000;
const threshold = 0.1;

/** Front-month ESZ13 (`ES201312`) bars of a Lean CSV, times = bar start + `spanMinutes` (when the bar is known). */
function leanBars(file: string, spanMinutes: number): Bar[] {
  const lines = readFileSync(new URL(`data/ohlcv/${file}`, root), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const out: Bar[] = [];
  for (const line of lines) {
    const [time, contract, open, high, low, close, volume] = line.split(',');
    if (contract !== 'ES201312') continue;
    out.push({
      time: (Date.parse(time as string) + spanMinutes * 60_000) * 1000,
      open: Number(open),
      high: Number(high),
      low: Number(low),
      close: Number(close),
      volume: Number(volume),
    });
  }
  return out;
}

/** 1-minute bars → `minutes`-minute bars, stamped at the bucket's end. */
function aggregate(bars: readonly Bar[], minutes: number): Bar[] {
  const span = minutes * 60_000_000;
  const out: Bar[] = [];
  for (const b of bars) {
    // A 1-minute bar stamped at its end belongs to the bucket that contains its start.
    const t = Math.floor((b.time - 60_000_000) / span) * span + span;
    const last = out[out.length - 1];
    if (last === undefined || last.time !== t) out.push({ ...b, time: t });
    else
      out[out.length - 1] = {
        time: t,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
        volume: last.volume + b.volume,
      };
  }
  return out;
}

/** A logistic regression on the pipeline's features, trained on `train` (next bar up = 1). */
async function trainLogit(
  train: readonly Bar[],
): Promise<{ model: LogisticRegressionModel; meanP: number } | undefined> {
  const features = new FeaturePipeline();
  const col = (k: keyof Bar) => Float64Array.from(train.map((b) => b[k]));
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
    const next = train[r + 1] as Bar;
    const now = train[r] as Bar;
    if (row.some((v) => !Number.isFinite(v)) || next.close === now.close) continue;
    rows.push(...row);
    y.push(next.close > now.close ? 1 : 0);
  }
  // Too few complete feature rows (the daily series): no model member, the TA rules alone.
  if (y.length < 30) return undefined;
  const model = new LogisticRegressionModel({ name: 'es-logit' });
  const X = matrix(Float64Array.from(rows), y.length, fm.cols);
  await model.fit(X, Uint8Array.from(y));
  const p = await model.predictProba(X);
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] as number;
  return { model, meanP: s / p.length };
}

interface Dataset {
  readonly name: string;
  readonly bars: readonly Bar[];
  readonly spec: InstrumentSpec;
  readonly bracket: { readonly stopLossPoints: number; readonly takeProfitPoints: number };
  readonly regimeWindow: number;
  /** The trained model, or undefined when the series is too short to train one. */
  readonly model: LogisticRegressionModel | undefined;
  readonly meanP: number;
  /** Module parameters scaled to the bar length (chase after one bar, time stop in bars). */
  readonly chaseSeconds: number;
}

async function dataset(
  name: string,
  all: readonly Bar[],
  bracket: Dataset['bracket'],
  regimeWindow: number,
  barSeconds: number,
): Promise<Dataset> {
  const split = Math.floor(all.length * 0.4);
  // The daily series is too short to train on: it is traded whole with the TA rules alone.
  const trained = await trainLogit(all.slice(0, split));
  const model = trained?.model;
  const meanP = trained?.meanP ?? 0.5;
  const spec: InstrumentSpec = {
    instrumentId: instrumentId('ESZ13.CME'),
    pointValue: 50,
    tickSize: 0.25,
    currency: 'USD',
    marginPerContract: 12_000,
    // ESZ13 → ESH14 at 2013-12-11 23:00 UTC (@minhos/symbols' roll calendar): no new ESZ13 position after it.
    rollAt: Date.parse('2013-12-11T23:00:00Z') * 1000,
  };
  return {
    name,
    bars: model === undefined ? all : all.slice(split),
    spec,
    bracket,
    regimeWindow,
    model,
    meanP,
    chaseSeconds: Math.round(1.5 * barSeconds),
  };
}

type Levels = Partial<Record<AiModuleName, ModuleLevel>>;

async function backtest(d: Dataset, levels: Levels) {
  const bars = d.bars;
  const clock = new SimulatedClock((bars[0] as Bar).time);
  const opened = openStore(':memory:', { sync: 'OFF' });
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const flags = new ModuleFlags(
    Object.fromEntries(AI_MODULES.map((m) => [m, moduleSettingOf(levels[m] ?? 'off')])),
    { clock, journal: store },
  );
  const modules = new AiModules({
    flags,
    instruments: [d.spec],
    sessions: { [d.spec.instrumentId]: ES },
    trainingMeanProbability: { logit: d.meanP },
    params: { smartExecution: { chaseSeconds: d.chaseSeconds } },
  });
  const modes = new TradingModes({
    clock,
    store,
    mode: 'full_auto',
    autonomousThreshold: threshold,
    approvalTimeoutSeconds: 300,
  });
  const pipeline = new DecisionPipeline({
    modes,
    store,
    instruments: [d.spec],
    bracket: d.bracket,
    commissionPerContract: commission,
    strategyName: 'ai-pipeline',
    hooks: modules.hooks,
  });
  const members = [modules.member(traditionalTaMember())];
  if (d.model !== undefined)
    members.push(modules.member(modelMember({ name: 'logit', features: new FeaturePipeline() }, d.model)));
  const strategy = modules.strategy(
    aiStrategy({
      members,
      fusion: { weights: { 'traditional-ta': 1, logit: 1 } },
      regime: { window: d.regimeWindow },
      bracket: d.bracket,
      onAnalysis: modules.onAnalysis,
    }),
  );
  const run = await eventBacktest({
    series: [{ instrument: d.spec, bars }],
    strategy,
    executor: pipeline.executor,
    gate: pipeline.gate(),
    clock,
    store,
    startingCapital,
    commissionPerContract: commission,
    slippageTicks: 1,
    closeAtEnd: 'lastClose',
    scheduled: [
      {
        at: (bars[0] as Bar).time,
        run: (h) => {
          pipeline.attach(h.oms);
          modules.attach(h.oms);
        },
      },
    ],
  });
  const stats = futuresStats({
    trades: run.trades,
    pointValue: d.spec.pointValue,
    commissionPerContract: commission,
    startingEquity: startingCapital,
    equity: Array.from(run.times, (time, i) => ({ time, equity: run.equity[i] as number })),
  });
  const outcomes: Record<string, number> = {};
  for (const x of pipeline.decisions()) outcomes[x.outcome.status] = (outcomes[x.outcome.status] ?? 0) + 1;
  const actions = modules.actions();
  const fills = modules.shortfalls();
  const contracts = fills.reduce((a, f) => a + f.quantity, 0);
  const result = {
    trades: stats.tradeCount,
    netPnl: stats.netPnl,
    winRate: stats.winRate,
    profitFactor: stats.profitFactor,
    maxDrawdown: stats.maxDrawdown,
    maxDrawdownPct: stats.maxDrawdownPct,
    sharpe: stats.sharpeRatio,
    orders: run.orderCount,
    actions: actions.length,
    applied: actions.filter((a) => a.applied).length,
    shortfallPoints:
      contracts === 0 ? null : fills.reduce((a, f) => a + f.points * f.quantity, 0) / contracts,
    outcomes,
    supervisor: actions
      .filter((a) => a.module === 'modelSupervisor')
      .map((a) => `${new Date(a.time / 1000).toISOString().slice(0, 16)} ${a.kind}: ${a.reason}`),
    kinds: [...new Set(actions.map((a) => `${a.module}:${a.kind}`))].sort(),
    // The last window of each member against every baseline (NaN: the fitted one not yet eligible).
    health: modules.supervisor.allHealth().map((h) => {
      const b = Object.entries(h.baselines)
        .map(([k, v]) => `${k} ${Number.isNaN(v) ? 'n/a' : v.toFixed(3)}`)
        .join(', ');
      return `${h.member}: ${h.status}, accuracy ${h.accuracy.toFixed(3)} over ${h.samples} calls; baselines ${b}`;
    }),
  };
  store.close();
  run.broker.close();
  return result;
}

const fmt = (v: number | null, digits = 2): string =>
  v === null || !Number.isFinite(v) ? 'N/A' : v.toFixed(digits);

async function main(): Promise<void> {
  const t0 = performance.now();
  const minute = leanBars('es_1min_trade_lean.csv', 1);
  const datasets = [
    await dataset(
      'ES 15-minute (ESZ13, from the 1-minute Lean bars)',
      aggregate(minute, 15),
      { stopLossPoints: 4, takeProfitPoints: 8 },
      30,
      900,
    ),
    await dataset(
      'ES daily (ESZ13, Lean daily bars)',
      leanBars('es_daily_trade_lean.csv', 24 * 60),
      { stopLossPoints: 15, takeProfitPoints: 30 },
      5,
      86_400,
    ),
  ];
  const configs: Array<{ label: string; levels: Levels }> = [{ label: 'all off', levels: {} }];
  for (const m of AI_MODULES) {
    configs.push({ label: `${m} observe`, levels: { [m]: 'observe' } });
    configs.push({ label: `${m} enforce`, levels: { [m]: 'enforce' } });
  }
  configs.push({ label: 'all observe', levels: Object.fromEntries(AI_MODULES.map((m) => [m, 'observe'])) });
  configs.push({ label: 'all enforce', levels: Object.fromEntries(AI_MODULES.map((m) => [m, 'enforce'])) });
  const lines: string[] = [
    '# AI modules: off / observe / enforce on the bundled ES data',
    '',
    'Generated by `pnpm tsx --tsconfig packages/engine/tsconfig.json packages/engine/scripts/moduleComparison.ts`',
    '(from the repository root). Do not edit by hand.',
    '',
    "Setup: the AI pipeline (the original's traditional TA rules + a logistic regression on the pipeline's",
    'features, trained on the first 40 % of each series and traded on the remaining 60 %, fusion weights 1/1,',
    `market-state regime), Kelly sizing on the risk basis, full_auto at confidence ≥ ${threshold} (the fused confidence`,
    "is small on this data: at 0.6 the 15-minute run trades twice), the OMS's risk",
    `gate, the paper broker with 1 tick of slippage and ${commission} USD per contract per fill, 100,000 USD, closed at the`,
    'last close. Module parameters are the config defaults, except smart execution chasing after 1.5 bars.',
    'Each row changes only the modules named; "all" rows include profit amplification (off by default).',
    '`actions` counts every module action recorded, `applied` those that changed something.',
    'Shortfall: contract-weighted points paid over the decision price (the bar close), all fills.',
    '',
  ];
  const json: Record<string, unknown> = {};
  for (const d of datasets) {
    lines.push(
      `## ${d.name}: ${d.bars.length} bars traded, ${new Date((d.bars[0] as Bar).time / 1000).toISOString().slice(0, 10)} … ${new Date((d.bars[d.bars.length - 1] as Bar).time / 1000).toISOString().slice(0, 10)}`,
      '',
    );
    lines.push(
      '| configuration | trades | net P&L | win rate | profit factor | max DD | max DD % | Sharpe | orders | actions | applied | shortfall pts | decisions: submitted / signal only / blocked / denied / zero size |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    const rows: Record<string, unknown> = {};
    for (const c of configs) {
      const r = await backtest(d, c.levels);
      rows[c.label] = r;
      lines.push(
        `| ${c.label} | ${r.trades} | ${fmt(r.netPnl)} | ${r.winRate === null ? 'N/A' : `${(100 * r.winRate).toFixed(1)} %`} | ${fmt(r.profitFactor)} | ${fmt(r.maxDrawdown)} | ${fmt(r.maxDrawdownPct)} | ${fmt(r.sharpe)} | ${r.orders} | ${r.actions} | ${r.applied} | ${fmt(r.shortfallPoints, 3)} | ${['submitted', 'signal_only', 'blocked', 'denied', 'zero_size'].map((k) => r.outcomes[k] ?? 0).join(' / ')} |`,
      );
      console.log(
        `${d.name} · ${c.label}: ${r.trades} trades, net ${fmt(r.netPnl)}, ${r.actions} actions (${r.applied} applied)`,
      );
    }
    lines.push('', 'Actions seen per configuration (module:kind):', '');
    for (const c of configs) {
      const r = rows[c.label] as { kinds: string[] };
      if (r.kinds.length > 0) lines.push(`- ${c.label}: ${r.kinds.join(', ')}`);
    }
    const sup = (rows['modelSupervisor enforce'] as { supervisor: string[] }).supervisor;
    lines.push('', 'Model supervisor alerts (modelSupervisor enforce):', '');
    for (const x of sup) lines.push(`- ${x}`);
    if (sup.length === 0) lines.push('- none');
    const health = (rows['modelSupervisor enforce'] as { health: string[] }).health;
    lines.push('', 'Each member at the end (modelSupervisor enforce, last window):', '');
    for (const x of health) lines.push(`- ${x}`);
    if (health.length === 0) lines.push('- no member observed');
    lines.push('');
    json[d.name] = rows;
  }
  lines.push(`Run time ${((performance.now() - t0) / 1000).toFixed(1)} s.`, '');
  const out = fileURLToPath(new URL('../reports/module-comparison.md', import.meta.url));
  writeFileSync(out, lines.join('\n'));
  writeFileSync(out.replace(/\.md$/, '.json'), `${JSON.stringify(json, null, 1)}\n`);
  console.log(`wrote ${out}`);
}

await main();
