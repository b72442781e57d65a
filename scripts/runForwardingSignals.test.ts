import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The wrapper `npm start` runs `minhos serve` under, tested with a stand-in child that reports the
// signals it gets.
const dir = mkdtempSync(join(tmpdir(), 'minhos-forward-'));
/** Every stand-in child started: none may outlive the tests, whatever they find. */
const children = new Set<number>();
afterAll(() => {
  for (const pid of children) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const childScript = join(dir, 'child.mjs');
writeFileSync(
  childScript,
  `const mode = process.argv[2];
for (const s of ['SIGTERM', 'SIGHUP', 'SIGINT']) {
  process.on(s, () => { console.log('child got ' + s); setTimeout(() => process.exit(0), s === 'SIGINT' ? 300 : 20); });
}
console.log('ready ' + process.pid);
if (mode === 'exit3') process.exit(3);
if (mode === 'selfkill') process.kill(process.pid, 'SIGKILL');
setInterval(() => {}, 1000);
`,
);
const wrapperModule = pathToFileURL(
  fileURLToPath(new URL('./runForwardingSignals.mjs', import.meta.url)),
).href;

interface Wrapped {
  readonly wrapper: ChildProcess;
  readonly output: string[];
  readonly exit: Promise<number | null>;
  /** Resolves with the child's pid once it printed "ready". */
  readonly ready: Promise<number>;
}

function wrap(command: string, args: readonly string[], detached = false): Wrapped {
  const code = `import { runForwardingSignals } from ${JSON.stringify(wrapperModule)};
process.exit(await runForwardingSignals(${JSON.stringify(command)}, ${JSON.stringify(args)}));`;
  const wrapper = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const output: string[] = [];
  let onReady: (pid: number) => void = () => {};
  const ready = new Promise<number>((resolve) => {
    onReady = resolve;
  });
  const onData = (c: Buffer) => {
    output.push(c.toString());
    const m = /ready (\d+)/.exec(output.join(''));
    if (m !== null) {
      children.add(Number(m[1]));
      onReady(Number(m[1]));
    }
  };
  wrapper.stdout?.on('data', onData);
  wrapper.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => wrapper.on('exit', (c) => resolve(c)));
  return { wrapper, output, exit, ready };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runForwardingSignals (npm start → minhos serve)', () => {
  it('passes SIGTERM and SIGHUP sent to the wrapper alone on to the child, and exits with its code', async () => {
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const w = wrap(process.execPath, [childScript]);
      const pid = await w.ready;
      w.wrapper.kill(signal);
      expect(await w.exit).toBe(0);
      expect(w.output.join('')).toContain(`child got ${signal}`);
      expect(alive(pid)).toBe(false);
    }
  });

  it('stops the child when its own parent dies (npm start → sh → wrapper: npm forwards SIGTERM to sh only)', async () => {
    // `npm start` runs its script under `sh -c`, which does not pass a SIGTERM on and dies: the
    // wrapper is orphaned. It must notice and stop the child, not leave a server running.
    const code = `import { runForwardingSignals } from ${JSON.stringify(wrapperModule)};
console.log('wrapper ' + process.pid);
process.exit(await runForwardingSignals(${JSON.stringify(process.execPath)}, ${JSON.stringify([childScript])}));`;
    const inner = [process.execPath, '--input-type=module', '-e', code].map(
      (a) => `'${a.replace(/'/g, `'\\''`)}'`,
    );
    // `; exit $?` keeps sh from exec-ing node (bash would), as npm's dash does not either.
    const sh = spawn('/bin/sh', ['-c', `${inner.join(' ')}; exit $?`], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    sh.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
    sh.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
    const pids = async (): Promise<[number, number]> => {
      for (let k = 0; k < 200; k++) {
        const text = output.join('');
        const w = /wrapper (\d+)/.exec(text);
        const c = /ready (\d+)/.exec(text);
        if (w !== null && c !== null) return [Number(w[1]), Number(c[1])];
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no pids in ${output.join('')}`);
    };
    const [wrapperPid, childPid] = await pids();
    children.add(childPid);
    children.add(wrapperPid);
    sh.kill('SIGTERM');
    let gone = false;
    for (let k = 0; k < 100 && !gone; k++) {
      await new Promise((r) => setTimeout(r, 50));
      gone = !alive(childPid) && !alive(wrapperPid);
    }
    expect(gone, output.join('')).toBe(true);
    expect(output.join('')).toContain('child got SIGTERM');
  }, 15_000);

  it('on Ctrl-C (SIGINT to the whole process group) waits for the child to finish, then exits 0, not 130', async () => {
    const w = wrap(process.execPath, [childScript], true);
    await w.ready;
    const sentAt = Date.now();
    process.kill(-(w.wrapper.pid as number), 'SIGINT');
    expect(await w.exit).toBe(0);
    // The child takes 300 ms to shut down; the wrapper outlived it rather than dying first.
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(250);
    expect(w.output.join('')).toContain('child got SIGINT');
  });

  it("passes the child's exit code on: a code as is, a death by signal as 128 + its number, 1 when it cannot start", async () => {
    const three = wrap(process.execPath, [childScript, 'exit3']);
    expect(await three.exit).toBe(3);
    const killed = wrap(process.execPath, [childScript, 'selfkill']);
    expect(await killed.exit).toBe(137);
    const missing = wrap(join(dir, 'no-such-program'), []);
    expect(await missing.exit).toBe(1);
    expect(missing.output.join('')).toMatch(/could not run .*no-such-program/);
  });
});
