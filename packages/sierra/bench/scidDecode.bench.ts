/**
 * SCID decode throughput (typed-array decoder vs a naive per-record Buffer.readXxx decoder: same
 * records, same caller-owned output, same best-of-REPS policy), file read throughput against NumPy in
 * the same run (bench/scid_numpy.py, when python3 + numpy exist: the same three columns from the same
 * page-cached file, best of REPS each, alternating rounds), time-range lookup cost, and tail-follow
 * latency.
 *
 * Cold = fresh output memory on every repetition, on both sides (NumPy's too: glibc mmaps blocks this
 * large and unmaps them on free; below ~32 MiB per block it recycles them, so compare at millions of
 * records). Fresh memory costs page faults, and NumPy madvise(MADV_HUGEPAGE)s
 * its arrays while Node's ArrayBuffers come from plain malloc: with THP in `madvise` mode that is one
 * fault per 2 MiB for NumPy against 512 for us. So cold is reported three ways: each side's default,
 * both on huge pages (ours in a child process that starts as a MinhOS CLI does, through
 * reexecWithHugePages(), scidColdChild.ts), both on 4 KiB pages (NumPy with its madvise switched off).
 *
 *   pnpm tsx packages/sierra/bench/scidDecode.bench.ts [--records 5000000] [--reps 5] [--rounds 2]
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  allocateScidColumns,
  allocateScidRecords,
  decodeScidRecords,
  encodeScidFile,
  encodeScidRecords,
  followScid,
  SCID_EPOCH_OFFSET_US,
  ScidReader,
  type ScidRecords,
  scidRecordsFromRows,
} from '../src/index.js';
import { freshTouchMs } from './freshTouch.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('--records', 5_000_000);
/** Repetitions per measurement, the same for every side; the best (least disturbed) counts. */
const REPS = arg('--reps', 5);
const ROUNDS = arg('--rounds', 2);

function makeRecords(n: number): ScidRecords {
  const r = allocateScidRecords(n);
  let price = 4500;
  let t = Date.UTC(2025, 0, 2, 14, 30) * 1000;
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    t += 1 + Math.floor(rnd() * 20_000);
    price += (Math.floor(rnd() * 3) - 1) * 0.25;
    const size = 1 + Math.floor(rnd() * 10);
    r.time[i] = t;
    r.open[i] = 0;
    r.high[i] = price + 0.25;
    r.low[i] = price;
    r.close[i] = rnd() < 0.5 ? price : price + 0.25;
    r.numTrades[i] = 1;
    r.totalVolume[i] = size;
    if (r.close[i] === price) r.bidVolume[i] = size;
    else r.askVolume[i] = size;
  }
  return r;
}

/** The baseline: what a straightforward port of the C struct reader looks like. */
function naiveDecode(buf: Buffer, n: number, out: ScidRecords = allocateScidRecords(n)): ScidRecords {
  for (let i = 0; i < n; i++) {
    const p = i * 40;
    out.time[i] = Number(buf.readBigInt64LE(p)) - SCID_EPOCH_OFFSET_US;
    out.open[i] = buf.readFloatLE(p + 8);
    out.high[i] = buf.readFloatLE(p + 12);
    out.low[i] = buf.readFloatLE(p + 16);
    out.close[i] = buf.readFloatLE(p + 20);
    out.numTrades[i] = buf.readUInt32LE(p + 24);
    out.totalVolume[i] = buf.readUInt32LE(p + 28);
    out.bidVolume[i] = buf.readUInt32LE(p + 32);
    out.askVolume[i] = buf.readUInt32LE(p + 36);
  }
  return out;
}

