import { describe, expect, test } from 'vitest';
import { configFieldMeta, configSchema, defaultConfig } from './index.js';

describe('configSchema defaults', () => {
  test('the empty config is valid and equals defaultConfig', () => {
    const parsed = configSchema.safeParse({});
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(defaultConfig);
  });

  test('defaults carry the original system values (reference/original-system.md)', () => {
    expect(defaultConfig.trading.mode).toBe('manual');
    expect(defaultConfig.trading.autonomousThreshold).toBe(0.75);
    expect(defaultConfig.trading.emergencyStop).toBe(false);
    expect(defaultConfig.trading.broker).toBe('paper');
    expect(defaultConfig.risk).toMatchObject({
      capital: 100_000,
      maxPositionContracts: 5,
      maxDailyLoss: 1000,
      maxDrawdown: 0.1,
      maxPositions: 3,
      maxOrdersPerMinute: 10,
      staleDataSeconds: 60,
      maxTradeRisk: 500,
      maxNotionalExposure: 2_000_000,
      priceBand: 0.02,
      stopLossPoints: 10,
      takeProfitPoints: 20,
      warnRatio: 0.8,
      breakerRatio: 1.2,
    });
    expect(defaultConfig.kelly).toMatchObject({
      fraction: 0.25,
      basis: 'risk',
      maxRiskFraction: 0.01,
      maxNotionalFraction: 0.05,
      maxContracts: 5,
      minWinProbability: 0.1,
      maxWinProbability: 0.9,
      drawdownReductionStart: 0.05,
      drawdownLimit: 0.1,
      drawdownDecay: 1,
      targetAnnualizedVolatility: 0.2,
    });
    expect(defaultConfig.models).toMatchObject({
      sequenceLength: 20,
      features: 8,
      lstmUnits: 200,
      attentionHeads: 4,
      attentionKeyDim: 50,
      backend: 'auto',
    });
    expect(defaultConfig.symbols).toEqual({ enabled: ['NQ', 'ES'], primary: 'NQ', rollOffsetDays: 8 });
    expect(defaultConfig.intervals).toEqual({
      serviceStatusMs: 10_000,
      criticalSystemsMs: 5_000,
      aiMs: 2_000,
      decisionQualityMs: 3_000,
      wsStateMs: 1_000,
    });
    expect(defaultConfig.network.server).toMatchObject({ host: '127.0.0.1', port: 8888, corsOrigins: [] });
    expect(defaultConfig.storage).toEqual({ path: './.minhos', sqliteFile: 'minhos.sqlite', wal: true });
    expect(defaultConfig.auth).toEqual({ requireTokenForMutations: true });
  });

  test('defaultConfig is deeply frozen, and parsing again does not hand out its arrays', () => {
    expect(Object.isFrozen(defaultConfig)).toBe(true);
    expect(Object.isFrozen(defaultConfig.network.dtc.reconnect)).toBe(true);
    expect(Object.isFrozen(defaultConfig.symbols.enabled)).toBe(true);
    const fresh = configSchema.parse({});
    expect(fresh.symbols.enabled).not.toBe(defaultConfig.symbols.enabled);
    expect(Object.isFrozen(fresh.symbols.enabled)).toBe(false);
  });
});

describe('configSchema strictness and constraints', () => {
  test('unknown keys are rejected at every depth', () => {
    for (const input of [
      { extra: 1 },
      { risk: { maxDailyLos: 5 } },
      { network: { dtc: { reconnect: { jiter: 0.1 } } } },
    ]) {
      const result = configSchema.safeParse(input);
      expect(result.success, JSON.stringify(input)).toBe(false);
      expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
    }
  });

  test.each([
    ['risk.maxDailyLoss', { risk: { maxDailyLoss: 0 } }],
    ['risk.maxDrawdown', { risk: { maxDrawdown: 1 } }],
    ['risk.maxPositionContracts', { risk: { maxPositionContracts: 2.5 } }],
    ['trading.autonomousThreshold', { trading: { autonomousThreshold: 1.01 } }],
    ['trading.mode', { trading: { mode: 'auto' } }],
    ['network.server.port', { network: { server: { port: 70000 } } }],
    ['symbols.enabled', { symbols: { enabled: [] } }],
    ['storage.sqliteFile', { storage: { sqliteFile: 'db/minhos.sqlite' } }],
    ['auth.token', { auth: { token: 'short' } }],
    ['intervals.wsStateMs', { intervals: { wsStateMs: 10 } }],
  ])('%s rejects an out-of-range value', (path, input) => {
    const result = configSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  test('cross-field rules', () => {
    const bad = configSchema.safeParse({
      kelly: { minWinProbability: 0.6, maxWinProbability: 0.6 },
      symbols: { enabled: ['ES', 'ES'], primary: 'NQ' },
      network: { dtc: { reconnect: { initialDelayMs: 5000, maxDelayMs: 1000 } } },
    });
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'kelly.maxWinProbability',
      'network.dtc.reconnect.initialDelayMs',
      'symbols.enabled.1',
      'symbols.primary',
    ]);
    expect(configSchema.safeParse({ symbols: { enabled: ['6E', 'GC'], primary: 'GC' } }).success).toBe(true);
  });

  test('secrets are marked in the field registry', () => {
    const auth = configSchema.shape.auth.unwrap();
    expect(configFieldMeta.get(auth.shape.token)).toEqual({ secret: true });
    expect(configFieldMeta.get(auth.shape.requireTokenForMutations)).toBeUndefined();
  });
});
