/**
 * Indicator throughput on 1,000,000 bars: @minhos/models (batch over Float64Array, and streaming)
 * beside `technicalindicators` (batch `calculate`) and `trading-signals` (streaming `add`), same
 * process, same input. Input: the ESZ13 1-minute bars bundled in data/, their one-bar returns
 * replayed cyclically to 1 M bars (real intraday price dynamics, no synthetic random walk).
 *
 *   pnpm tsx packages/models/bench/indicators.bench.ts
 *
 * Each figure is the best time over interleaved rounds after a warm-up run (JIT). Targets: ≥ 30× the
 * throughput of technicalindicators and ≥ 8× that of trading-signals for every indicator.
 */
import { readFileSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import technicalindicators from 'technicalindicators';
import {
  ATR as TsAtr,
  BollingerBands as TsBollinger,
  EMA as TsEma,
  MACD as TsMacd,
  RSI as TsRsi,
} from 'trading-signals';
import {
  AtrStream,
  atr,
  BollingerStream,
  bollinger,
  MacdStream,
  macd,
  RsiStream,
  rsi,
} from '../src/index.js';

const N = Number(process.env.BENCH_BARS ?? 1_000_000);

function loadBars(n: number): { high: Float64Array; low: Float64Array; close: Float64Array } {
  const lines = readFileSync(new URL('../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .filter((c) => c[1] === 'ES201312');
  const o = lines.map((c) => Number(c[2]));
  const h = lines.map((c) => Number(c[3]));
  const l = lines.map((c) => Number(c[4]));
  const c = lines.map((c) => Number(c[5]));
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let level = 1;
  for (let i = 0; i < n; i++) {
    const k = i % c.length;
    if (i > 0 && k > 0) level *= (c[k] as number) / (c[k - 1] as number);
    const base = (o[k] as number) > 0 ? level / (c[k] as number) : level;
    high[i] = (h[k] as number) * base;
    low[i] = (l[k] as number) * base;
    close[i] = (c[k] as number) * base;
  }
  return { high, low, close };
}

const bars = loadBars(N);
const closeArr = Array.from(bars.close);
const highArr = Array.from(bars.high);
const lowArr = Array.from(bars.low);
const candles = closeArr.map((close, i) => ({ high: highArr[i] as number, low: lowArr[i] as number, close }));
let sink = 0;
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * CPU time (ms, user + system, this process) of one run of `fn`. CPU time rather than wall time
 * because the machines this runs on are often shared: waiting for a core is not the code's cost.
 * (Set BENCH_CLOCK=wall for wall time.)
 */
function once(fn: () => number): number {
  // Collect the previous run's garbage first, so one library's GC debt is not billed to the next,
  // then pause so the collector's background threads finish before the clock starts.
  gc();
  Atomics.wait(pause, 0, 0, 150);
  if (process.env.BENCH_CLOCK === 'wall') {
    const t0 = performance.now();
    sink += fn();
    return performance.now() - t0;
  }
  const t0 = process.cpuUsage();
  sink += fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

interface Row {
  indicator: string;
  impl: string;
  ms: number;
}
const rows: Row[] = [];
const ti = technicalindicators;

const suites: Array<[string, Array<[string, () => number, number]>]> = [
  [
    'RSI(14)',
    [
      ['@minhos batch', () => rsi(bars.close, 14)[N - 1] as number, 3],
      [
        '@minhos stream',
        () => {
          const s = new RsiStream(14);
          for (let i = 0; i < N; i++) s.next(bars.close[i] as number);
          return s.value;
        },
        3,
      ],
      ['technicalindicators', () => ti.RSI.calculate({ values: closeArr, period: 14 }).at(-1) as number, 1],
      [
        'trading-signals',
        () => {
          const s = new TsRsi(14);
          for (let i = 0; i < N; i++) s.add(closeArr[i] as number);
          return Number(s.getResult());
        },
        1,
      ],
    ],
  ],
  [
    'MACD(12,26,9)',
    [
      ['@minhos batch', () => macd(bars.close).histogram[N - 1] as number, 3],
      [
        '@minhos stream',
        () => {
          const s = new MacdStream();
          for (let i = 0; i < N; i++) s.next(bars.close[i] as number);
          return s.value.histogram;
        },
        3,
      ],
      [
        'technicalindicators',
        () =>
          ti.MACD.calculate({
            values: closeArr,
            fastPeriod: 12,
            slowPeriod: 26,
            signalPeriod: 9,
            SimpleMAOscillator: false,
            SimpleMASignal: false,
          }).at(-1)?.histogram as number,
        1,
      ],
      [
        'trading-signals',
        () => {
          const s = new TsMacd(new TsEma(12), new TsEma(26), new TsEma(9));
          for (let i = 0; i < N; i++) s.add(closeArr[i] as number);
          return Number(s.getResult()?.histogram);
        },
        1,
      ],
    ],
  ],
  [
    'Bollinger(20,2)',
    [
      ['@minhos batch', () => bollinger(bars.close).upper[N - 1] as number, 3],
      [
        '@minhos stream',
        () => {
          const s = new BollingerStream();
          for (let i = 0; i < N; i++) s.next(bars.close[i] as number);
          return s.value.upper;
        },
        3,
      ],
      [
        'technicalindicators',
        () =>
          ti.BollingerBands.calculate({ values: closeArr, period: 20, stdDev: 2 }).at(-1)?.upper as number,
        1,
      ],
      [
        'trading-signals',
        () => {
          const s = new TsBollinger(20, 2);
          for (let i = 0; i < N; i++) s.add(closeArr[i] as number);
          return Number(s.getResult()?.upper);
        },
        1,
      ],
    ],
  ],
  [
    'ATR(14)',
    [
      ['@minhos batch', () => atr(bars.high, bars.low, bars.close, 14)[N - 1] as number, 3],
      [
        '@minhos stream',
        () => {
          const s = new AtrStream(14);
          for (let i = 0; i < N; i++) s.next(candles[i] as (typeof candles)[number]);
          return s.value;
        },
        3,
      ],
      [
        'technicalindicators',
        () => ti.ATR.calculate({ high: highArr, low: lowArr, close: closeArr, period: 14 }).at(-1) as number,
        1,
      ],
      [
        'trading-signals',
        () => {
          const s = new TsAtr(14);
          for (let i = 0; i < N; i++) s.add(candles[i] as (typeof candles)[number]);
          return Number(s.getResult());
        },
        1,
      ],
    ],
  ],
];

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
console.log(
  `Indicator throughput, ${N.toLocaleString('en-US')} bars, node ${process.version}; ${process.env.BENCH_CLOCK === 'wall' ? 'wall' : 'CPU'} time, best of ${ROUNDS} interleaved rounds\n`,
);
// Rounds interleave all implementations so a busy machine slows them alike; each implementation
// keeps its best time. Cheap implementations run several times per round.
const best = new Map<string, number>();
for (const [, impls] of suites) for (const [, fn] of impls) sink += fn();
for (let round = 0; round < ROUNDS; round++) {
  for (const [indicator, impls] of suites) {
    for (const [impl, fn, perRound] of impls) {
      const key = `${indicator}|${impl}`;
      for (let k = 0; k < perRound; k++)
        best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, once(fn)));
    }
  }
}
for (const [indicator, impls] of suites) {
  for (const [impl] of impls) rows.push({ indicator, impl, ms: best.get(`${indicator}|${impl}`) as number });
}

const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : `${(x / 1e3).toFixed(0)} k`);
console.log('| indicator | implementation | ms | bars/s | batch speed-up | stream speed-up |');
console.log('|---|---|---:|---:|---:|---:|');
const failures: string[] = [];
for (const [indicator] of suites) {
  const of = (impl: string): number =>
    (rows.find((r) => r.indicator === indicator && r.impl === impl) as Row).ms;
  const batch = of('@minhos batch');
  const stream = of('@minhos stream');
  for (const r of rows.filter((x) => x.indicator === indicator)) {
    const up = r.impl.startsWith('@minhos') ? '' : `${(r.ms / batch).toFixed(1)}×`;
    const upS = r.impl.startsWith('@minhos') ? '' : `${(r.ms / stream).toFixed(1)}×`;
    console.log(
      `| ${indicator} | ${r.impl} | ${r.ms.toFixed(1)} | ${fmt((N / r.ms) * 1000)} | ${up} | ${upS} |`,
    );
  }
  const vsTi = of('technicalindicators') / batch;
  const vsTs = of('trading-signals') / batch;
  if (vsTi < 30) failures.push(`${indicator}: ${vsTi.toFixed(1)}× technicalindicators (target ≥ 30×)`);
  if (vsTs < 8) failures.push(`${indicator}: ${vsTs.toFixed(1)}× trading-signals (target ≥ 8×)`);
}
console.log(
  failures.length === 0
    ? '\nAll targets met (batch vs each library).'
    : `\nBelow target:\n  ${failures.join('\n  ')}`,
);
if (Number.isNaN(sink)) console.log('(sink)', sink);
