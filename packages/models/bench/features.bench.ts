/**
 * Feature-pipeline speed: `sessionFeatures` (batch fast path) against the per-bar streaming
 * arithmetic it must equal bit for bit (the baseline, measured in the same run), on one-minute
 * bars; and Bollinger(20, 2) against a plain typed-array loop doing the same Welford arithmetic.
 *
 *   pnpm tsx packages/models/bench/features.bench.ts [--bars 1000000]
 */
import { parseArgs } from 'node:util';
import { bollinger, FeaturePipeline, type SessionSpec, sessionFeatures } from '../src/index.js';
import { sessionValues } from '../src/internal/sessionMath.js';

const { values } = parseArgs({ options: { bars: { type: 'string', default: '1000000' } } });
const N = Number(values.bars);
const start = Date.UTC(2013, 9, 1) * 1000;
const time = Float64Array.from({ length: N }, (_, i) => start + i * 60_000_000);

function best(f: () => void, runs = 5): number {
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    f();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

console.log(`${N.toLocaleString('en-US')} one-minute bars; best of 5 runs`);
console.log('| what | baseline ms | ours ms | speed-up |');
console.log('|---|---:|---:|---:|');
for (const session of [
  { timeZone: 'America/Chicago', openMinute: 17 * 60, lengthMinutes: 23 * 60 },
  { timeZone: 'UTC', openMinute: 0, lengthMinutes: 1440 },
] as SessionSpec[]) {
  const reference = () => {
    const out = new Float64Array(3);
    const a = new Float64Array(N);
    const b = new Float64Array(N);
    const c = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      sessionValues(time[i]!, session, session.timeZone, out);
      a[i] = out[0]!;
      b[i] = out[1]!;
      c[i] = out[2]!;
    }
  };
  const base = best(reference);
  const ours = best(() => sessionFeatures(time, session));
  console.log(
    `| sessionFeatures ${session.timeZone} (baseline: per-bar streaming path) | ${base.toFixed(1)} | ${ours.toFixed(1)} | ${(base / ours).toFixed(1)}× |`,
  );
}

// Prices: a random walk on the ES tick grid near 1700.
let seed = 1;
const close = Float64Array.from({ length: N }, () => {
  seed = (seed * 48271) % 2147483647;
  return 0;
});
let p = 1700;
for (let i = 0; i < N; i++) {
  seed = (seed * 48271) % 2147483647;
  p += ((seed % 5) - 2) * 0.25;
  close[i] = p;
}
const plain = () => {
  // The same arithmetic as bollinger(): a sliding mean + Welford M2, one pass, typed arrays.
  const n = 20;
  const up = new Float64Array(N);
  const mid = new Float64Array(N);
  const lo = new Float64Array(N);
  let mean = 0;
  let m2 = 0;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    const x = close[i]!;
    sum += x;
    if (i < n) {
      const d = x - mean;
      mean += d / (i + 1);
      m2 += d * (x - mean);
    } else {
      const old = close[i - n]!;
      const next = mean + (x - old) / n;
      m2 += (x - old) * (x - next + old - mean);
      mean = next;
      sum -= old;
    }
    if (i >= n - 1) {
      const m = sum / n;
      const w = Math.sqrt(Math.max(m2, 0) / n) * 2;
      mid[i] = m;
      up[i] = m + w;
      lo[i] = m - w;
    }
  }
  return up[N - 1]! + lo[N - 1]! + mid[N - 1]!;
};
// Interleaved, best of 9 each: the machine is shared, so alternate to see the same load.
let bPlain = Number.POSITIVE_INFINITY;
let bOurs = Number.POSITIVE_INFINITY;
for (let r = 0; r < 9; r++) {
  bPlain = Math.min(bPlain, best(plain, 1));
  bOurs = Math.min(
    bOurs,
    best(() => bollinger(close, { period: 20, multiplier: 2 }), 1),
  );
}
console.log(
  `| Bollinger(20, 2) (baseline: plain typed-array loop) | ${bPlain.toFixed(1)} | ${bOurs.toFixed(1)} | ${(bPlain / bOurs).toFixed(2)}× of the loop's speed |`,
);

const bars = {
  time,
  open: close,
  high: Float64Array.from(close, (c) => c + 0.25),
  low: Float64Array.from(close, (c) => c - 0.25),
  close,
  volume: Float64Array.from(close, (_, i) => 100 + (i % 17)),
};
const pipeline = new FeaturePipeline({
  session: { timeZone: 'America/Chicago', openMinute: 1020, lengthMinutes: 1380 },
});
console.log(
  `| FeaturePipeline.compute, 8 default features (absolute) | | ${best(() => pipeline.compute(bars), 3).toFixed(1)} | |`,
);
