import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference, REFERENCE_URL, readConfigSchema } from './configReference.js';

describe('docs/configuration.md', () => {
  it('is what the config schema generates (run examples/src/configReference.ts after a schema change)', () => {
    expect(readFileSync(REFERENCE_URL, 'utf8')).toBe(configReference(readConfigSchema()));
  });

  it('lists every leaf setting of the schema once, with its default and its MINHOS_* variable', () => {
    const md = configReference(readConfigSchema());
    expect(md).toContain('| `risk.maxDailyLoss` | number | `1000` | > 0 | `MINHOS_RISK_MAX_DAILY_LOSS` |');
    expect(md).toMatch(/\| `network\.dtc\.password` \| string \| secret, unset \|/);
    expect(md).toMatch(
      /\| `trading\.mode` \| string \| `"manual"` \| `"manual"`, `"semi_auto"`, `"full_auto"` \|/,
    );
    const keys = [...md.matchAll(/^\| `([a-zA-Z.]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThan(50);
  });

  it('reflects a change of the schema (so a stale page cannot pass)', () => {
    const schema = readConfigSchema();
    const changed = JSON.parse(JSON.stringify(schema)) as typeof schema & {
      properties: { risk: { properties: { capital: { default: number } } } };
    };
    changed.properties.risk.properties.capital.default = 123;
    expect(configReference(changed)).not.toBe(configReference(schema));
    expect(configReference(changed)).toContain('| `risk.capital` | number | `123` |');
  });
});
