/**
 * Child of scidDecode.bench.ts: the "ours cold" measurement in a process of its own, so the parent
 * can start it with a different allocator setting (GLIBC_TUNABLES=glibc.malloc.hugetlb=1 makes
 * glibc's malloc madvise(MADV_HUGEPAGE) its large blocks, as NumPy does for its arrays).
 *
 *   tsx scidColdChild.ts FILE REPS   → one JSON line {"cold": rec/s, "n": N}
 */
import { ScidReader } from '../src/index.js';

const [file, repsArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: scidColdChild.ts FILE REPS');
const reps = Number(repsArg ?? 5);
const COLS = ['time', 'close', 'totalVolume'] as const;
const reader = await ScidReader.open(file);
try {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    const r = await reader.readColumns(COLS);
    best = Math.min(best, performance.now() - t0);
    if (r.time.length !== reader.recordCount) throw new Error('short read');
  }
  console.log(JSON.stringify({ cold: reader.recordCount / (best / 1000), n: reader.recordCount }));
} finally {
  await reader.close();
}
