/**
 * Feature-pipeline speed: `sessionFeatures` (batch fast path) against the per-bar streaming
 * arithmetic it must equal bit for bit (the baseline, measured in the same run), on one-minute
 * bars; Bollinger(20, 2) against a plain typed-array loop doing the same arithmetic (checked bit
 * for bit) and against a textbook Welford loop; and `FeaturePipeline.compute` (8 default and all
 * 17 features) against the pipeline the issue measured (`issueTimeFeatureMatrix.ts`, db5fc04),
 * the per-bar `FeatureStream` path and the previous batch implementation
 * (`previousFeatureMatrix.ts`), after checking that all four give the same matrix bit for bit;
 * plus `compute` on a new pipeline per call (every buffer fresh memory) and repeated on one
 * pipeline with a caller-owned `out` (no fresh memory at all). *
 *   pnpm tsx packages/models/bench/features.bench.ts [--bars 1000000]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  bollinger,
  DEFAULT_FEATURES,
  FEATURE_NAMES,
  FeaturePipeline,
  type SessionSpec,
  sessionFeatures,
} from '../src/index.js';
import { sessionValues } from '../src/internal/sessionMath.js';
import { issueTimeFeatureMatrix } from './issueTimeFeatureMatrix.js';
import { previousFeatureMatrix, previousSessionFeatures } from './previousFeatureMatrix.js';
import { printVerdicts, type Verdict } from './verdict.js';

const { values } = parseArgs({ options: { bars: { type: 'string', default: '1000000' } } });
const N = Number(values.bars);
// The issue: feature pipeline ≥ 5× faster, output unchanged bit for bit; Bollinger ≥ 0.8 of a
// plain typed-array loop doing its arithmetic. The issue does not name the 5× baseline beyond "the
// pipeline as it was"; both candidates measured here are printed with their verdict.
const verdicts: Verdict[] = [];
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

console.log(
  `${N.toLocaleString('en-US')} one-minute bars; best of interleaved runs; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
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
  let base = Number.POSITIVE_INFINITY;
  let before = Number.POSITIVE_INFINITY;
  let ours = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    base = Math.min(base, best(reference, 1));
    before = Math.min(
      before,
      best(() => previousSessionFeatures(time, session), 1),
    );
    ours = Math.min(
      ours,
      best(() => sessionFeatures(time, session), 1),
    );
  }
  console.log(
    `| sessionFeatures ${session.timeZone} (baseline: per-bar streaming path) | ${base.toFixed(1)} | ${ours.toFixed(1)} | ${(base / ours).toFixed(1)}× |`,
  );
  console.log(
    `| sessionFeatures ${session.timeZone} (baseline: previous batch implementation) | ${before.toFixed(1)} | ${ours.toFixed(1)} | ${(before / ours).toFixed(1)}× |`,
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
const plain = (up = new Float64Array(N), mid = new Float64Array(N), lo = new Float64Array(N)): number => {
  // A textbook sliding mean + Welford M2, one pass, typed arrays: what bollinger() computed before
  // finding 7's stability steps (it does less per bar than bollinger() does now).
  const n = 20;
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
const plainSame = (up = new Float64Array(N), mid = new Float64Array(N), lo = new Float64Array(N)): number => {
  // bollinger()'s arithmetic written as one plain loop: the sliding sum for the middle band, the
  // Welford M2 of offsets from an anchor, the flat-window rule, and the exact recomputation (and
  // re-anchoring) after every 256th bar. Checked bit for bit against bollinger() below, so it is
  // the same arithmetic; what it lacks is bollinger()'s loop structure (no resync test per bar,
  // the leaving value carried in a register).
  const n = 20;
  let mean = 0;
  let m2 = 0;
  let sum = 0;
  let anchor = close[0]!;
  let run = 0;
  let last = Number.NaN;
  for (let i = 0; i < N; i++) {
    const v = close[i]!;
    run = v === last ? run + 1 : 1;
    last = v;
    const x = v - anchor;
    sum += v;
    if (i < n) {
      const d = x - mean;
      const next = mean + d / (i + 1);
      m2 += d * (x - next);
      mean = next;
    } else {
      const old = close[i - n]! - anchor;
      const next = mean + (x - old) / n;
      m2 += (x - old) * (x - next + old - mean);
      mean = next;
    }
    if (i >= n - 1) {
      const m = sum / n;
      sum -= close[i - n + 1]!;
      const w = Math.sqrt(Math.max(i >= n && run >= n ? 0 : m2, 0) / n) * 2;
      mid[i] = m;
      up[i] = m + w;
      lo[i] = m - w;
    }
    if (i >= n && (i & 255) === 255) {
      anchor = v;
      let s = 0;
      for (let j = i - n + 1; j <= i; j++) s += close[j]! - anchor;
      mean = s / n;
      m2 = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const d = close[j]! - anchor - mean;
        m2 += d * d;
      }
    }
  }
  return up[N - 1]! + lo[N - 1]! + mid[N - 1]!;
};
{
  const a = bollinger(close, { period: 20, multiplier: 2 });
  const b = [new Float64Array(N), new Float64Array(N), new Float64Array(N)] as const;
  plainSame(...b);
  for (let i = 19; i < N; i++) {
    if (
      !Object.is(a.upper[i], b[0][i]) ||
      !Object.is(a.middle[i], b[1][i]) ||
      !Object.is(a.lower[i], b[2][i])
    ) {
      throw new Error(`the same-arithmetic plain loop differs from bollinger() at bar ${i}`);
    }
  }
}
// Interleaved, best of 9 each: the machine is shared, so alternate to see the same load. The
// verdict compares the arithmetic: both sides write into output buffers they own and reuse. With
// fresh outputs every call (printed too) the figure mostly measures the allocator: whether glibc
// hands a side recycled pages or fresh ones that fault in (~0.4 ms per MiB here), which depends on
// the order the two sides' garbage is freed, not on either loop.
const own = { upper: new Float64Array(N), middle: new Float64Array(N), lower: new Float64Array(N) };
const plainOwn = [new Float64Array(N), new Float64Array(N), new Float64Array(N)] as const;
const sameOwn = [new Float64Array(N), new Float64Array(N), new Float64Array(N)] as const;
let bPlain = Number.POSITIVE_INFINITY;
let bSame = Number.POSITIVE_INFINITY;
let bOurs = Number.POSITIVE_INFINITY;
let bPlainFresh = Number.POSITIVE_INFINITY;
let bOursFresh = Number.POSITIVE_INFINITY;
for (let r = 0; r < 9; r++) {
  bPlain = Math.min(
    bPlain,
    best(() => plain(...plainOwn), 1),
  );
  bSame = Math.min(
    bSame,
    best(() => plainSame(...sameOwn), 1),
  );
  bOurs = Math.min(
    bOurs,
    best(() => bollinger(close, { period: 20, multiplier: 2 }, own), 1),
  );
  bPlainFresh = Math.min(
    bPlainFresh,
    best(() => plain(), 1),
  );
  bOursFresh = Math.min(
    bOursFresh,
    best(() => bollinger(close, { period: 20, multiplier: 2 }), 1),
  );
}
console.log(
  `| Bollinger(20, 2), both into their own reused outputs (baseline: plain loop doing bollinger()'s arithmetic, bit-identical output) | ${bSame.toFixed(1)} | ${bOurs.toFixed(1)} | ${(bSame / bOurs).toFixed(2)}× of the loop's speed |`,
);
console.log(
  `| Bollinger(20, 2), both into their own reused outputs (baseline: textbook Welford loop without the anchor, flat-window and resync steps) | ${bPlain.toFixed(1)} | ${bOurs.toFixed(1)} | ${(bPlain / bOurs).toFixed(2)}× of the loop's speed |`,
);
console.log(
  `| Bollinger(20, 2), both into fresh outputs every call (baseline: textbook Welford loop) | ${bPlainFresh.toFixed(1)} | ${bOursFresh.toFixed(1)} | ${(bPlainFresh / bOursFresh).toFixed(2)}× of the loop's speed |`,
);
// The issue's target: "≥ 0.8 of a plain typed-array loop doing its arithmetic". Its arithmetic
// now includes the stability steps the same issue asked for (finding 7), so the verdict is against
// the loop that computes the same bits; the textbook loop's figure is printed above beside it.
verdicts.push({
  what: 'Bollinger(20, 2) speed relative to a plain loop doing its arithmetic (bit-identical output, both into reused outputs)',
  target: '≥ 0.8',
  measured: (bSame / bOurs).toFixed(2),
  pass: bSame / bOurs >= 0.8,
});

const bars = {
  time,
  open: close,
  high: Float64Array.from(close, (c) => c + 0.25),
  low: Float64Array.from(close, (c) => c - 0.25),
  close,
  volume: Float64Array.from(close, (_, i) => 100 + (i % 17)),
};
const GLOBEX: SessionSpec = { timeZone: 'America/Chicago', openMinute: 1020, lengthMinutes: 1380 };
for (const features of [DEFAULT_FEATURES, FEATURE_NAMES]) {
  const pipeline = new FeaturePipeline({ features, session: GLOBEX });
  const label = `FeaturePipeline.compute, ${features.length} features`;
  // Bit-identity first: the batch matrix against the previous implementation and the per-bar path.
  const ours = pipeline.compute(bars);
  const before = previousFeatureMatrix(pipeline.spec, bars);
  const issueTime = issueTimeFeatureMatrix(pipeline.spec, bars);
  const live = pipeline.stream();
  const bar = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < N; i++) {
    bar.time = time[i]!;
    bar.open = bars.open[i]!;
    bar.high = bars.high[i]!;
    bar.low = bars.low[i]!;
    bar.close = close[i]!;
    bar.volume = bars.volume[i]!;
    const row = live.next(bar);
    for (let j = 0; j < ours.cols; j++) {
      const k = i * ours.cols + j;
      if (
        !Object.is(ours.data[k], before.data[k]) ||
        !Object.is(ours.data[k], issueTime.data[k]) ||
        !Object.is(ours.data[k], row[j])
      ) {
        throw new Error(
          `${label}: row ${i} ${ours.names[j]} differs (${ours.data[k]}, previous ${before.data[k]}, issue-time ${issueTime.data[k]}, per-bar ${row[j]})`,
        );
      }
    }
  }
  const perBar = () => {
    const s = pipeline.stream();
    const b = { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
    const out = new Float64Array(N * features.length);
    for (let i = 0; i < N; i++) {
      b.time = time[i]!;
      b.open = bars.open[i]!;
      b.high = bars.high[i]!;
      b.low = bars.low[i]!;
      b.close = close[i]!;
      b.volume = bars.volume[i]!;
      out.set(s.next(b), i * features.length);
    }
  };
  // Repeated calls on one pipeline with a caller-owned matrix and row times (repeated training,
  // walk-forward folds): nothing fresh per call (without `outTime`, each call would copy the 8 MB
  // of row times into fresh memory). Checked bit for bit against the fresh matrix first.
  const out = new Float64Array(N * features.length);
  const outTime = new Float64Array(N);
  const reused = pipeline.compute(bars, { out, outTime });
  for (let k = 0; k < ours.data.length; k++) {
    if (!Object.is(reused.data[k], ours.data[k])) {
      throw new Error(`${label}: with out, cell ${k} differs (${reused.data[k]} vs ${ours.data[k]})`);
    }
  }
  for (let i = 0; i < N; i++) {
    if (!Object.is(reused.time[i], ours.time[i]))
      throw new Error(`${label}: with outTime, time[${i}] differs`);
  }
  // Interleaved rounds, best of each (the machine is shared).
  let tPerBar = Number.POSITIVE_INFINITY;
  let tBefore = Number.POSITIVE_INFINITY;
  let tIssue = Number.POSITIVE_INFINITY;
  let tFresh = Number.POSITIVE_INFINITY;
  let tOurs = Number.POSITIVE_INFINITY;
  let tOut = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    if (r < 3) tPerBar = Math.min(tPerBar, best(perBar, 1));
    tBefore = Math.min(
      tBefore,
      best(() => previousFeatureMatrix(pipeline.spec, bars), 1),
    );
    tIssue = Math.min(
      tIssue,
      best(() => issueTimeFeatureMatrix(pipeline.spec, bars), 1),
    );
    // A new pipeline per call: every column buffer is fresh memory, as before buffers were kept.
    tFresh = Math.min(
      tFresh,
      best(() => new FeaturePipeline({ features, session: GLOBEX }).compute(bars), 1),
    );
    // The same pipeline: its column buffers are reused, the matrix is fresh.
    tOurs = Math.min(
      tOurs,
      best(() => pipeline.compute(bars), 1),
    );
    tOut = Math.min(
      tOut,
      best(() => pipeline.compute(bars, { out, outTime }), 1),
    );
  }
  console.log(
    `| ${label}, new pipeline per call (all memory fresh; baseline: previous batch implementation) | ${tBefore.toFixed(1)} | ${tFresh.toFixed(1)} | ${(tBefore / tFresh).toFixed(1)}× |`,
  );
  console.log(
    `| ${label} (baseline: the pipeline the issue measured, db5fc04's compute on today's indicators) | ${tIssue.toFixed(1)} | ${tOurs.toFixed(1)} | ${(tIssue / tOurs).toFixed(1)}× |`,
  );
  console.log(
    `| ${label}, repeated on one pipeline with \`out\` and \`outTime\` reused (baseline: the pipeline the issue measured) | ${tIssue.toFixed(1)} | ${tOut.toFixed(1)} | ${(tIssue / tOut).toFixed(1)}× |`,
  );
  console.log(
    `| ${label} (baseline: per-bar FeatureStream path) | ${tPerBar.toFixed(1)} | ${tOurs.toFixed(1)} | ${(tPerBar / tOurs).toFixed(1)}× |`,
  );
  console.log(
    `| ${label} (baseline: previous batch implementation) | ${tBefore.toFixed(1)} | ${tOurs.toFixed(1)} | ${(tBefore / tOurs).toFixed(1)}× |`,
  );
  console.log(
    `| ${label}, repeated on one pipeline with \`out\` and \`outTime\` reused (baseline: previous batch implementation) | ${tBefore.toFixed(1)} | ${tOut.toFixed(1)} | ${(tBefore / tOut).toFixed(1)}× |`,
  );
  console.log(
    `| ${label}, repeated on one pipeline with \`out\` and \`outTime\` reused (baseline: same pipeline, fresh matrix) | ${tOurs.toFixed(1)} | ${tOut.toFixed(1)} | ${(tOurs / tOut).toFixed(1)}× |`,
  );
  console.log(
    `| ${label}, repeated on one pipeline with \`out\` and \`outTime\` reused (baseline: new pipeline per call) | ${tFresh.toFixed(1)} | ${tOut.toFixed(1)} | ${(tFresh / tOut).toFixed(1)}× |`,
  );
  for (const [what, t, ourT] of [
    ['vs the pipeline the issue measured (db5fc04)', tIssue, tOurs],
    ['repeated with out and outTime reused vs the pipeline the issue measured', tIssue, tOut],
    ['vs per-bar FeatureStream path', tPerBar, tOurs],
    ['vs previous batch implementation', tBefore, tOurs],
    ['repeated with out and outTime reused vs previous batch implementation', tBefore, tOut],
  ] as const) {
    verdicts.push({
      what: `${label} ${what}`,
      target: '≥ 5×',
      measured: `${(t / ourT).toFixed(1)}×`,
      pass: t / ourT >= 5,
    });
  }
}
console.log(
  `\nload average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; output bit-identical to both baselines`,
);
printVerdicts(verdicts);
