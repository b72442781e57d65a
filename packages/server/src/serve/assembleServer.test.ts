import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinhosConfig } from '@minhos/config';
import { type Bar, type InstrumentId, SimulatedClock, type TimestampUs } from '@minhos/core';
import { openStore, PaperBroker } from '@minhos/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleServer } from './assembleServer.js';
import { findBundledEsBars, loadEsBars } from './loadEsBars.js';
import { embeddedConfig } from './startEmbedded.js';

// The repository's bundled ES 1-minute bars (data/ohlcv/es_1min_trade_lean.csv, ESZ13).
const BARS: Bar[] = loadEsBars(findBundledEsBars() as string).slice(0, 2400);
const HISTORY = 400;
const ES = 'ESZ13' as InstrumentId;
const MINUTE_US = 60_000_000;
const TOKEN = 'assemble-test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function assembled(config: MinhosConfig) {
  const dir = mkdtempSync(join(tmpdir(), 'minhos-assemble-'));
  const opened = openStore(':memory:');
  if (!opened.ok) throw opened.error;
  const store = opened.value;
  const clock = new SimulatedClock((BARS[0] as Bar).time);
  const spec = {
    instrumentId: ES,
    pointValue: 50,
    tickSize: 0.25,
    currency: 'USD' as const,
    marginPerContract: 12_000,
  };
  const paper = new PaperBroker({
    clock,
    instruments: [spec],
    commissionPerContract: config.trading.commissionPerContract,
    slippageTicks: config.trading.slippageTicks,
    marketFill: 'nextBarOpen',
  });
  const a = await assembleServer({
    config,
    dataDir: dir,
    store,
    clock,
    broker: paper,
    instrument: spec,
    token: TOKEN,
    services: () => ({}),
  });
  cleanups.push(async () => {
    await a.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const feed = async (bars: readonly Bar[], live: boolean) => {
    for (const bar of bars) {
      const close = (bar.time + MINUTE_US) as TimestampUs;
      if (close > clock.now()) clock.advanceTo(close);
      paper.onBar(ES, bar);
      await a.onBar(bar, live);
    }
  };
  return { ...a, feed, store, clock };
}

describe('assembleServer: the AI modules run live in the server and show through the API', () => {
  it('builds the modules from config, acts on the live loop, and switches mode at run time through the config API', async () => {
    const base = embeddedConfig();
    const config = {
      ...base,
      modules: {
        ...base.modules,
        positionIntelligence: { ...base.modules.positionIntelligence, mode: 'enforce' },
      },
    } as MinhosConfig;
    const s = await assembled(config);
    const app = s.server.app;
    await s.feed(BARS.slice(0, HISTORY), false);
    await s.feed(BARS.slice(HISTORY, 1400), true);

    const list = (await app.inject({ method: 'GET', url: '/api/modules' })).json();
    // Flags and modes from config: position intelligence enforces, profit amplification is off.
    expect(list.modules.positionIntelligence).toMatchObject({ enabled: true, mode: 'enforce' });
    expect(list.modules.profitAmplification.enabled).toBe(false);
    expect(list.modules.orchestratorPolicy).toMatchObject({ enabled: true, mode: 'observe' });
    // The modules acted in the live loop: the orchestrator reviewed the loop's decisions (observed),
    // the supervisor judged its members, position intelligence managed open positions (applied).
    const pi = list.modules.positionIntelligence.recent_actions as {
      applied: boolean;
      decisionId?: string;
    }[];
    expect(list.modules.orchestratorPolicy.recent_actions.length).toBeGreaterThan(0);
    expect(
      list.modules.orchestratorPolicy.recent_actions.every((a: { applied: boolean }) => !a.applied),
    ).toBe(true);
    expect(pi.length).toBeGreaterThan(0);
    expect(pi.some((a) => a.applied)).toBe(true);
    // Between-decision actions name the decision that opened the position; that record holds them.
    const withDecision = pi.find((a) => a.decisionId !== undefined);
    expect(withDecision).toBeDefined();
    const byDecision = (
      await app.inject({ method: 'GET', url: `/api/modules/actions?decision=${withDecision?.decisionId}` })
    ).json();
    expect(byDecision.actions.length).toBeGreaterThan(0);
    expect(
      byDecision.actions.every((a: { decisionId: string }) => a.decisionId === withDecision?.decisionId),
    ).toBe(true);
    const record = s.loop.pipeline.decision(withDecision?.decisionId as string);
    expect(record?.later?.length).toBeGreaterThan(0);

    // Switch the orchestrator to enforce through the config API: applied live, recorded with actor.
    const before = s.aiModules.actions({ module: 'orchestratorPolicy' }).length;
    const r = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: auth,
      payload: { section: 'modules', key: 'orchestratorPolicy.mode', value: 'enforce' },
    });
    expect(r.statusCode).toBe(200);
    expect(s.deps.modules?.mode('orchestratorPolicy')).toBe('enforce');
    const switched = s.store.riskEvents(Number.MAX_SAFE_INTEGER).filter((e) => e.kind === 'MODULE_SWITCH');
    expect(switched.at(-1)?.body).toMatchObject({
      module: 'orchestratorPolicy',
      actor: 'api',
      to: { mode: 'enforce' },
    });
    await s.feed(BARS.slice(1400), true);
    const after = s.aiModules.actions({ module: 'orchestratorPolicy' }).slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((a) => a.mode === 'enforce')).toBe(true);
    // A parameter change goes through too; the model supervisor's parameters do not.
    const p = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: auth,
      payload: { section: 'modules', key: 'positionIntelligence.timeStopBars', value: 7 },
    });
    expect(p.statusCode).toBe(200);
    expect(s.aiModules.params.positionIntelligence.timeStopBars).toBe(7);
    const fixed = await app.inject({
      method: 'POST',
      url: '/api/config/update',
      headers: auth,
      payload: { section: 'modules', key: 'modelSupervisor.window', value: 7 },
    });
    expect(fixed.statusCode).toBe(403);
  }, 240_000);

  it("knows the traded contract's trading hours: position intelligence flattens before the session close live", async () => {
    const base = embeddedConfig();
    const config = {
      ...base,
      // full_auto at a threshold no fused signal reaches: only the module's exits (confidence 1) trade.
      trading: { ...base.trading, mode: 'full_auto', autonomousThreshold: 0.999 },
      modules: {
        ...base.modules,
        positionIntelligence: {
          ...base.modules.positionIntelligence,
          mode: 'enforce',
          flattenBeforeCloseMinutes: 30,
          timeStopBars: 0,
          breakEvenAfterPoints: 100,
        },
      },
    } as MinhosConfig;
    const s = await assembled(config);
    // ES (CME Globex) closes at 16:00 CT = 21:00 UTC on 2013-10-07 (CDT); a short sold at
    // 14:00 CT whose bracket is not hit (ES fell 9 points by the close) is held into the close unless the module knows the hours.
    const entryAt = Date.UTC(2013, 9, 7, 19, 0) * 1000;
    const entryIndex = BARS.findIndex((b) => b.time >= entryAt);
    await s.feed(BARS.slice(0, HISTORY), false);
    await s.feed(BARS.slice(HISTORY, entryIndex), true);
    const sub = await s.server.app.inject({
      method: 'POST',
      url: '/api/trading/orders',
      headers: auth,
      payload: {
        symbol: ES,
        side: 'SELL',
        quantity: 1,
        bracket: { stop_loss_points: 8, take_profit_points: 40 },
      },
    });
    expect(sub.statusCode, sub.body).toBe(201);
    const closeAt = Date.UTC(2013, 9, 7, 21, 0) * 1000;
    await s.feed(
      BARS.slice(entryIndex).filter((b) => b.time < closeAt),
      true,
    );
    const exits = s.aiModules
      .actions({ module: 'positionIntelligence' })
      .filter((a) => a.kind === 'exit_session_close');
    expect(exits.length).toBeGreaterThan(0);
    const first = exits[0];
    expect(first?.applied).toBe(true);
    // Inside the last 30 minutes before 16:00 CT, not earlier.
    expect(first?.time).toBeGreaterThanOrEqual(closeAt - 30 * MINUTE_US);
    expect(s.deps.oms.position(ES).quantity).toBe(0);
  }, 240_000);
});
