import { z } from 'zod';
import { type ConfigFieldMeta, configFieldMeta, configSchema } from '../configSchema.js';

/** How a leaf's value is written in an environment variable and coerced from it. */
export type FieldKind = 'number' | 'integer' | 'boolean' | 'string' | 'enum' | 'list';
/** Element kinds a list may hold. */
export type ItemKind = Exclude<FieldKind, 'list' | 'boolean'>;

/** A leaf of the config schema (a value, not a section). */
export interface SchemaField {
  readonly path: string;
  readonly segments: readonly string[];
  readonly kind: FieldKind;
  /** For `list`: the element kind. */
  readonly item: ItemKind | undefined;
  /** Allowed values for `enum` (or a list of enums). */
  readonly values: readonly string[] | undefined;
  /** Human phrase of what is accepted, e.g. `a positive number`. */
  readonly expected: string;
  /** For `list`: the phrase for one element. */
  readonly itemExpected: string | undefined;
  readonly description: string;
  readonly secret: boolean;
  readonly optional: boolean;
}

/** A section (object) of the config schema. */
export interface SchemaSection {
  readonly path: string;
  readonly keys: readonly string[];
  readonly description: string;
  readonly expected: string;
}

/** The config schema flattened into leaves and sections, in declaration order. */
export interface SchemaTree {
  readonly fields: readonly SchemaField[];
  readonly fieldByPath: ReadonlyMap<string, SchemaField>;
  readonly sectionByPath: ReadonlyMap<string, SchemaSection>;
}

interface Unwrapped {
  readonly inner: z.ZodType;
  readonly description: string | undefined;
  readonly meta: ConfigFieldMeta;
  readonly optional: boolean;
}

/** Peels default/prefault/optional wrappers, collecting description and field metadata on the way. */
function unwrap(schema: z.ZodType): Unwrapped {
  let current: z.ZodType = schema;
  let description: string | undefined;
  let meta: ConfigFieldMeta = {};
  let optional = false;
  for (;;) {
    description ??= current.description;
    meta = { ...configFieldMeta.get(current), ...meta };
    if (current instanceof z.ZodOptional) {
      optional = true;
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap() as z.ZodType;
    } else {
      return { inner: current, description, meta, optional };
    }
  }
}

interface JsonSchemaLeaf {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  pattern?: string;
  enum?: unknown[];
  minItems?: number;
}

function numberPhrase(js: JsonSchemaLeaf): string {
  const integer = js.type === 'integer';
  const noun = integer ? 'an integer' : 'a number';
  const loEx = js.exclusiveMinimum !== undefined;
  const lo = js.exclusiveMinimum ?? js.minimum;
  const hiEx = js.exclusiveMaximum !== undefined;
  // zod emits the safe-integer range for unbounded integers; that is not a user-facing limit.
  const rawHi = js.exclusiveMaximum ?? js.maximum;
  const hi = rawHi !== undefined && Math.abs(rawHi) >= Number.MAX_SAFE_INTEGER ? undefined : rawHi;
  const rawLo = lo !== undefined && Math.abs(lo) >= Number.MAX_SAFE_INTEGER ? undefined : lo;
  const low = (value: number) => (loEx ? `greater than ${value}` : `of at least ${value}`);
  const high = (value: number) => (hiEx ? `less than ${value}` : `of at most ${value}`);
  if (rawLo === undefined && hi === undefined) return noun;
  if (hi === undefined) {
    if (rawLo === 0 && loEx) return integer ? 'a positive integer' : 'a positive number';
    if (rawLo === 0) return integer ? 'a non-negative integer' : 'a non-negative number';
    if (rawLo === 1 && integer) return 'a positive integer';
    return `${noun} ${low(rawLo!)}`;
  }
  if (rawLo === undefined) return `${noun} ${high(hi)}`;
  if (!loEx && !hiEx) return `${noun} from ${rawLo} to ${hi}`;
  return `${noun} ${low(rawLo)} and ${high(hi).replace(/^of /, '')}`;
}

function stringPhrase(js: JsonSchemaLeaf): string {
  if (js.pattern !== undefined) return `a string matching /${js.pattern}/`;
  if (js.minLength === undefined || js.minLength === 0) return 'a string';
  if (js.minLength === 1) return 'a non-empty string';
  return `a string of at least ${js.minLength} characters`;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

interface LeafShape {
  readonly kind: ItemKind | 'boolean';
  readonly values: readonly string[] | undefined;
  readonly expected: string;
}

function describeLeaf(inner: z.ZodType, meta: ConfigFieldMeta, path: string): LeafShape {
  const js = z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as JsonSchemaLeaf;
  if (inner instanceof z.ZodEnum) {
    const values = (js.enum ?? []).map(String);
    return { kind: 'enum', values, expected: meta.expected ?? `one of ${quoteList(values)}` };
  }
  if (inner instanceof z.ZodNumber) {
    return {
      kind: js.type === 'integer' ? 'integer' : 'number',
      values: undefined,
      expected: meta.expected ?? numberPhrase(js),
    };
  }
  if (inner instanceof z.ZodBoolean) {
    return { kind: 'boolean', values: undefined, expected: meta.expected ?? 'true or false' };
  }
  if (inner instanceof z.ZodString) {
    return { kind: 'string', values: undefined, expected: meta.expected ?? stringPhrase(js) };
  }
  throw new Error(`@minhos/config: unsupported schema type at ${path}; extend internal/schemaTree.ts`);
}

function buildTree(): SchemaTree {
  const fields: SchemaField[] = [];
  const sectionByPath = new Map<string, SchemaSection>();
  const visit = (schema: z.ZodType, segments: readonly string[]): void => {
    const path = segments.join('.');
    const { inner, description, meta, optional } = unwrap(schema);
    if (inner instanceof z.ZodObject) {
      const shape = inner.shape as Record<string, z.ZodType>;
      const keys = Object.keys(shape);
      sectionByPath.set(path, {
        path,
        keys,
        description: description ?? '',
        expected: `a mapping with keys ${keys.join(', ')}`,
      });
      for (const key of keys) visit(shape[key]!, [...segments, key]);
      return;
    }
    const secret = meta.secret === true;
    if (inner instanceof z.ZodArray) {
      const element = unwrap(inner.element as z.ZodType);
      const item = describeLeaf(element.inner, element.meta, `${path}[]`);
      if (item.kind === 'boolean')
        throw new Error(`@minhos/config: lists of booleans are not supported (${path})`);
      const minItems = (z.toJSONSchema(inner, { io: 'input', unrepresentable: 'any' }) as JsonSchemaLeaf)
        .minItems;
      fields.push({
        path,
        segments,
        kind: 'list',
        item: item.kind,
        values: item.values,
        expected: meta.expected ?? `a ${minItems ? 'non-empty ' : ''}list, each ${item.expected}`,
        itemExpected: item.expected,
        description: description ?? '',
        secret,
        optional,
      });
      return;
    }
    const leaf = describeLeaf(inner, meta, path);
    fields.push({
      path,
      segments,
      kind: leaf.kind,
      item: undefined,
      values: leaf.values,
      expected: leaf.expected,
      itemExpected: undefined,
      description: description ?? '',
      secret,
      optional,
    });
  };
  visit(configSchema, []);
  return { fields, fieldByPath: new Map(fields.map((f) => [f.path, f])), sectionByPath };
}

let cached: SchemaTree | undefined;

/** The flattened config schema (built once, on first use). */
export function schemaTree(): SchemaTree {
  cached ??= buildTree();
  return cached;
}
