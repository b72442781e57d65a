// Sweep throughput (backtests/s): the same jobs inline in this process (baseline), on the
// in-process worker-thread pool with 1 and 2 threads, and on Redis with 1 and 2 BullMQ worker
// processes (concurrency 1 each); the scaling ratio 2 vs 1 and the per-job overhead of the queue
// (tiny jobs: Redis with one worker against inline). Every figure is the median of --reps runs, each
// run with fresh job ids (no reuse). Needs redis-server and ioredis for the Redis lines.
//
//   pnpm bench sweep    or    tsx --tsconfig packages/jobs/tsconfig.json packages/jobs/bench/sweep.bench.ts --jobs 24 --bars 1500 --reps 3
import { type ChildProcess, execSync, spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dataRef } from '../src/dataRef.js';
import { InProcessRunner } from '../src/InProcessRunner.js';
import { redisDriverAvailable } from '../src/internal/redisConnection.js';
import { ES, startRedis, tempDir, writeEsBars } from '../src/internal/testFixtures.js';
import type { JobRunner, PlannedJob } from '../src/JobRunner.js';
import { planSweep } from '../src/planSweep.js';
import { RedisRunner } from '../src/RedisRunner.js';
import { runJob } from '../src/runJob.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '24' },
    bars: { type: 'string', default: '1500' },
    reps: { type: 'string', default: '3' },
  },
});
const JOBS = Number(values.jobs);
const BARS = Number(values.bars);
const REPS = Number(values.reps);
const TINY = 60;
const root = fileURLToPath(new URL('../../../', import.meta.url));
const script = fileURLToPath(new URL('../src/internal/workerProcess.ts', import.meta.url));
const tmp = tempDir('minhos-sweep-bench-');
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

let rep = 0;
/** A fresh set of JOBS backtest jobs (fresh ids: the capital differs per call). */
async function jobs(path: string, count = JOBS): Promise<PlannedJob[]> {
  rep += 1;
  // fast 2..21 × slow 60, 61, …: as many distinct valid parameter sets as asked for.
  const fast = Array.from({ length: Math.min(count, 20) }, (_, i) => 2 + i);
  const slow = Array.from({ length: Math.ceil(count / 20) }, (_, i) => 60 + i);
  const plan = await planSweep({
    strategy: 'sma-crossover',
    space: { fast, slow },
    search: { kind: 'grid' },
    data: await dataRef(path),
    instrument: ES,
    costs: { startingCapital: 100_000 + rep, commissionPerContract: 2.5 },
    statistic: 'sharpeRatio',
  });
  return plan.jobs.slice(0, count);
}

async function timed(run: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await run();
  return (performance.now() - t) / 1000;
}

