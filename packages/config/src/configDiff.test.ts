import { describe, expect, test } from 'vitest';
import { configDiff, defaultConfig, loadConfig, REDACTED } from './index.js';

describe('configDiff', () => {
  test('lists changed settings in schema order, lists compared by content', () => {
    const changed = loadConfig({
      env: { MINHOS_SYMBOLS_ENABLED: 'NQ,ES,GC', MINHOS_RISK_MAX_DAILY_LOSS: '500' },
      overrides: { trading: { mode: 'semi_auto' } },
    });
    expect(configDiff(defaultConfig, changed)).toEqual([
      { path: 'trading.mode', from: 'manual', to: 'semi_auto' },
      { path: 'risk.maxDailyLoss', from: 1000, to: 500 },
      { path: 'symbols.enabled', from: ['NQ', 'ES'], to: ['NQ', 'ES', 'GC'] },
    ]);
    expect(
      configDiff(
        changed,
        loadConfig({
          env: { MINHOS_SYMBOLS_ENABLED: 'NQ,ES,GC', MINHOS_RISK_MAX_DAILY_LOSS: '500' },
          overrides: { trading: { mode: 'semi_auto' } },
        }),
      ),
    ).toEqual([]);
  });

  test('secrets show only that they changed', () => {
    const a = loadConfig({ env: { MINHOS_AUTH_TOKEN: 'first-token-0123456' } });
    const b = loadConfig({ env: { MINHOS_AUTH_TOKEN: 'second-token-0123456' } });
    expect(configDiff(a, b)).toEqual([{ path: 'auth.token', from: REDACTED, to: REDACTED }]);
    expect(configDiff(defaultConfig, a)).toEqual([{ path: 'auth.token', from: undefined, to: REDACTED }]);
  });
});
