import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bar } from '@minhos/core';
import { DtcSimulator, dtcBarSource, ScidWriter } from '@minhos/sierra';
import { afterEach, describe, expect, it } from 'vitest';
import { findBundledEsBars, loadEsBars } from './loadEsBars.js';
import { DeploymentError, startDeployment } from './startDeployment.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const BARS: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 900);
const HISTORY = 400;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('startDeployment: .scid tail for data, DTC to Sierra (the simulator) for orders', () => {
  it('trades over DTC on bars appended to the .scid file, and a restart reconciles with Sierra', async () => {
    const sim = new DtcSimulator({
      instruments: [
        {
          symbol: 'ESZ13',
          exchange: 'CME',
          source: dtcBarSource(BARS, { description: 'ES' }),
          pointValue: 50,
        },
        // A non-CME symbol Sierra relays over DTC (its prices here: the ES bars, as a fixture).
        {
          symbol: 'VXZ13',
          exchange: 'CFE',
          source: dtcBarSource(BARS, { description: 'VX' }),
          pointValue: 1000,
        },
      ],
      port: 0,
      speed: 600,
      replayFrom: (BARS[HISTORY] as Bar).time,
      commissionPerContract: 2.5,
      // Sierra's own market moves on whether or not anyone subscribes: fills need prices.
      autoPlay: 'on-start',
    });
    const { port } = await sim.start();
    const dir = mkdtempSync(join(tmpdir(), 'minhos-deploy-'));
    cleanups.push(async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const scidFile = join(dir, 'ESZ13-CME.scid');
    const writer = await ScidWriter.create(scidFile, { mode: 'overwrite' });
    await writer.appendBars(BARS.slice(0, HISTORY));
    await writer.flush();
    cleanups.push(() => writer.close());
    const configFile = join(dir, 'minhos.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        network: { dtc: { host: '127.0.0.1', port } },
        trading: { broker: 'live', account: 'SIM1', mode: 'full_auto' },
        storage: { path: join(dir, 'data') },
        risk: { stopLossPoints: 8, takeProfitPoints: 16 },
        kelly: { maxRiskFraction: 0.005 },
      }),
    );
    const start = () =>
      startDeployment({
        configFile,
        scidFile,
        dtcSymbols: ['VXZ13-CFE'],
        port: 0,
        env: {},
        pollIntervalMs: 20,
      });
    let run = await start();
    expect(run.instrument).toMatchObject({ instrumentId: 'ESZ13.CME', pointValue: 50, tickSize: 0.25 });
    expect(run.checks.every((c) => c.ok)).toBe(true);
    // biome-ignore lint/suspicious/noExplicitAny: JSON bodies read in assertions
    const api = async (path: string): Promise<any> => (await fetch(`${run.url}${path}`)).json();
    await until(() => run.bars().history >= HISTORY - 1, 10_000, 'the history in the file');
    expect(run.bars().live).toBe(0);
    expect((await api('/api/decisions/recent')).total).toBe(0);

    // Sierra appends new records; the loop decides on them and the orders go over DTC.
    let next = HISTORY;
    const fills = async () => (await api('/api/trading/history')).count as number;
    const sent = () => run.loop.decisions().some((d) => d.outcome.status === 'submitted');
    while (!sent() && next < BARS.length) {
      await writer.appendBars(BARS.slice(next, next + 2));
      await writer.flush();
      next += 2;
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(sent()).toBe(true);
    await until(async () => (await fills()) > 0, 10_000, 'the fill from Sierra');
    expect(sim.stats.ordersSubmitted).toBeGreaterThan(0);
    const executed = (await api('/api/decisions/recent?limit=1000')).decisions.find(
      (d: { action: string }) => d.action === 'executed',
    );
    expect(executed).toBeDefined();
    expect(run.bars().live).toBeGreaterThan(0);
    const status = await api('/api/status');
    expect(status.banner).toMatch(/DTC/);
    const positions = (await api('/api/trading/positions')).positions as { quantity: number }[];
    const held = positions[0]?.quantity ?? 0;
    await run.stop();

    // A restart: the OMS reconciles with Sierra's orders, fills and positions before trading.
    run = await start();
    cleanups.push(() => run.stop());
    expect(run.reconciled.positionMismatches).toEqual([]);
    const after = (await api('/api/trading/positions')).positions as { quantity: number }[];
    expect(after[0]?.quantity ?? 0).toBe(held);
    // Non-CME data came over DTC into the market book.
    expect(run.dataInstruments).toEqual(['VXZ13.CFE']);
    await until(
      async () => (await api('/api/market/latest')).symbols['VXZ13.CFE']?.last > 0,
      10_000,
      'VX trades over DTC',
    );
    const services = await api('/api/services/status');
    expect(services.services.broker.status).toBe('running');
  }, 90_000);

  it('with trading.broker paper the orders fill on the .scid trades and nothing goes to Sierra', async () => {
    const sim = new DtcSimulator({
      instruments: [{ symbol: 'ESZ13', exchange: 'CME', source: dtcBarSource(BARS), pointValue: 50 }],
      port: 0,
    });
    const { port } = await sim.start();
    const dir = mkdtempSync(join(tmpdir(), 'minhos-deploy-paper-'));
    cleanups.push(async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const scidFile = join(dir, 'ESZ13-CME.scid');
    const writer = await ScidWriter.create(scidFile, { mode: 'overwrite' });
    await writer.appendBars(BARS.slice(0, HISTORY));
    await writer.flush();
    cleanups.push(() => writer.close());
    const configFile = join(dir, 'minhos.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        network: { dtc: { host: '127.0.0.1', port } },
        trading: { broker: 'paper', mode: 'full_auto' },
        storage: { path: join(dir, 'data') },
        risk: { stopLossPoints: 8, takeProfitPoints: 16 },
        kelly: { maxRiskFraction: 0.005 },
      }),
    );
    const run = await startDeployment({ configFile, scidFile, port: 0, env: {}, pollIntervalMs: 20 });
    cleanups.push(() => run.stop());
    await until(() => run.bars().history >= HISTORY - 1, 10_000, 'the history in the file');
    const submitted = () => run.loop.decisions().some((d) => d.outcome.status === 'submitted');
    let next = HISTORY;
    const fills = async () =>
      ((await (await fetch(`${run.url}/api/trading/history`)).json()) as { count: number }).count;
    while (!submitted() && next < BARS.length) {
      await writer.appendBars(BARS.slice(next, next + 2));
      await writer.flush();
      next += 2;
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(submitted()).toBe(true);
    // The paper broker fills on the next trades of the tail.
    for (let k = 0; k < 5; k++) {
      await writer.appendBars(BARS.slice(next, next + 1));
      await writer.flush();
      next += 1;
      await new Promise((r) => setTimeout(r, 60));
    }
    await until(async () => (await fills()) > 0, 10_000, 'a paper fill');
    expect(sim.stats.ordersSubmitted).toBe(0);
  }, 60_000);

  it('refuses to start with the startup check’s plain words when Sierra is not reachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-deploy-bad-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const configFile = join(dir, 'minhos.json');
    writeFileSync(configFile, JSON.stringify({ network: { dtc: { port: 1 } } }));
    const error = await startDeployment({ configFile, scidFile: join(dir, 'ESZ13-CME.scid'), env: {} }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeploymentError);
    expect((error as Error).message).toMatch(/DTC server is not reachable at 127\.0\.0\.1:1/);
    expect((error as Error).message).toMatch(/data file not found/);
  });
});
