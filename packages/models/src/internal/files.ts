import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes `data` to `path` atomically: write a sibling temp file, fsync it, rename over the target.
 * A crash leaves either the old file or the new one, never a truncated mix.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Hex SHA-256 of bytes or a UTF-8 string. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Reads and parses a JSON file; returns the raw text too (for checksums). */
export async function readJson(path: string): Promise<{ text: string; value: unknown }> {
  const text = await readFile(path, 'utf8');
  return { text, value: JSON.parse(text) as unknown };
}
