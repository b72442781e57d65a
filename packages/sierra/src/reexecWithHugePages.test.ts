import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HUGE_PAGE_MALLOC_TUNABLE, reexecWithHugePages } from './reexecWithHugePages.js';

const dir = mkdtempSync(join(tmpdir(), 'minhos-hugepages-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const THP = 'always [madvise] never\n';

describe('reexecWithHugePages', () => {
  it('runs the command again with the malloc tunable and passes its exit code on', async () => {
    const script = join(dir, 'child.mjs');
    const out = join(dir, 'env.txt');
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(out)}, process.env.GLIBC_TUNABLES ?? '');\nprocess.exit(7);\n`,
    );
    const r = reexecWithHugePages({
      env: { PATH: process.env.PATH ?? '' },
      platform: 'linux',
      thpMode: THP,
      command: [process.execPath, script],
    });
    expect(r.reexec).toBe(true);
    if (!r.reexec) return;
    expect(await r.exitCode).toBe(7);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).toBe(HUGE_PAGE_MALLOC_TUNABLE);
  });

  it('reports a signal death as 128 + the signal number', async () => {
    const script = join(dir, 'die.mjs');
    writeFileSync(script, `process.kill(process.pid, 'SIGTERM');\nsetTimeout(() => {}, 10_000);\n`);
    const r = reexecWithHugePages({
      env: {},
      platform: 'linux',
      thpMode: THP,
      command: [process.execPath, script],
    });
    if (!r.reexec) throw new Error('expected a re-exec');
    expect(await r.exitCode).toBe(143);
  });

  it('never re-executes twice, over other tunables, off Linux, without THP, or when disabled', () => {
    const base = { platform: 'linux', thpMode: THP, command: ['/bin/false'] };
    expect(reexecWithHugePages({ ...base, env: { GLIBC_TUNABLES: HUGE_PAGE_MALLOC_TUNABLE } })).toEqual({
      reexec: false,
      reason: 'already-set',
    });
    expect(reexecWithHugePages({ ...base, env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } })).toEqual({
      reexec: false,
      reason: 'tunables-in-use',
    });
    expect(reexecWithHugePages({ ...base, env: {}, platform: 'darwin' })).toEqual({
      reexec: false,
      reason: 'not-linux',
    });
    expect(reexecWithHugePages({ ...base, env: {}, thpMode: 'always madvise [never]\n' })).toEqual({
      reexec: false,
      reason: 'thp-unavailable',
    });
    expect(reexecWithHugePages({ ...base, env: { MINHOS_HUGE_PAGES: '0' } })).toEqual({
      reexec: false,
      reason: 'disabled',
    });
  });
});
