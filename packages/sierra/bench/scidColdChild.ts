/**
 * Child of scidDecode.bench.ts: the "ours cold" measurement in a process of its own, started the way
 * a MinhOS command-line program starts: it first calls the product's `reexecWithHugePages()`, which
 * runs it again with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc's malloc then madvises its large
 * blocks to 2 MiB huge pages, as NumPy does for its arrays) — or carries on unchanged where that
 * does not apply (`"hugetlb": false` in the output). The decode is JIT-warmed on a tenth of the file
 * (untimed) before the timed repetitions, as in the parent.
 *
 *   tsx scidColdChild.ts FILE REPS   → one JSON line {"cold": rec/s, "n": N, "hugetlb": bool, "touchMs": ms}
 */
import { reexecWithHugePages, ScidReader } from '../src/index.js';
import { freshTouchMs } from './freshTouch.js';

const reexec = reexecWithHugePages();
if (reexec.reexec) process.exit(await reexec.exitCode);

const [file, repsArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: scidColdChild.ts FILE REPS');
const reps = Number(repsArg ?? 5);
const COLS = ['time', 'close', 'totalVolume'] as const;
const reader = await ScidReader.open(file);
try {
  // Untimed JIT warm-up on the first 10 % of the file, as the parent process is warm when it
  // measures in-process (NumPy needs none): a fresh process otherwise times its compiler tiers.
  const warmEnd = Math.ceil(reader.recordCount / 10);
  for (let k = 0; k < 10; k++) await reader.readColumns(COLS, { end: warmEnd });
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const r = await reader.readColumns(COLS);
    best = Math.min(best, performance.now() - t0);
    if (r.time.length !== reader.recordCount) throw new Error('short read');
  }
  console.log(
    JSON.stringify({
      cold: reader.recordCount / (best / 1000),
      n: reader.recordCount,
      hugetlb: (process.env.GLIBC_TUNABLES ?? '').includes('glibc.malloc.hugetlb=1'),
      touchMs: freshTouchMs(reps),
    }),
  );
} finally {
  await reader.close();
}
