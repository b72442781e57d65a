import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { redisDriverAvailable } from '@minhos/jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { captureIo, esSubsetCsv, tempDir } from './testFixtures.js';

const driver = await redisDriverAvailable();
if (!driver) console.warn('server: ioredis is not installed: the minhos worker Redis test is SKIPPED');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

describe('minhos worker', () => {
  it('needs --redis and sane numbers (exit 2)', async () => {
    for (const [argv, message] of [
      [['worker'], /--redis URL is required/],
      [
        ['worker', '--redis', 'redis://127.0.0.1:1', '--concurrency', '0'],
        /--concurrency must be a whole number 1..256/,
      ],
      [
        ['worker', '--redis', 'redis://127.0.0.1:1', '--lock-ms', '5'],
        /--lock-ms must be a whole number of ms ≥ 100/,
      ],
    ] as const) {
      const c = captureIo('/');
      expect(await runCli([...argv], c.io)).toBe(2);
      expect(c.err.join('\n')).toMatch(message);
    }
  });
});

describe.skipIf(!driver)('minhos sweep --redis with minhos worker (real redis-server)', () => {
  const dir = tempDir();
  let redis: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      redis.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      redis.once('exit', (code) => reject(new Error(`redis-server exited ${code}: ${out}`)));
    });
  });
  afterAll(() => {
    redis.kill('SIGTERM');
  });

  it('a worker runs the sweep the coordinator queues, the same results as in-process, and stops gracefully', async () => {
    const csv = esSubsetCsv(dir, 800);
    const stop = new AbortController();
    const w = captureIo(dir, { signal: stop.signal });
    const worker = runCli(['worker', '--redis', url, '--queue', 'cli-test', '--concurrency', '2'], w.io);
    const argv = [
      'sweep',
      '--bars',
      csv,
      '--param',
      'fast=5,10',
      '--param',
      'slow=30',
      '--rank',
      'returnPct',
      '--json',
    ];
    const remote = captureIo(dir);
    expect(
      await runCli([...argv, '--redis', url, '--queue', 'cli-test', '--store', 'redis.sqlite'], remote.io),
    ).toBe(0);
    const local = captureIo(dir);
    expect(await runCli([...argv, '--store', 'local.sqlite'], local.io)).toBe(0);
    const a = JSON.parse(remote.out.join('\n'));
    const b = JSON.parse(local.out.join('\n'));
    expect(a.mode).toBe('redis');
    expect(a.completed).toBe(2);
    const view = (r: { rows: { jobId: string; stats: unknown; rank: number }[] }) =>
      r.rows.map((x) => [x.jobId, x.rank, x.stats]);
    expect(view(a)).toEqual(view(b));
    expect(w.err.filter((l) => /done in \d+ ms/.test(l))).toHaveLength(2);
    stop.abort();
    expect(await worker).toBe(0);
    expect(w.err.at(-1)).toBe('worker: stopped');
  });
});
