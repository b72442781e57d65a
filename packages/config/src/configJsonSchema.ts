import { z } from 'zod';
import { configSchema } from './configSchema.js';
import { schemaTree } from './internal/schemaTree.js';

/**
 * The JSON Schema (draft 2020-12) of a config file, generated from {@link configSchema}: every
 * setting with its type, constraints, default and description; unknown keys rejected
 * (`additionalProperties: false`); secrets flagged `writeOnly`. A top-level `$schema` string is
 * allowed so a JSON config can point its editor at `minhos.schema.json` (shipped in the package).
 *
 * @example
 * ```ts
 * import { configJsonSchema } from '@minhos/config';
 * const schema = configJsonSchema();
 * Object.keys(schema.properties as object); // ['network', 'trading', 'risk', …]
 * ```
 */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  for (const field of schemaTree().fields) {
    if (!field.secret) continue;
    let node: Record<string, unknown> | undefined = schema;
    for (const segment of field.segments) {
      node = (node?.properties as Record<string, Record<string, unknown>> | undefined)?.[segment];
    }
    if (node !== undefined) node.writeOnly = true;
  }
  const properties = schema.properties as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $id: 'https://unpkg.com/@minhos/config/minhos.schema.json',
    title: 'MinhOS configuration',
    ...schema,
    properties: {
      $schema: { type: 'string', description: 'JSON Schema of this file (ignored by the loader).' },
      ...properties,
    },
  };
}
