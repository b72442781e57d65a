import { describe, expect, it } from 'vitest';
import { configEnvVars, configSchema, defaultConfig, safeLoadConfig } from './index.js';

describe('modules section', () => {
  it('every module observes by default except profit amplification, which is off', () => {
    const modes = Object.fromEntries(Object.entries(defaultConfig.modules).map(([k, v]) => [k, v.mode]));
    expect(modes).toEqual({
      modelSupervisor: 'observe',
      orchestratorPolicy: 'observe',
      portfolioBalancer: 'observe',
      positionIntelligence: 'observe',
      profitAmplification: 'off',
      smartExecution: 'observe',
    });
  });

  it('a mode and parameters are set per module; unknown modes and keys are errors', () => {
    const c = configSchema.parse({ modules: { smartExecution: { mode: 'enforce', limitOffsetTicks: 2 } } });
    expect(c.modules.smartExecution).toMatchObject({
      mode: 'enforce',
      limitOffsetTicks: 2,
      orderType: 'marketable_limit',
    });
    expect(configSchema.safeParse({ modules: { smartExecution: { mode: 'on' } } }).success).toBe(false);
    expect(configSchema.safeParse({ modules: { nope: {} } }).success).toBe(false);
    expect(
      configSchema.safeParse({ modules: { orchestratorPolicy: { eventRisk: ['next friday'] } } }).success,
    ).toBe(false);
  });

  it('modes come from the environment like every other setting', () => {
    const row = configEnvVars.find((r) => r.path === 'modules.portfolioBalancer.mode');
    expect(row?.variable).toBe('MINHOS_MODULES_PORTFOLIO_BALANCER_MODE');
    const loaded = safeLoadConfig({
      env: {
        MINHOS_MODULES_PORTFOLIO_BALANCER_MODE: 'enforce',
        MINHOS_MODULES_ORCHESTRATOR_POLICY_EVENT_RISK: '2013-12-06T13:30:00Z',
      },
    });
    expect(loaded.ok).toBe(true);
    if (loaded.ok) {
      expect(loaded.value.modules.portfolioBalancer.mode).toBe('enforce');
      expect(loaded.value.modules.orchestratorPolicy.eventRisk).toEqual(['2013-12-06T13:30:00Z']);
    }
  });
});
