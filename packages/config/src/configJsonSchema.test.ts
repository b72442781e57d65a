import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { configEnvVars, configJsonSchema, configSchema, defaultConfig } from './index.js';

type Node = {
  properties?: Record<string, Node>;
  default?: unknown;
  writeOnly?: boolean;
  additionalProperties?: unknown;
};

function nodeAt(schema: Node, path: string): Node | undefined {
  let node: Node | undefined = schema;
  for (const segment of path.split('.')) node = node?.properties?.[segment];
  return node;
}

function valueAt(root: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], root);
}

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as Node;

  test('the committed minhos.schema.json is up to date (regenerate with scripts/write-json-schema.ts)', () => {
    const committed = JSON.parse(readFileSync(new URL('../minhos.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(schema);
  });

  test('every setting is present with its default; unknown keys are closed everywhere; secrets are writeOnly', () => {
    for (const row of configEnvVars) {
      const node = nodeAt(schema, row.path);
      expect(node, row.path).toBeDefined();
      expect(node?.default, row.path).toEqual(valueAt(defaultConfig, row.path));
      expect(node?.writeOnly === true, row.path).toBe(row.secret);
    }
    const closed = (node: Node, path: string): void => {
      if (node.properties === undefined) return;
      expect(node.additionalProperties, path).toBe(false);
      for (const [key, child] of Object.entries(node.properties)) closed(child, `${path}.${key}`);
    };
    closed(schema, '(root)');
  });

  test('round trip: a validator rebuilt from the JSON Schema agrees with the zod schema', () => {
    const rebuilt = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    const cases: unknown[] = [
      {},
      structuredClone(defaultConfig),
      { $schema: './minhos.schema.json', trading: { mode: 'semi_auto' } },
      { risk: { maxDailyLoss: -5 } },
      { risk: { maxDailyLos: 5 } },
      { trading: { mode: 'auto' } },
      { network: { server: { port: 65536 } } },
      { risk: { maxPositionContracts: 1.5 } },
      { symbols: { enabled: ['es'] } },
      { auth: { token: 'short' } },
      { storage: { wal: 'yes' } },
      { extra: true },
    ];
    for (const input of cases) {
      const { $schema: _ignored, ...settings } = input as Record<string, unknown>;
      expect(rebuilt.safeParse(input).success, JSON.stringify(input)).toBe(
        configSchema.safeParse(settings).success,
      );
    }
  });
});
