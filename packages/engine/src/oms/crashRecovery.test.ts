import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LiveClock, silentLogger } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { PaperBroker } from '../brokers/index.js';
import { CRASH_ES, CRASH_SPEC } from '../internal/crashFlow.js';
import { expectReconciled } from '../internal/expectReconciled.js';
import { openStore } from '../store/index.js';
import { OrderManager } from './OrderManager.js';

const ES = CRASH_ES;
const SPEC = CRASH_SPEC;
const pkg = fileURLToPath(new URL('../..', import.meta.url));
const repo = fileURLToPath(new URL('../../../..', import.meta.url));
const child = join(pkg, 'src/internal/crashChild.ts');
const RUNS = 20;

/** Starts the child, waits until it is trading, lets it run `ms`, then SIGKILLs it. */
async function killDuring(
  dir: string,
  seed: number,
  run: number,
  ms: number,
): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  // One process (node with tsx's loader), so SIGKILL kills the trader itself, not a wrapper.
  const proc: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', child, dir, String(seed), String(run)],
    {
      cwd: repo,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(pkg, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let buf = '';
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = JSON.parse(buf.slice(0, nl)) as Record<string, unknown>;
        events.push(line);
        if (line.event === 'ready') setTimeout(() => proc.kill('SIGKILL'), ms);
        buf = buf.slice(nl + 1);
        nl = buf.indexOf('\n');
      }
    });
    void exited.then((code) =>
      code === null ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`)),
    );
  });
  return events;
}

describe('crash recovery: SIGKILL during order flow, restart, reconcile', () => {
  it(`${RUNS} seeded kills: positions, working orders, mode and emergency level restored; no duplicate, nothing half-written`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'minhos-crash-'));
    let rng = 20251202;
    const delays: number[] = [];
    let inFlightSeen = 0;
    let committed: Record<string, unknown> | undefined;
    let resolvedTotal = 0;
    for (let run = 0; run < RUNS; run++) {
      rng = (rng * 1103515245 + 12345) % 2 ** 31;
      const ms = 20 + (rng % 250);
      delays.push(ms);
      const events = await killDuring(dir, 7, run, ms);
      // The last order id resubmitted after a restart must come back as the existing order.
      for (const e of events.filter((x) => x.event === 'resubmit')) expect(e.status).toBe('duplicate');

      const opened = openStore(join(dir, 'engine.sqlite'));
      if (!opened.ok) throw opened.error; // a half-written database would fail here
      const store = opened.value;
      const clock = new LiveClock();
      const venue = new PaperBroker({ clock, instruments: [SPEC], path: join(dir, 'venue.sqlite') });
      const logs: unknown[] = [];
      const note = (m: string, c?: unknown) => logs.push([m, c]);
      const logger = { ...silentLogger, warn: note, error: note };
      const oms = OrderManager.open({
        logger,
        store,
        broker: venue,
        clock,
        instruments: [SPEC],
        startingCapital: 100_000,
        bracket: { stopLossPoints: 2, takeProfitPoints: 3 },
      });
      inFlightSeen += oms.inFlightOrders().length;

      // Mode and emergency level: the last committed value (or the one being committed at the kill).
      const states = events.filter((x) => x.event === 'state');
      const lastDone = states.filter((x) => x.phase === 'done').at(-1) ?? committed;
      const lastIntend = states.at(-1);
      const stored = { mode: store.getState('mode'), level: store.getState('emergencyLevel') };
      if (lastIntend !== undefined) {
        const candidates = [lastDone, lastIntend]
          .filter((x) => x !== undefined)
          .map((x) => ({ mode: x.mode, level: x.level }));
        expect(candidates).toContainEqual(stored);
      }

      committed = stored.mode === undefined ? undefined : stored;
      const report = await oms.reconcile();
      expect(report.ok).toBe(true);
      if (!report.ok) return;
      resolvedTotal += report.value.ordersResolved.length;
      expect(report.value.externalAdopted).toEqual([]); // every venue order was written ahead by the engine
      expect(
        report.value.positionMismatches,
        JSON.stringify({ run, logs, m: report.value.positionMismatches }),
      ).toEqual([]);
      await expectReconciled(oms, store, venue, ES, 50, `after kill ${run}`);
      store.close();
      venue.close();
    }
    const final = openStore(join(dir, 'engine.sqlite'));
    if (!final.ok) throw final.error;
    const counts = final.value.counts();
    final.value.close();
    console.log(
      `crash test: ${RUNS} kills after ${delays.join(',')} ms; orders ${counts.orders}, fills ${counts.fills}, in flight at restart ${inFlightSeen}, resolved by reconciliation ${resolvedTotal}`,
    );
    expect(counts.orders).toBeGreaterThan(RUNS);
    expect(counts.fills).toBeGreaterThan(0);
  }, 240_000);
});