function best(runs: number, fn: () => void): number {
  let bestMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

async function bestAsync(runs: number, fn: () => Promise<void>): Promise<number> {
  let bestMs = Number.POSITIVE_INFINITY;
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    await fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return bestMs;
}

const fmt = (recPerS: number): string => `${(recPerS / 1e6).toFixed(1)} M records/s`;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

console.log(
  `node ${process.version}, ${N.toLocaleString('en-US')} tick records (${((N * 40) / 1e6).toFixed(0)} MB)`,
);
const records = makeRecords(N);
const bytes = encodeScidRecords(records);
const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

// Correctness first: both decoders must agree with the source, bit for bit.
const fast = decodeScidRecords(bytes);
const naive = naiveDecode(buf, N);
for (const k of ['time', 'close', 'high', 'low', 'totalVolume', 'askVolume'] as const) {
  for (let i = 0; i < N; i += 997) {
    if (fast[k][i] !== records[k][i] || naive[k][i] !== records[k][i])
      throw new Error(`decoder mismatch ${k}[${i}]`);
  }
}

// Same records (the first million), same caller-owned output, same repetitions for both decoders.
const nDec = Math.min(N, 1_000_000);
const decBytes = bytes.subarray(0, nDec * 40);
const decBuf = buf.subarray(0, nDec * 40);
const outA = allocateScidRecords(nDec);
const outB = allocateScidRecords(nDec);
const fastMs = best(REPS, () => decodeScidRecords(decBytes, { out: outA }));
const naiveMs = best(REPS, () => naiveDecode(decBuf, nDec, outB));
const fastFresh = best(REPS, () => decodeScidRecords(decBytes));
const naiveFresh = best(REPS, () => naiveDecode(decBuf, nDec));
console.log(`\n== in-memory decode of ${nDec} records, all 9 columns (best of ${REPS}, both sides) ==`);
console.log(`                      into reused columns        into fresh columns`);
console.log(
  `typed-array decoder   ${fmt(nDec / (fastMs / 1000)).padEnd(26)} ${fmt(nDec / (fastFresh / 1000))}`,
);
console.log(
  `naive Buffer.readXxx  ${fmt(nDec / (naiveMs / 1000)).padEnd(26)} ${fmt(nDec / (naiveFresh / 1000))}`,
);
console.log(
  `ratio                 ${(naiveMs / fastMs).toFixed(2)}x faster${' '.repeat(17)}${(naiveFresh / fastFresh).toFixed(2)}x faster`,
);

const dir = mkdtempSync(join(tmpdir(), 'minhos-bench-'));
try {
  const path = join(dir, 'bench.scid');
  writeFileSync(path, encodeScidFile(records));
  const reader = await ScidReader.open(path);
  const COLS = ['time', 'close', 'totalVolume'] as const;
  const colsOut = allocateScidColumns(COLS, N);
  const fullOut = allocateScidRecords(N);
  const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  const numpyScript = new URL('./scid_numpy.py', import.meta.url).pathname;
  const coldChild = new URL('./scidColdChild.ts', import.meta.url).pathname;
  const OURS_COLD = 'ours cold: readColumns(3) fresh';
  const OURS_WARM = 'ours warm: readColumns(3) into out';
  const COLD_HUGE = 'ours cold, reexecWithHugePages (CLI)';
  const NP_COLD = 'numpy cold: fromfile + 3 columns';
  const NP_WARM = 'numpy warm: readinto + 3 columns';
  const NP_COLD_4K = 'numpy cold, 4 KiB pages (no madvise)';
  const rows: Record<string, number[]> = {};
  const touchHuge: number[] = [];
  const touch4k: number[] = [];
  const add = (k: string, v: number) => {
    const list = rows[k] ?? [];
    list.push(v);
    rows[k] = list;
  };
  // Alternate the two sides round by round so both see the same machine conditions.
  for (let round = 0; round < ROUNDS; round++) {
    add(OURS_COLD, N / ((await bestAsync(REPS, async () => void (await reader.readColumns(COLS)))) / 1000));
    add(
      OURS_WARM,
      N /
        ((await bestAsync(REPS, async () => void (await reader.readColumns(COLS, { out: colsOut })))) / 1000),
    );
    add(
      'read() all 9 columns, fresh',
      N / ((await bestAsync(REPS, async () => void (await reader.read()))) / 1000),
    );
    add(
      'read() all 9 columns, into out',
      N / ((await bestAsync(REPS, async () => void (await reader.read(0, N, { out: fullOut })))) / 1000),
    );
    add(
      'chunks() 64 Ki, reuse',
      N /
        ((await bestAsync(REPS, async () => {
          let n = 0;
          for await (const c of reader.chunks({ reuse: true })) n += c.records.time.length;
          if (n !== N) throw new Error('stream count');
        })) /
          1000),
    );
    // Ours cold again in a fresh process started as a MinhOS CLI starts: reexecWithHugePages() puts
    // its malloc on transparent huge pages, as NumPy's arrays are. The variable is cleared here so the
    // product code (not this bench) sets it.
    const { GLIBC_TUNABLES: _unset, ...childEnv } = process.env;
    const child = spawnSync(process.execPath, [...process.execArgv, coldChild, path, String(REPS)], {
      encoding: 'utf8',
      env: childEnv,
    });
    if (child.status !== 0) throw new Error(`scidColdChild.ts failed: ${child.stderr}`);
    const cj = JSON.parse(child.stdout.trim()) as { cold: number; hugetlb: boolean; touchMs: number };
    if (!cj.hugetlb)
      throw new Error('scidColdChild.ts did not run on huge pages (reexecWithHugePages skipped)');
    add(COLD_HUGE, cj.cold);
    touchHuge.push(cj.touchMs);
    touch4k.push(freshTouchMs(REPS));
    if (python.status === 0) {
      const r = spawnSync('python3', [numpyScript, path, String(REPS)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`scid_numpy.py failed: ${r.stderr}`);
      const j = JSON.parse(r.stdout.trim()) as { cold: number; warm: number; cold_4k: number; n: number };
      if (j.n !== N) throw new Error(`numpy read ${j.n} records, expected ${N}`);
      add(NP_COLD, j.cold);
      add(NP_WARM, j.warm);
      add(NP_COLD_4K, j.cold_4k);
    }
  }
  const range = (k: string) => {
    const v = rows[k] ?? [];
    return `${(Math.min(...v) / 1e6).toFixed(1)}–${(Math.max(...v) / 1e6).toFixed(1)} M records/s`;
  };
  console.log(`\n== from a file (page cache warm), ${ROUNDS} alternating rounds, best of ${REPS} each ==`);
  for (const k of Object.keys(rows)) console.log(`${k.padEnd(36)} ${range(k)}`);
  console.log(
    `first touch of a fresh 80 MiB ArrayBuffer: ${Math.min(...touch4k).toFixed(1)}–${Math.max(...touch4k).toFixed(1)} ms here (4 KiB pages), ${Math.min(...touchHuge).toFixed(1)}–${Math.max(...touchHuge).toFixed(1)} ms in the reexecWithHugePages child`,
  );
  if (python.status === 0) {
    const ratio = (a: string, b: string) => {
      const x = rows[a] ?? [];
      const y = rows[b] ?? [];
      const rs = x.map((v, i) => v / (y[i] as number));
      return `${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}x`;
    };
    console.log(`ratio vs NumPy, same 3 columns, per round (target >= 1.2x):`);
    console.log(`  warm (reused buffers, both)                  ${ratio(OURS_WARM, NP_WARM)}`);
    console.log(`  cold, each side's default allocator          ${ratio(OURS_COLD, NP_COLD)}`);
    console.log(`  cold, both on 2 MiB transparent huge pages   ${ratio(COLD_HUGE, NP_COLD)}`);
    console.log(`  cold, both on 4 KiB pages                    ${ratio(OURS_COLD, NP_COLD_4K)}`);
  } else {
    console.log('NumPy comparison skipped: python3 with numpy not found (apt install python3-numpy)');
  }
  const queries = 2000;
  const t0 = records.time[0] as number;
  const span = (records.time[N - 1] as number) - t0;
  const qStart = performance.now();
  for (let q = 0; q < queries; q++) await reader.lowerBound(t0 + (q / queries) * span);
  const qUs = ((performance.now() - qStart) * 1000) / queries;
  await reader.close();
  console.log(
    `lowerBound(t)         ${qUs.toFixed(1).padStart(8)} µs per time lookup (interpolation + bisection over positional reads)`,
  );

  // Tail-follow latency: append one record, measure until the tail emits it.
  for (const watch of [true, false]) {
    const tailPath = join(dir, `tail-${watch}.scid`);
    writeFileSync(tailPath, encodeScidFile(allocateScidRecords(0)));
    const pollIntervalMs = watch ? 250 : 10;
    const tail = followScid(tailPath, { pollIntervalMs, watch });
    const it = tail[Symbol.asyncIterator]();
    await tail.check();
    const lat: number[] = [];
    const samples = 200;
    for (let i = 0; i < samples; i++) {
      const rec = encodeScidRecords(
        scidRecordsFromRows([
          {
            time: t0 + i,
            open: 0,
            high: 2,
            low: 1,
            close: 2,
            numTrades: 1,
            totalVolume: 1,
            bidVolume: 0,
            askVolume: 1,
          },
        ]),
      );
      const start = performance.now();
      appendFileSync(tailPath, rec);
      const ev = await it.next();
      lat.push(performance.now() - start);
      if (ev.done || ev.value.type !== 'records') throw new Error('tail ended');
      await new Promise((r) => setTimeout(r, 2 + (i % 5)));
    }
    await tail.stop();
    const label = watch ? 'fs.watch + 250 ms poll' : 'poll only, 10 ms    ';
    console.log(
      `${watch ? '\n== tail-follow latency, append → emitted record (200 appends) ==\n' : ''}${label}  p50 ${pct(lat, 50).toFixed(2)} ms  p99 ${pct(lat, 99).toFixed(2)} ms  max ${Math.max(...lat).toFixed(2)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
