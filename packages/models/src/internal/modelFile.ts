import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MinhosError } from '@minhos/core';
import type { JsonValue } from '../Model.js';
import { writeFileAtomic } from './files.js';

/** File every saved model directory holds; `kind` tells {@link loadModel} which class restores it. */
export const MODEL_FILE = 'model.json';
export const MODEL_FORMAT = 'minhos-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelFileHeader {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly kind: string;
  readonly name: string;
}

export async function writeModelFile(
  dir: string,
  kind: string,
  name: string,
  body: Record<string, JsonValue | undefined>,
): Promise<void> {
  const doc = { format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, kind, name, ...body };
  await writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(doc)}\n`);
}

/** Reads `dir/model.json`, checking format and (optionally) kind; clear errors on anything else. */
export async function readModelFile(
  dir: string,
  expectedKind?: string,
): Promise<ModelFileHeader & Record<string, unknown>> {
  const path = join(dir, MODEL_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new MinhosError('MODEL_LOAD_FAILED', `${path}: cannot read model file`, {
      cause,
      details: { path },
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new MinhosError('MODEL_LOAD_FAILED', `${path}: not valid JSON (truncated or corrupt file?)`, {
      cause,
      details: { path },
    });
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== MODEL_FORMAT) {
    throw new MinhosError('MODEL_LOAD_FAILED', `${path}: missing "format": "${MODEL_FORMAT}" header`, {
      details: { path },
    });
  }
  const header = doc as ModelFileHeader & Record<string, unknown>;
  if (header.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new MinhosError(
      'MODEL_LOAD_FAILED',
      `${path}: formatVersion ${String(header.formatVersion)} is not supported, expected ${MODEL_FORMAT_VERSION}`,
      { details: { path } },
    );
  }
  if (expectedKind !== undefined && header.kind !== expectedKind) {
    throw new MinhosError(
      'MODEL_LOAD_FAILED',
      `${path}: holds a "${String(header.kind)}" model, expected "${expectedKind}"`,
      { details: { path, kind: header.kind } },
    );
  }
  return header;
}

/** Reads a required field of a model file, with an error naming it. */
export function field<T>(
  doc: Record<string, unknown>,
  key: string,
  check: (v: unknown) => v is T,
  dir: string,
): T {
  const v = doc[key];
  if (!check(v)) {
    throw new MinhosError(
      'MODEL_LOAD_FAILED',
      `${join(dir, MODEL_FILE)}: field "${key}" is missing or invalid`,
      {
        details: { dir, key },
      },
    );
  }
  return v;
}

export const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