async function viaRunner(runner: JobRunner, list: readonly PlannedJob[]): Promise<void> {
  const failed: string[] = [];
  let completed = 0;
  const odd: string[] = [];
  await runner.run(list, (o) => {
    if (o.state === 'failed') failed.push(`${o.id}: ${o.error?.message}`);
    else if (o.result?.kind === 'backtest' && o.result.bars > 0) completed += 1;
    else odd.push(JSON.stringify(o).slice(0, 300));
  });
  if (failed.length > 0) throw new Error(`${failed.length} jobs failed: ${failed.join('; ')}`);
  if (completed !== list.length)
    throw new Error(`${completed} of ${list.length} jobs have a backtest result: ${odd.join('; ')}`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const children: ChildProcess[] = [];
// Whatever ends this process (a failed assertion included) ends the worker processes it started.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function worker(url: string, queue: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, queue, '1', '30000', '30000'], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'packages/jobs/tsconfig.json') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('"ready"')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
}

const path = writeEsBars(tmp.dir, BARS, 'bench.csv');
const tiny = writeEsBars(tmp.dir, 120, 'tiny.csv');
console.log(
  `sweep throughput: ${JOBS} SMA-crossover backtests of ${BARS} ES 1-minute bars per run, median of ${REPS} runs`,
);
console.log(`uptime: ${execSync('uptime').toString().trim()}`);
const inline = async (list: PlannedJob[]): Promise<void> => {
  for (const j of list) await runJob(j.payload, j.id);
};

interface Mode {
  readonly name: string;
  readonly data: string;
  readonly count: number;
  readonly run: (list: PlannedJob[]) => Promise<void>;
}
const modes: Mode[] = [{ name: 'inline (baseline, this thread)', data: path, count: JOBS, run: inline }];
const pool1 = new InProcessRunner({ threads: 1 });
const pool2 = new InProcessRunner({ threads: 2 });
modes.push({ name: 'in-process pool, 1 thread', data: path, count: JOBS, run: (l) => viaRunner(pool1, l) });
modes.push({ name: 'in-process pool, 2 threads', data: path, count: JOBS, run: (l) => viaRunner(pool2, l) });
const cleanup: (() => Promise<void>)[] = [() => pool1.close(), () => pool2.close()];
// `npm test` installs redis-server (Debian's package) for the queue tests; a bench run may come first.
const redisServerFound = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
if (!redisServerFound) {
  console.log(
    '  Redis lines skipped: redis-server is not installed (apt-get install -y redis-server, or run npm test once)',
  );
} else if (await redisDriverAvailable()) {
  const redis = await startRedis(tmp.dir);
  const workers = await Promise.all([
    worker(redis.url, 'bench-1'),
    worker(redis.url, 'bench-2'),
    worker(redis.url, 'bench-2'),
  ]);
  const r1 = await RedisRunner.connect({ redis: redis.url, queue: 'bench-1', pollMs: 1000 });
  const r2 = await RedisRunner.connect({ redis: redis.url, queue: 'bench-2', pollMs: 1000 });
  modes.push({ name: 'Redis, 1 worker process', data: path, count: JOBS, run: (l) => viaRunner(r1, l) });
  modes.push({ name: 'Redis, 2 worker processes', data: path, count: JOBS, run: (l) => viaRunner(r2, l) });
  modes.push({ name: 'inline, tiny jobs (120 bars)', data: tiny, count: TINY, run: inline });
  modes.push({ name: 'Redis 1 worker, tiny jobs', data: tiny, count: TINY, run: (l) => viaRunner(r1, l) });
  cleanup.push(async () => {
    await r1.close();
    await r2.close();
    for (const w of workers) w.kill('SIGTERM');
    await redis.stop();
  });
} else {
  console.log('  Redis lines skipped: ioredis is not installed (BullMQ needs it as its Redis driver)');
}
// Warm every mode with a full run (JIT, parsed data, threads and workers started), then measure
// the modes interleaved, one run each per round, so every mode sees the same machine load.
for (const m of modes) await m.run(await jobs(m.data, m.count));
const times = new Map<string, number[]>(modes.map((m) => [m.name, []]));
const loads: string[] = [];
for (let r = 0; r < REPS; r++) {
  for (const m of modes) {
    const list = await jobs(m.data, m.count);
    times.get(m.name)?.push(await timed(() => m.run(list)));
  }
  loads.push(load());
}
const med = new Map<string, number>();
for (const m of modes) {
  const ts = times.get(m.name) ?? [];
  const s = median(ts);
  med.set(m.name, s);
  console.log(
    `  ${m.name.padEnd(32)} ${(m.count / s).toFixed(2).padStart(8)} backtests/s  (median ${s.toFixed(2)} s for ${m.count}; runs ${ts.map((t) => t.toFixed(2)).join(', ')})`,
  );
}
console.log(`load average after each round: ${loads.join(' | ')}`);
const base = med.get('inline (baseline, this thread)') as number;
const ratio = (name: string): string => {
  const s = med.get(name);
  return s === undefined ? 'n/a' : `${(base / s).toFixed(2)}×`;
};
console.log('throughput ratios against the inline baseline of the same run:');
console.log(
  `  pool 1 thread ${ratio('in-process pool, 1 thread')}, pool 2 threads ${ratio('in-process pool, 2 threads')}, Redis 1 worker ${ratio('Redis, 1 worker process')}, Redis 2 workers ${ratio('Redis, 2 worker processes')}`,
);
const scale = (a: string, b: string): string => {
  const x = med.get(a);
  const y = med.get(b);
  return x === undefined || y === undefined ? 'n/a' : `${(x / y).toFixed(2)}×`;
};
console.log(
  `  scaling 2 vs 1: in-process ${scale('in-process pool, 1 thread', 'in-process pool, 2 threads')}, Redis ${scale('Redis, 1 worker process', 'Redis, 2 worker processes')}`,
);
const ti = med.get('inline, tiny jobs (120 bars)');
const tr = med.get('Redis 1 worker, tiny jobs');
if (ti !== undefined && tr !== undefined) {
  console.log(
    `  per-job queue overhead (tiny jobs, Redis 1 worker − inline): ${(((tr - ti) / TINY) * 1000).toFixed(2)} ms/job (inline ${((ti / TINY) * 1000).toFixed(2)} ms/job, Redis ${((tr / TINY) * 1000).toFixed(2)} ms/job)`,
  );
}
for (const c of cleanup) await c();
tmp.remove();
process.exit(0);
