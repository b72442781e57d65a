/**
 * Generates `docs/configuration.md`, the configuration reference, from the JSON Schema that
 * `@minhos/config` publishes (`packages/config/minhos.schema.json`): one table per top-level
 * section with every setting's key, type, default, allowed values, `MINHOS_*` variable and
 * description. `configReference.test.ts` fails when the committed file is stale.
 *
 *   pnpm --filter @minhos/examples exec tsx src/configReference.ts        # rewrite docs/configuration.md
 *   pnpm --filter @minhos/examples exec tsx src/configReference.ts --check
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envVarName } from '@minhos/config';

/** The part of a JSON Schema node this generator reads. */
export interface SchemaNode {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly writeOnly?: boolean;
}

/** Where the schema and the generated page live, relative to this file. */
export const SCHEMA_URL = new URL('../../packages/config/minhos.schema.json', import.meta.url);
/** The generated page. */
export const REFERENCE_URL = new URL('../../docs/configuration.md', import.meta.url);

const cellText = (s: string): string => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (v: unknown): string => `\`${cellText(JSON.stringify(v))}\``;

function typeOf(n: SchemaNode): string {
  const t = typeof n.type === 'string' ? n.type : n.type === undefined ? 'any' : n.type.join(' \\| ');
  if (t === 'array' && n.items !== undefined) return `${typeOf(n.items)}[]`;
  return t;
}

function allowed(n: SchemaNode): string {
  const parts: string[] = [];
  if (n.enum !== undefined) parts.push(n.enum.map(code).join(', '));
  if (n.items?.enum !== undefined) parts.push(`each of ${n.items.enum.map(code).join(', ')}`);
  if (n.minimum !== undefined) parts.push(`≥ ${n.minimum}`);
  if (n.exclusiveMinimum !== undefined) parts.push(`> ${n.exclusiveMinimum}`);
  if (n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER) parts.push(`≤ ${n.maximum}`);
  if (n.exclusiveMaximum !== undefined) parts.push(`< ${n.exclusiveMaximum}`);
  if (n.minLength !== undefined) parts.push(`non-empty`);
  if (n.minItems !== undefined) parts.push(`at least ${n.minItems}`);
  if (n.pattern !== undefined) parts.push(`matches \`${cellText(n.pattern)}\``);
  return parts.join('; ');
}

function rows(node: SchemaNode, path: string[], out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const p = [...path, key];
    if (child.type === 'object' && child.properties !== undefined) {
      rows(child, p, out);
      continue;
    }
    const dotted = p.join('.');
    const dflt = child.writeOnly
      ? 'secret, unset'
      : child.default === undefined
        ? 'unset'
        : code(child.default);
    out.push(
      `| \`${dotted}\` | ${cellText(typeOf(child))} | ${dflt} | ${allowed(child)} | \`${envVarName(dotted)}\` | ${cellText(child.description ?? '')} |`,
    );
  }
}

/**
 * The markdown of the configuration reference for a schema (pure: the same schema gives the same
 * text, so a test can compare it with the committed page).
 *
 * @example
 * ```ts
 * import { configReference } from './configReference.js';
 * const md = configReference({ properties: { risk: { type: 'object', properties: { capital: { type: 'number', default: 1 } } } } });
 * ```
 */
export function configReference(schema: SchemaNode): string {
  const lines = [
    '# Configuration reference',
    '',
    '<!-- Generated from packages/config/minhos.schema.json by examples/src/configReference.ts: do not edit by hand. -->',
    '',
    'MinhOS reads one configuration: built-in defaults, then a JSON or YAML file (`minhos.yaml`, or the',
    'file named by `MINHOS_CONFIG`), then `MINHOS_*` environment variables, then overrides passed in code',
    '(`loadConfig({ overrides })`), each layer overriding the one before; the result is validated against',
    'this schema and a bad value is an error that names the key,',
    'the value, where it came from and what is expected. Put `"$schema": "./node_modules/@minhos/config/minhos.schema.json"`',
    'in a JSON config (or `# yaml-language-server: $schema=…` in YAML) for completion in your editor.',
    'Secrets (`writeOnly`) are redacted wherever the configuration is printed (`minhos config print`);',
    '`minhos config check` validates a file.',
    '',
    'Units are in the key names or the descriptions: `…Ms` milliseconds, `…Seconds` seconds, money in the',
    "account currency (USD), fractions as 0–1, points are the instrument's price points.",
  ];
  for (const [section, node] of Object.entries(schema.properties ?? {})) {
    if (node.type !== 'object' || node.properties === undefined) continue;
    lines.push('', `## \`${section}\``, '');
    if (node.description !== undefined) lines.push(node.description, '');
    lines.push('| key | type | default | allowed | environment variable | description |');
    lines.push('| --- | --- | --- | --- | --- | --- |');
    rows(node, [section], lines);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads the schema next to the config package. */
export function readConfigSchema(): SchemaNode {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as SchemaNode;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = configReference(readConfigSchema());
  if (process.argv.includes('--check')) {
    const current = readFileSync(REFERENCE_URL, 'utf8');
    if (current !== text) {
      console.error('docs/configuration.md is stale: run examples/src/configReference.ts');
      process.exit(1);
    }
    console.log('docs/configuration.md is up to date');
  } else {
    writeFileSync(REFERENCE_URL, text);
    console.log(`wrote ${fileURLToPath(REFERENCE_URL)}`);
  }
}
