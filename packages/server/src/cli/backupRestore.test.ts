import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@minhos/engine';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';
import { storeLockHolders } from './storeLockHolders.js';
import { captureIo, tempDir } from './testFixtures.js';

function makeStore(dir: string, mode: string): string {
  const path = join(dir, 'engine.sqlite');
  const opened = openStore(path);
  if (!opened.ok) throw opened.error;
  opened.value.setState('mode', mode, 1 as never);
  opened.value.close();
  return path;
}

function stateOf(path: string): unknown {
  const opened = openStore(path, { readonly: true });
  if (!opened.ok) throw opened.error;
  const value = opened.value.getState('mode');
  opened.value.close();
  return value;
}

describe('minhos backup / restore', () => {
  it('backs up the store, restores it over later changes, and refuses to overwrite a backup', async () => {
    const dir = tempDir();
    const store = makeStore(dir, 'semi_auto');
    const c = captureIo(dir);
    expect(await runCli(['backup', '--data', '.', '--out', 'b1.sqlite', '--json'], c.io)).toBe(0);
    const info = JSON.parse(c.out.join('\n'));
    expect(info.destination).toBe(join(dir, 'b1.sqlite'));
    expect(info.counts.state).toBe(1);
    expect(statSync(info.destination).size).toBeGreaterThan(0);

    // A later change to the live store…
    const live = openStore(store);
    if (!live.ok) throw live.error;
    live.value.setState('mode', 'full_auto', 2 as never);
    live.value.close();
    expect(stateOf(store)).toBe('full_auto');
    // …is undone by restoring the backup.
    const r = captureIo(dir);
    expect(await runCli(['restore', 'b1.sqlite', '--store', 'engine.sqlite'], r.io)).toBe(0);
    expect(r.out[0]).toMatch(/^restored .*b1\.sqlite → .*engine\.sqlite \(/);
    expect(stateOf(store)).toBe('semi_auto');

    const again = captureIo(dir);
    expect(await runCli(['backup', '--data', '.', '--out', 'b1.sqlite'], again.io)).toBe(3);
    expect(again.err[0]).toMatch(/already exists; refusing to overwrite/);
    // The default destination is a timestamped file under <data>/backups.
    const auto = captureIo(dir);
    expect(await runCli(['backup', '--data', '.'], auto.io)).toBe(0);
    expect(auto.out[0]).toMatch(/→ .*\/backups\/engine-\d{4}-\d\d-\d\dT.*\.sqlite/);
  });

  it('restore refuses (exit 3, nothing changed) while the store is held open, and says who holds it', async () => {
    const dir = tempDir();
    const store = makeStore(dir, 'manual');
    expect(
      await runCli(['backup', '--store', store, '--out', join(dir, 'b.sqlite')], captureIo(dir).io),
    ).toBe(0);
    const live = openStore(store);
    if (!live.ok) throw live.error;
    try {
      live.value.setState('mode', 'full_auto', 2 as never);
      expect(storeLockHolders(store)).toEqual({ kind: 'locked', pids: [process.pid] });
      const r = captureIo(dir);
      expect(await runCli(['restore', 'b.sqlite', '--data', '.'], r.io)).toBe(3);
      expect(r.err[0]).toMatch(
        new RegExp(`refusing to overwrite .*engine\\.sqlite: process ${process.pid} holds it open .*Stop it`),
      );
      expect(live.value.getState('mode')).toBe('full_auto');
    } finally {
      live.value.close();
    }
    expect(storeLockHolders(store)).toEqual({ kind: 'free' });
    expect(await runCli(['restore', 'b.sqlite', '--data', '.'], captureIo(dir).io)).toBe(0);
    expect(stateOf(store)).toBe('manual');
  });

  it('reads a lock table it is given; without one it falls back to the WAL files', () => {
    const dir = tempDir();
    const file = join(dir, 'x.sqlite');
    writeFileSync(file, 'x');
    const s = statSync(file);
    const dev = `${((s.dev >>> 8) & 0xfff).toString(16).padStart(2, '0')}:${(s.dev & 0xff).toString(16).padStart(2, '0')}`;
    const table = `1: POSIX  ADVISORY  READ 4242 ${dev}:${s.ino} 128 128\n2: POSIX  ADVISORY  READ 17 ${dev}:1 0 EOF\n`;
    expect(storeLockHolders(file, table)).toEqual({ kind: 'locked', pids: [4242] });
    expect(storeLockHolders(file, '')).toEqual({ kind: 'free' });
    expect(existsSync(`${file}-wal`)).toBe(false);
    // Without /proc/locks only leftover WAL files can tell.
    expect(storeLockHolders(file, null)).toEqual({ kind: 'unknown', walFiles: false });
    writeFileSync(`${file}-wal`, '');
    expect(storeLockHolders(file, null)).toEqual({ kind: 'unknown', walFiles: true });
  });

  it('names what is wrong: missing store, missing backup, bad arguments', async () => {
    const dir = tempDir();
    const cases: [string[], number, RegExp][] = [
      [
        ['backup', '--data', 'nowhere'],
        1,
        /no engine store at .*nowhere\/engine\.sqlite; run minhos serve once/,
      ],
      [['backup', '--data', 'a', '--store', 'b'], 2, /not both/],
      [['backup', 'extra'], 2, /unexpected argument "extra"/],
      [['restore'], 2, /expected one BACKUP file, got 0/],
      [['restore', 'missing.sqlite'], 1, /backup .*missing\.sqlite does not exist/],
    ];
    for (const [argv, code, message] of cases) {
      const c = captureIo(dir);
      expect(await runCli(argv, c.io), argv.join(' ')).toBe(code);
      expect(c.err.join('\n')).toMatch(message);
    }
    writeFileSync(join(dir, 'junk.sqlite'), 'not a database at all, just text');
    const junk = captureIo(dir);
    expect(await runCli(['restore', 'junk.sqlite', '--data', 'fresh'], junk.io)).toBe(1);
    expect(junk.err[0]).toMatch(/is not usable/);
  });
});
