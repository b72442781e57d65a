import { describe, expect, test } from 'vitest';
import { defaultConfig, loadConfig, REDACTED, redact } from './index.js';

const token = 'tok-0123456789abcdef';
const password = 'dtc-password';

describe('redact', () => {
  const config = loadConfig({
    env: {
      MINHOS_AUTH_TOKEN: token,
      MINHOS_NETWORK_DTC_PASSWORD: password,
      MINHOS_NETWORK_DTC_USERNAME: 'trader',
    },
  });

  test('replaces every secret and nothing else', () => {
    const safe = redact(config);
    expect(safe.auth.token).toBe(REDACTED);
    expect(safe.network.dtc.password).toBe(REDACTED);
    expect(safe.network.dtc.username).toBe('trader');
    expect({ ...safe, auth: config.auth, network: config.network }).toEqual(config);
    const printed = JSON.stringify(safe);
    expect(printed).not.toContain(token);
    expect(printed).not.toContain(password);
  });

  test('leaves the original untouched and returns a frozen copy', () => {
    const safe = redact(config);
    expect(config.auth.token).toBe(token);
    expect(safe).not.toBe(config);
    expect(Object.isFrozen(safe)).toBe(true);
    expect(Object.isFrozen(safe.network.dtc)).toBe(true);
  });

  test('unset secrets stay unset, so the copy shows whether one is configured', () => {
    const safe = redact(defaultConfig);
    expect('token' in safe.auth).toBe(false);
    expect(safe).toEqual(defaultConfig);
  });
});
