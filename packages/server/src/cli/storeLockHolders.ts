import { existsSync, readFileSync, statSync } from 'node:fs';

/** Who holds a SQLite database open, as far as this machine can tell. */
export type StoreLockState =
  /** Processes holding POSIX locks on the database or its `-shm` file (Linux `/proc/locks`). */
  | { readonly kind: 'locked'; readonly pids: readonly number[] }
  /** No process holds it (Linux) and it has no WAL files left. */
  | { readonly kind: 'free' }
  /** Locks cannot be listed here; `-wal`/`-shm` files next to it mean it is open or was not closed cleanly. */
  | { readonly kind: 'unknown'; readonly walFiles: boolean };

function parseDev(text: string): { major: number; minor: number } | undefined {
  const m = /^([0-9a-f]+):([0-9a-f]+)$/i.exec(text);
  return m === null
    ? undefined
    : { major: Number.parseInt(m[1] as string, 16), minor: Number.parseInt(m[2] as string, 16) };
}

/**
 * Whether another process has the SQLite database at `path` open. SQLite in WAL mode holds a
 * POSIX read lock on the database file and on its `-shm` file for as long as a connection is
 * open; on Linux `/proc/locks` lists those by inode, with the holder's pid. Elsewhere only the
 * `-wal`/`-shm` files can be seen (`unknown`). `locks` is injectable for tests: the text of
 * `/proc/locks`, or `null` for a system without it.
 */
export function storeLockHolders(path: string, locks?: string | null): StoreLockState {
  const walFiles = existsSync(`${path}-wal`) || existsSync(`${path}-shm`);
  if (locks === null) return { kind: 'unknown', walFiles };
  let table = locks;
  if (table === undefined) {
    try {
      table = readFileSync('/proc/locks', 'utf8');
    } catch {
      return { kind: 'unknown', walFiles };
    }
  }
  const targets: { ino: number; major: number; minor: number }[] = [];
  for (const file of [path, `${path}-shm`]) {
    if (!existsSync(file)) continue;
    const s = statSync(file);
    // st_dev packs major/minor as the kernel's new_encode_dev (glibc's gnu_dev_major/minor).
    const dev = s.dev;
    const major = ((dev >>> 8) & 0xfff) | (Math.floor(dev / 2 ** 32) & ~0xfff);
    const minor = (dev & 0xff) | ((dev >>> 12) & ~0xff);
    targets.push({ ino: s.ino, major, minor });
  }
  const pids = new Set<number>();
  for (const line of table.split('\n')) {
    // "1: POSIX  ADVISORY  READ 14810 fe:00:2146801 128 128"
    const m = /^\d+:\s+(?:->\s+)?\S+\s+\S+\s+\S+\s+(\d+)\s+([0-9a-f]+:[0-9a-f]+):(\d+)\s/i.exec(line);
    if (m === null) continue;
    const dev = parseDev(m[2] as string);
    const ino = Number(m[3]);
    if (dev === undefined) continue;
    if (targets.some((t) => t.ino === ino && t.major === dev.major && t.minor === dev.minor))
      pids.add(Number(m[1]));
  }
  if (pids.size > 0) return { kind: 'locked', pids: [...pids].sort((a, b) => a - b) };
  return { kind: 'free' };
}
