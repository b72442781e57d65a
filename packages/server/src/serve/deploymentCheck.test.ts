import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScidWriter } from '@minhos/sierra';
import { afterEach, describe, expect, it } from 'vitest';
import { checkDeployment } from './deploymentCheck.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('checkDeployment', () => {
  it('says in plain words that DTC is unreachable, trading is not allowed and the data file is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-check-'));
    dirs.push(dir);
    const port = await freePort();
    const file = join(dir, 'minhos.json');
    writeFileSync(file, JSON.stringify({ network: { dtc: { port } }, trading: { emergencyStop: true } }));
    const { checks } = await checkDeployment({
      configFile: file,
      scidFiles: [join(dir, 'ESZ25-CME.scid')],
      env: {},
    });
    const failed = checks.filter((c) => !c.ok).map((c) => c.message);
    expect(failed).toEqual([
      expect.stringContaining(`DTC server is not reachable at 127.0.0.1:${port} (connection refused)`),
      expect.stringContaining('trading is not allowed: trading.emergencyStop is true'),
      `data file not found: ${join(dir, 'ESZ25-CME.scid')}`,
    ]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ risk: { maxDailyLoss: -5 } }));
    const r = await checkDeployment({ configFile: bad, scidFiles: [], env: {} });
    expect(r.checks[0]).toMatchObject({ name: 'config', ok: false });
    expect(r.checks[0]?.message).toContain('risk.maxDailyLoss');
  });

  it('passes when Sierra answers, trading is allowed and the .scid file is real', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-check-'));
    dirs.push(dir);
    const sierra = createServer((s) => s.end());
    await new Promise<void>((r) => sierra.listen(0, '127.0.0.1', r));
    const port = (sierra.address() as { port: number }).port;
    const scid = join(dir, 'ESZ25-CME.scid');
    const w = await ScidWriter.create(scid, { mode: 'overwrite' });
    await w.appendBars([
      { time: 1_700_000_000_000_000 as never, open: 1, high: 2, low: 0.5, close: 1.5, volume: 3 },
    ]);
    await w.close();
    const file = join(dir, 'minhos.json');
    writeFileSync(file, JSON.stringify({ network: { dtc: { port } } }));
    const { checks } = await checkDeployment({ configFile: file, scidFiles: [scid], env: {} });
    await new Promise((r) => sierra.close(r));
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(checks.map((c) => c.name)).toEqual(['config', 'dtc', 'trading', 'data']);
    expect(checks[3]?.message).toContain('1 records');
  });
});
