import { configSchema, defaultConfig } from '@minhos/config';
import { SimulatedClock } from '@minhos/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AI_MODULE_PARAMS } from '../modules/index.js';
import { applyModuleLevels, moduleFlagsFromConfig, moduleParamsFromConfig } from './configWiring.js';
import { AI_MODULES, ModuleFlags } from './ModuleFlags.js';

describe('ModuleFlags', () => {
  it('switches at run time, each change recorded with actor and reason and journaled', () => {
    const clock = new SimulatedClock(5_000_000);
    const events: Array<{ time: number; kind: string; body: unknown }> = [];
    const flags = new ModuleFlags(
      {},
      { clock, journal: { recordRiskEvent: (time, kind, body) => events.push({ time, kind, body }) } },
    );
    const seen: string[] = [];
    const off = flags.onChange((c) => seen.push(`${c.module}:${c.to.enabled ? c.to.mode : 'off'}`));
    expect(flags.level('smartExecution')).toBe('observe');
    flags.setLevel('smartExecution', 'enforce', 'alice', 'limits cut slippage in paper');
    expect(flags.level('smartExecution')).toBe('enforce');
    flags.setLevel('smartExecution', 'off', 'bob', 'venue rejects limits');
    expect(flags.enabled('smartExecution')).toBe(false);
    expect(flags.changes().map((c) => [c.actor, c.reason, c.time])).toEqual([
      ['alice', 'limits cut slippage in paper', 5_000_000],
      ['bob', 'venue rejects limits', 5_000_000],
    ]);
    expect(events[0]).toMatchObject({
      kind: 'MODULE_SWITCH',
      body: { module: 'smartExecution', actor: 'alice' },
    });
    expect(seen).toEqual(['smartExecution:enforce', 'smartExecution:off']);
    off();
    expect(() => flags.setLevel('warpDrive', 'enforce', 'x', 'y')).toThrow(
      /module "warpDrive" does not exist/,
    );
  });

  it('from config: each module’s mode, and its parameters equal to the engine’s defaults', () => {
    const flags = moduleFlagsFromConfig(defaultConfig);
    expect(Object.fromEntries(AI_MODULES.map((m) => [m, flags.level(m)]))).toEqual(
      Object.fromEntries(AI_MODULES.map((m) => [m, defaultConfig.modules[m].mode])),
    );
    expect(flags.level('profitAmplification')).toBe('off');
    expect(flags.level('riskGate')).toBe('enforce');
    expect(moduleParamsFromConfig(defaultConfig)).toEqual(DEFAULT_AI_MODULE_PARAMS);
    const cfg = configSchema.parse({
      modules: {
        portfolioBalancer: { mode: 'enforce' },
        orchestratorPolicy: { eventRisk: ['2013-12-06T13:30:00Z'] },
      },
    });
    expect(moduleFlagsFromConfig(cfg).level('portfolioBalancer')).toBe('enforce');
    expect(moduleParamsFromConfig(cfg).orchestratorPolicy.eventRisk).toEqual([
      Date.parse('2013-12-06T13:30:00Z') * 1000,
    ]);
    const bad = configSchema.parse({
      modules: { orchestratorPolicy: { eventRisk: ['2013-13-45T99:99:00Z'] } },
    });
    expect(() => moduleParamsFromConfig(bad)).toThrow(/eventRisk\[0\] must be an ISO-8601 instant/);
  });

  it('a reloaded config switches the running flags, each change recorded', () => {
    const flags = moduleFlagsFromConfig(defaultConfig);
    const next = configSchema.parse({
      modules: { smartExecution: { mode: 'enforce' }, modelSupervisor: { mode: 'off' } },
    });
    const changes = applyModuleLevels(flags, next, 'config-reload', 'minhos.yaml changed');
    expect(changes.map((c) => c.module).sort()).toEqual(['modelSupervisor', 'smartExecution']);
    expect(flags.level('smartExecution')).toBe('enforce');
    expect(flags.level('modelSupervisor')).toBe('off');
    expect(applyModuleLevels(flags, next, 'config-reload', 'again')).toEqual([]);
  });
});
