import { defaultConfig } from '@minhos/config';
import { LiveClock } from '@minhos/core';
import { DEFAULT_KELLY_SETTINGS } from '@minhos/kelly';
import { DEFAULT_RISK_LIMITS } from '@minhos/risk';
import { describe, expect, it } from 'vitest';
import {
  bracketFromConfig,
  dtcClientOptionsFromConfig,
  kellySettingsFromConfig,
  paperBrokerOptionsFromConfig,
  riskLimitsFromConfig,
  storeFromConfig,
} from './configWiring.js';

describe('config wiring', () => {
  it('risk: every config default equals @minhos/risk’s default, in the gate’s units', () => {
    expect(riskLimitsFromConfig(defaultConfig)).toEqual(DEFAULT_RISK_LIMITS);
  });

  it('kelly: every config default equals @minhos/kelly’s default', () => {
    expect(kellySettingsFromConfig(defaultConfig)).toEqual({ ok: true, value: DEFAULT_KELLY_SETTINGS });
  });

  it('values flow through with unit conversion', () => {
    const cfg = structuredClone(defaultConfig) as typeof defaultConfig;
    const risk = { ...cfg.risk, staleDataSeconds: 5, maxPositionContracts: 2 };
    const limits = riskLimitsFromConfig({ ...cfg, risk });
    expect(limits.maxDataAgeUs).toBe(5_000_000);
    expect(limits.maxPositionContracts).toBe(2);
    expect(bracketFromConfig(cfg)).toEqual({
      stopLossPoints: cfg.risk.stopLossPoints,
      takeProfitPoints: cfg.risk.takeProfitPoints,
    });
    expect(dtcClientOptionsFromConfig(cfg)).toMatchObject({
      heartbeatIntervalMs: cfg.network.dtc.heartbeatIntervalSeconds * 1000,
      port: 11099,
    });
    expect(paperBrokerOptionsFromConfig(cfg, { clock: new LiveClock(), instruments: [] })).toMatchObject({
      commissionPerContract: cfg.trading.commissionPerContract,
      slippageTicks: cfg.trading.slippageTicks,
    });
    expect(storeFromConfig(cfg).path).toMatch(/minhos\.sqlite$/);
  });

  // @minhos/sierra's own defaults (DtcSession / dtcBackoffDelay) against config.network.dtc.
  it('dtc: config defaults equal sierra defaults', () => {
    expect(defaultConfig.network.dtc.connectTimeoutMs).toBe(10_000);
    expect(defaultConfig.network.dtc.reconnect.initialDelayMs).toBe(250);
    expect(defaultConfig.network.dtc.heartbeatIntervalSeconds * 1000).toBe(10_000);
    expect(defaultConfig.network.dtc.requestTimeoutMs).toBe(10_000);
    expect(defaultConfig.network.dtc.reconnect.maxDelayMs).toBe(30_000);
    expect(defaultConfig.network.dtc.reconnect.multiplier).toBe(2);
  });
});
