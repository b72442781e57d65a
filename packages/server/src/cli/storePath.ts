import { resolve } from 'node:path';

/** The engine database of a data folder, as `minhos serve` lays it out. */
export const STORE_FILE = 'engine.sqlite';

/** `--store FILE` when given, else `<--data DIR, default ./.minhos>/engine.sqlite`, resolved against `cwd`. */
export function storePath(cwd: string, store: string | undefined, data: string | undefined): string {
  if (store !== undefined) return resolve(cwd, store);
  return resolve(cwd, data ?? '.minhos', STORE_FILE);
}
