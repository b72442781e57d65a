// Test support (not exported): small bar files cut from the repository's own data, and a real
// redis-server on a free loopback port in a temporary folder.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InstrumentJson } from '../JobPayload.js';

/**
 * `data/ohlcv/es_1min_trade_lean.csv` (QuantConnect Lean test data, AlgoSeek ES 1-minute bars,
 * Apache-2.0; see data/PROVENANCE.md): the header and the first `bars` rows of the ESZ13 front
 * month, written to `dir`.
 */
export function writeEsBars(dir: string, bars: number, name = 'es.csv'): string {
  const text = readFileSync(
    new URL('../../../../data/ohlcv/es_1min_trade_lean.csv', import.meta.url),
    'utf8',
  );
  const lines = text.split('\n');
  const rows = lines.slice(1).filter((l) => l.includes(',ES201312,'));
  const path = join(dir, name);
  writeFileSync(path, `${[lines[0], ...rows.slice(0, bars)].join('\n')}\n`);
  return path;
}

/** ESZ13 on CME as the jobs describe it. */
export const ES: InstrumentJson = {
  id: 'ESZ13.CME',
  pointValue: 50,
  tickSize: 0.25,
  currency: 'USD',
  marginPerContract: 12_000,
};

/** A temporary folder (removed by the returned function). */
export function tempDir(prefix = 'minhos-jobs-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** A real redis-server for a test: started, restartable (same port and folder), stopped. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** SIGTERM (Redis writes its append-only file) and start again on the same port and folder. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `redis-server` (Debian package) with `--appendonly` so a restart keeps the queue. */
export async function startRedis(dir: string): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      proc.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${out}`));
      });
    });
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (proc === undefined || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async () => {
      await stop();
      await start();
    },
    stop,
  };
}
