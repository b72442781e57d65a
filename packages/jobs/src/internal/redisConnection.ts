import { JobError } from '../JobError.js';

/** The part of an ioredis client this package touches itself (BullMQ uses the rest). */
export interface RedisClient {
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

// BullMQ 6 loads no driver by itself in an ES module: it needs a constructed client. `ioredis` is
// loaded by name at run time so the in-process mode (and everything else in this package) works
// where it is not installed; --redis then says what is missing.
const DRIVER = 'ioredis';

/** Whether a Redis driver can be loaded here. */
export async function redisDriverAvailable(): Promise<boolean> {
  try {
    await import(DRIVER);
    return true;
  } catch {
    return false;
  }
}

/**
 * A client for `url` (`redis://[user:pass@]host:port[/db]`) with the settings BullMQ requires:
 * commands wait for a reconnect instead of failing (`maxRetriesPerRequest: null`), reconnects back
 * off to 2 s, so a Redis restart pauses the sweep and it resumes.
 */
export async function redisConnection(url: string): Promise<RedisClient> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new JobError(
      'SWEEP_BAD_INPUT',
      `--redis must be a URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new JobError(
      'SWEEP_BAD_INPUT',
      `--redis must use redis:// or rediss://, got ${JSON.stringify(url)}`,
    );
  }
  let mod: { default?: unknown; Redis?: unknown };
  try {
    mod = (await import(DRIVER)) as { default?: unknown; Redis?: unknown };
  } catch (cause) {
    throw new JobError(
      'JOB_REDIS_DRIVER_MISSING',
      `Redis mode needs the ioredis package (BullMQ's Redis driver), which cannot be loaded here: ${(cause as Error).message}. Install it next to @minhos/jobs (pnpm add ioredis), or leave out --redis to run in-process.`,
      { cause },
    );
  }
  const Redis = (mod.Redis ?? mod.default) as new (
    url: string,
    options: Record<string, unknown>,
  ) => RedisClient;
  const client = new Redis(url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  });
  // Connection errors surface through commands waiting for the reconnect; an unhandled 'error'
  // event would crash the process instead.
  client.on('error', () => undefined);
  return client;
}
