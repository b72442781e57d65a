import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'bin.ts');
const tsx = join(here, '..', '..', '..', '..', 'node_modules', '.bin', 'tsx');

describe('minhos serve (child process, embedded default)', () => {
  it('shows a decision and a paper fill over the API within 60 s, and stops on SIGINT with exit code 0', async () => {
    const data = mkdtempSync(join(tmpdir(), 'minhos-serve-'));
    const child = spawn(tsx, [bin, 'serve', '--port', '0', '--data', data, '--speed', '600'], {
      cwd: data,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += String(c);
    });
    child.stderr.on('data', (c) => {
      err += String(c);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      let base: string | undefined;
      while (base === undefined && Date.now() < deadline) {
        base = /API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/status/.exec(out)?.[1];
        if (base === undefined) await new Promise((r) => setTimeout(r, 100));
      }
      expect(base, `no URL printed; stderr: ${err}`).toBeDefined();
      expect(out).toMatch(/SIMULATED FEED \/ PAPER/);
      const token = /token\s+([A-Za-z0-9_-]{43})/.exec(out)?.[1];
      expect(token).toBeDefined();
      expect(statSync(join(data, 'api-token')).mode & 0o777).toBe(0o600);
      let decision: { action: string } | undefined;
      let fills = 0;
      while ((decision === undefined || fills === 0) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        const d = (await (await fetch(`${base}/api/decisions/recent`)).json()) as {
          decisions: { action: string }[];
        };
        decision = d.decisions.find((x) => x.action === 'executed');
        const h = (await (await fetch(`${base}/api/trading/history`)).json()) as { count: number };
        fills = h.count;
      }
      expect(decision).toBeDefined();
      expect(fills).toBeGreaterThan(0);
      const status = (await (await fetch(`${base}/api/status`)).json()) as {
        banner: string;
        trading: { mode: string };
      };
      expect(status).toMatchObject({ banner: 'simulated feed / paper', trading: { mode: 'full_auto' } });
      const denied = await fetch(`${base}/api/trading/mode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'manual' }),
      });
      expect(denied.status).toBe(401);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(out).toContain('stopped, state flushed');
    } finally {
      child.kill('SIGKILL');
      rmSync(data, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('minhos serve --config', () => {
  it('prints the startup check in plain words and exits 1 when the deployment is misconfigured', async () => {
    const { runCli } = await import('../cli.js');
    const { mkdtempSync: mk, writeFileSync } = await import('node:fs');
    const dir = mk(join(tmpdir(), 'minhos-serve-config-'));
    writeFileSync(join(dir, 'minhos.json'), JSON.stringify({ network: { dtc: { port: 1 } } }));
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['serve', '--config', 'minhos.json', '--scid', 'missing.scid'], {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      env: {},
      cwd: dir,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/FAIL\s+Sierra Chart's DTC server is not reachable at 127\.0\.0\.1:1/);
    expect(out.join('\n')).toContain(`FAIL  data file not found: ${join(dir, 'missing.scid')}`);
    expect(err.join('\n')).toContain('misconfigured');
  });

  it('rejects bad options with exit code 2 and the usage', async () => {
    const { runCli } = await import('../cli.js');
    const err: string[] = [];
    const code = await runCli(['serve', '--speed', 'fast'], {
      out: () => {},
      err: (t) => err.push(t),
      env: {},
      cwd: '/',
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('--speed must be 1..100000, got fast');
    const noScid: string[] = [];
    const io = { out: () => {}, err: (t: string) => noScid.push(t), env: {}, cwd: '/' };
    expect(await runCli(['serve', '--config', 'minhos.yaml'], io)).toBe(2);
    expect(noScid[0]).toContain('--config needs exactly one --scid FILE');
    const dtc: string[] = [];
    const dtcIo = { out: () => {}, err: (t: string) => dtc.push(t), env: {}, cwd: '/' };
    const deploy = ['serve', '--config', 'minhos.yaml', '--scid', 'ES.scid'];
    expect(await runCli([...deploy, '--dtc-symbols', 'VXZ25-CFE,,6E'], dtcIo)).toBe(2);
    expect(dtc[0]).toContain('--dtc-symbols has an empty entry');
    expect(await runCli(['serve', '--dtc-symbols', 'VXZ25-CFE'], dtcIo)).toBe(2);
    expect(dtc[1]).toContain('--dtc-symbols is for a real deployment (--config)');
  });
});
