import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { MinhosError } from '@minhos/core';
import { version as tfVersion } from '@tensorflow/tfjs';
import { sha256, writeFileAtomic } from './internal/files.js';
import { loadModel } from './loadModel.js';
import type { JsonValue, Model } from './Model.js';
import type { PromoteOptions, PromotionDecision } from './PromoteOptions.js';
import { activeTfBackend } from './tfBackend.js';

/** Stable codes of {@link ModelRegistryError}. */
export type ModelRegistryErrorCode =
  | 'REGISTRY_NOT_FOUND'
  | 'REGISTRY_CORRUPT'
  | 'REGISTRY_FEATURE_MISMATCH'
  | 'REGISTRY_BAD_INPUT'
  | 'REGISTRY_NO_HISTORY';

/**
 * Error thrown by {@link ModelRegistry}: a missing name/version, a corrupt artifact (checksum
 * mismatch, truncated JSON), or a feature-spec mismatch. `code` is one of {@link ModelRegistryErrorCode}.
 *
 * @example
 * ```ts
 * import { ModelRegistry, ModelRegistryError } from '@minhos/models';
 * try {
 *   await new ModelRegistry('.minhos/models').load('es-direction');
 * } catch (e) {
 *   if (e instanceof ModelRegistryError && e.code === 'REGISTRY_CORRUPT') console.error('re-train or roll back');
 * }
 * ```
 */
export class ModelRegistryError extends MinhosError {
  declare readonly code: ModelRegistryErrorCode;
  constructor(
    code: ModelRegistryErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(code, message, options);
  }
}

/** One file of an artifact with its checksum. */
export interface ArtifactFile {
  /** Path relative to the artifact directory, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** Time range of the data a model was trained on. */
export interface DataRange {
  /** First bar time, µs since epoch (UTC). */
  readonly from: number;
  /** Last bar time, µs since epoch (UTC). */
  readonly to: number;
  /** Training rows. */
  readonly rows: number;
  /** Free-form description (symbol, contract, bar size). */
  readonly description?: string;
}

/** What the caller supplies when registering a model. */
export interface RegisterInfo {
  /** The feature specification the model expects (e.g. `FeaturePipeline.toJSON()` + window length). */
  readonly featureSpec: JsonValue;
  readonly dataRange: DataRange;
  /**
   * Validation metrics: each a number, or one number per walk-forward fold (compared by mean).
   * `promote` reads these.
   */
  readonly metrics: Readonly<Record<string, number | readonly number[]>>;
  /**
   * What `metrics` were measured on — data range, folds, costs — as any JSON (e.g.
   * `{ data: 'ES201312 1m', folds: report.folds.map((f) => [f.fold.testStart, f.fold.testEnd]) }`).
   * `promote` compares stored metrics only between versions whose `evaluatedOn` is identical.
   */
  readonly evaluatedOn?: JsonValue;
  /** Scaler state or other preprocessing needed at inference. */
  readonly preprocessing?: JsonValue;
  readonly notes?: string;
}

/** The manifest stored with every registered version. */
export interface ArtifactManifest {
  readonly format: 'minhos-model-artifact';
  readonly formatVersion: 1;
  readonly name: string;
  readonly version: string;
  readonly kind: string;
  /** ISO-8601 UTC registration time. */
  readonly createdAt: string;
  readonly featureSpec: JsonValue;
  readonly dataRange: DataRange;
  readonly metrics: Readonly<Record<string, number | readonly number[]>>;
  /** What the metrics were measured on (`RegisterInfo.evaluatedOn`); null when not recorded. */
  readonly evaluatedOn?: JsonValue;
  readonly preprocessing: JsonValue;
  readonly notes: string | null;
  /** TensorFlow.js backend active at registration (null if tfjs was not used). */
  readonly backend: string | null;
  readonly libraries: Readonly<Record<string, string>>;
  readonly files: readonly ArtifactFile[];
  readonly description: JsonValue;
}

/** Current-pointer file of a model name. */
interface Pointer {
  readonly version: string;
  readonly promotedAt: string;
  /** Previously current versions, most recent last (for rollback). */
  readonly history: readonly string[];
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const VERSION_RE = /^v(\d{4,})$/;
const MANIFEST = 'manifest.json';
const POINTER = 'current.json';

function libraryVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = { node: process.version, '@tensorflow/tfjs': tfVersion.tfjs };
  for (const pkg of ['ml-xgboost', '@tensorflow/tfjs-backend-wasm']) {
    try {
      out[pkg] = (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      // Not resolvable from here (e.g. bundled): simply not recorded.
    }
  }
  return out;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(p)));
    else if (entry.isFile()) out.push(p);
  }
  return out.sort();
}

function metricValue(v: number | readonly number[] | undefined): number {
  if (v === undefined) return Number.NaN;
  if (typeof v === 'number') return v;
  return v.length === 0 ? Number.NaN : v.reduce((a, b) => a + b, 0) / v.length;
}

/**
 * Versioned on-disk model registry: each `register` stores the model's files with a manifest
 * (feature spec, training data range, validation metrics, backend, library versions, SHA-256 of
 * every file); `promote` moves the "current" pointer only when the candidate beats the incumbent on
 * the chosen validation metric; `rollback` restores the previous current version instantly.
 *
 * Layout: `root/<name>/versions/v0001/{manifest.json, artifact/…}` and `root/<name>/current.json`.
 * Versions are written into a temporary directory and renamed into place; the pointer is written to
 * a temp file and renamed; so a crash never leaves a half-written version or pointer.
 * `load` verifies every checksum and (optionally) the feature spec before restoring the model.
 *
 * @example
 * ```ts
 * import { ModelRegistry, XgboostModel } from '@minhos/models';
 * const registry = new ModelRegistry('./models');
 * // const m = await registry.register('es-direction', model, { featureSpec, dataRange, metrics: { logLoss: [0.69, 0.68] } });
 * // const decision = await registry.promote('es-direction', m.version, { metric: 'logLoss' });
 * // const { model } = await registry.load('es-direction', { expectedFeatureSpec: featureSpec });
 * ```
 */
export class ModelRegistry {
  readonly root: string;
  readonly #now: () => Date;

  /** @param root - registry directory (created on first write). @param options.now - clock for timestamps. */
  constructor(root: string, options: { now?: () => Date } = {}) {
    this.root = root;
    this.#now = options.now ?? (() => new Date());
  }

  #checkName(name: string): void {
    if (!NAME_RE.test(name)) {
      throw new ModelRegistryError(
        'REGISTRY_BAD_INPUT',
        `model name "${name}" must start with a letter or digit and use only letters, digits, _ . - (≤ 128 chars)`,
      );
    }
  }

  /** Registered model names. */
  async names(): Promise<string[]> {
    try {
      const entries = await readdir(this.root, { withFileTypes: true });
      return entries
        .filter((e) => e.isDirectory() && NAME_RE.test(e.name))
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  }

  /** Versions of `name`, oldest first. */
  async versions(name: string): Promise<string[]> {
    this.#checkName(name);
    try {
      const entries = await readdir(join(this.root, name, 'versions'));
      return entries.filter((e) => VERSION_RE.test(e)).sort((a, b) => versionNumber(a) - versionNumber(b));
    } catch {
      return [];
    }
  }

  /** Stores `model` as the next version of `name` (not yet current: see {@link ModelRegistry.promote}). */
  async register(name: string, model: Model, info: RegisterInfo): Promise<ArtifactManifest> {
    this.#checkName(name);
    if (!model.trained) {
      throw new ModelRegistryError('REGISTRY_BAD_INPUT', `register ${name}: the model is not trained`);
    }
    const versionsDir = join(this.root, name, 'versions');
    await mkdir(versionsDir, { recursive: true });
    const tmp = join(versionsDir, `.tmp-${randomBytes(6).toString('hex')}`);
    try {
      const artifactDir = join(tmp, 'artifact');
      await model.save(artifactDir);
      const files: ArtifactFile[] = [];
      for (const file of await listFiles(artifactDir)) {
        const bytes = await readFile(file);
        files.push({
          path: relative(artifactDir, file).split(sep).join('/'),
          bytes: bytes.length,
          sha256: sha256(bytes),
        });
      }
      // Allocate the version by renaming into place: rename fails if a concurrent writer took it.
      for (let attempt = 0; attempt < 100; attempt++) {
        const existing = await this.versions(name);
        const next = existing.length === 0 ? 1 : versionNumber(existing[existing.length - 1]!) + 1;
        const version = `v${String(next).padStart(4, '0')}`;
        const manifest: ArtifactManifest = {
          format: 'minhos-model-artifact',
          formatVersion: 1,
          name,
          version,
          kind: model.kind,
          createdAt: this.#now().toISOString(),
          featureSpec: info.featureSpec,
          dataRange: info.dataRange,
          metrics: info.metrics,
          evaluatedOn: info.evaluatedOn ?? null,
          preprocessing: info.preprocessing ?? null,
          notes: info.notes ?? null,
          backend:
            model.kind === 'lstm-attention' || hasLstm(model) ? (activeTfBackend()?.backend ?? null) : null,
          libraries: libraryVersions(),
          files,
          description: model.describe() as unknown as JsonValue,
        };
        await writeFileAtomic(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
        try {
          // Renaming a directory onto an existing (non-empty) one fails: that is the version claim.
          await rename(tmp, join(versionsDir, version));
        } catch (e) {
          if ((e as { code?: string }).code === 'ENOTEMPTY' || (e as { code?: string }).code === 'EEXIST')
            continue;
          throw e;
        }
        return manifest;
      }
      throw new ModelRegistryError('REGISTRY_BAD_INPUT', `register ${name}: could not allocate a version`);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  /** Reads (and validates the JSON of) a version's manifest. */
  async manifest(name: string, version: string): Promise<ArtifactManifest> {
    this.#checkName(name);
    if (!VERSION_RE.test(version)) {
      throw new ModelRegistryError('REGISTRY_BAD_INPUT', `version "${version}" must look like v0001`);
    }
    const path = join(this.root, name, 'versions', version, MANIFEST);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (cause) {
      throw new ModelRegistryError('REGISTRY_NOT_FOUND', `${name}@${version}: no manifest at ${path}`, {
        cause,
        details: { name, version, path },
      });
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (cause) {
      throw new ModelRegistryError(
        'REGISTRY_CORRUPT',
        `${name}@${version}: ${path} is not valid JSON (truncated?)`,
        {
          cause,
          details: { name, version, path },
        },
      );
    }
    const m = doc as Partial<ArtifactManifest> | null;
    if (
      m?.format !== 'minhos-model-artifact' ||
      m.version !== version ||
      m.name !== name ||
      !Array.isArray(m.files)
    ) {
      throw new ModelRegistryError(
        'REGISTRY_CORRUPT',
        `${name}@${version}: ${path} is not a valid artifact manifest`,
        {
          details: { name, version, path },
        },
      );
    }
    return m as ArtifactManifest;
  }

  /** The current version of `name`, or undefined if none was promoted. */
  async current(name: string): Promise<string | undefined> {
    return (await this.#pointer(name))?.version;
  }

  async #pointer(name: string): Promise<Pointer | undefined> {
    this.#checkName(name);
    const path = join(this.root, name, POINTER);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const p = JSON.parse(text) as Pointer;
      if (typeof p.version !== 'string' || !Array.isArray(p.history)) throw new Error('bad shape');
      return p;
    } catch (cause) {
      throw new ModelRegistryError('REGISTRY_CORRUPT', `${name}: ${path} is not a valid pointer file`, {
        cause,
        details: { name, path },
      });
    }
  }

  async #writePointer(name: string, pointer: Pointer): Promise<void> {
    await writeFileAtomic(join(this.root, name, POINTER), `${JSON.stringify(pointer, null, 2)}\n`);
  }

  /** Manifests of every version of `name` with whether it is current. */
  async list(name: string): Promise<(ArtifactManifest & { readonly current: boolean })[]> {
    const cur = await this.current(name);
    const out: (ArtifactManifest & { current: boolean })[] = [];
    for (const v of await this.versions(name))
      out.push({ ...(await this.manifest(name, v)), current: v === cur });
    return out;
  }

  /** Manifest of `version` (default: current) plus whether it is current. */
  async describe(name: string, version?: string): Promise<ArtifactManifest & { readonly current: boolean }> {
    const cur = await this.current(name);
    const v = version ?? cur;
    if (v === undefined) throw new ModelRegistryError('REGISTRY_NOT_FOUND', `${name}: no current version`);
    return { ...(await this.manifest(name, v)), current: v === cur };
  }

  /**
   * Makes `version` current if it beats the current version on `metric` (mean over folds) by more
   * than `minImprovement`, compared on equal terms: with `reevaluate`, both versions are loaded
   * (checksums verified) and scored by that one function on the same data; without it, the stored
   * metrics are compared only if both versions record the same `evaluatedOn`, and the promotion is
   * refused otherwise. With no current version nothing is promoted unless `first: true`. Returns
   * the decision either way; invalid options are `REGISTRY_BAD_INPUT` errors.
   */
  async promote(name: string, version: string, options: PromoteOptions = {}): Promise<PromotionDecision> {
    const metric = options.metric ?? 'logLoss';
    const margin = options.minImprovement ?? 0;
    if (!(Number.isFinite(margin) && margin >= 0)) {
      throw new ModelRegistryError(
        'REGISTRY_BAD_INPUT',
        `promote ${name}: minImprovement must be a finite number ≥ 0 (metric units), got ${margin}`,
      );
    }
    const higher = options.higherIsBetter ?? !/loss|brier|error/i.test(metric);
    const candidate = await this.manifest(name, version);
    const pointer = await this.#pointer(name);
    const basis: PromotionDecision['basis'] = options.reevaluate ? 're-evaluated' : 'stored-metrics';
    const stored = metricValue(candidate.metrics[metric]);
    const base = { candidate: version, incumbent: pointer?.version ?? null, metric, basis };
    const refuse = (reason: string, candidateValue: number, incumbentValue: number | null) => ({
      ...base,
      promoted: false,
      reason,
      candidateValue,
      incumbentValue,
    });
    if (pointer?.version === version) return refuse(`${version} is already current`, stored, stored);
    const commit = async (reason: string, candidateValue: number, incumbentValue: number | null) => {
      await this.#writePointer(name, {
        version,
        promotedAt: this.#now().toISOString(),
        history: pointer ? [...pointer.history, pointer.version] : [],
      });
      return { ...base, promoted: true, reason, candidateValue, incumbentValue };
    };
    if (options.force) return commit('forced', stored, null);
    const score = async (v: string): Promise<number> => {
      if (!options.reevaluate) return metricValue((await this.manifest(name, v)).metrics[metric]);
      const { model, manifest } = await this.load(name, { version: v });
      try {
        return metricValue((await options.reevaluate(model, manifest))[metric]);
      } finally {
        model.dispose();
      }
    };
    if (!pointer) {
      if (!options.first) {
        return refuse(
          `${name} has no current version: pass { first: true } to promote ${version} explicitly`,
          stored,
          null,
        );
      }
      const value = await score(version);
      if (!Number.isFinite(value)) return refuse(`candidate has no finite "${metric}" metric`, value, null);
      return commit('first promoted version (explicit)', value, null);
    }
    if (!options.reevaluate) {
      const incumbent = await this.manifest(name, pointer.version);
      const a = candidate.evaluatedOn ?? null;
      const b = incumbent.evaluatedOn ?? null;
      if (a === null || b === null) {
        return refuse(
          `no record of what ${a === null ? version : pointer.version}'s metrics were measured on (evaluatedOn): pass reevaluate to score both on the same data`,
          stored,
          metricValue(incumbent.metrics[metric]),
        );
      }
      if (canonical(a) !== canonical(b)) {
        return refuse(
          `${version} and ${pointer.version} were measured on different data (evaluatedOn ${canonical(a)} vs ${canonical(b)}): pass reevaluate to score both on the same data`,
          stored,
          metricValue(incumbent.metrics[metric]),
        );
      }
    }
    const candidateValue = await score(version);
    const incumbentValue = await score(pointer.version);
    if (!Number.isFinite(candidateValue)) {
      return refuse(`candidate has no finite "${metric}" metric`, candidateValue, incumbentValue);
    }
    const better = Number.isFinite(incumbentValue)
      ? higher
        ? candidateValue > incumbentValue + margin
        : candidateValue < incumbentValue - margin
      : true;
    if (!better) {
      return refuse(
        `${metric} ${candidateValue.toFixed(6)} does not beat current ${pointer.version}'s ${incumbentValue.toFixed(6)} (${higher ? 'higher' : 'lower'} is better, margin ${margin}, ${basis})`,
        candidateValue,
        incumbentValue,
      );
    }
    return commit(
      `${metric} ${candidateValue.toFixed(6)} beats ${pointer.version}'s ${incumbentValue.toFixed(6)} by more than ${margin} (${basis})`,
      candidateValue,
      incumbentValue,
    );
  }

  /** Restores the previously current version; returns it. */
  async rollback(name: string): Promise<string> {
    const pointer = await this.#pointer(name);
    const previous = pointer?.history[pointer.history.length - 1];
    if (!pointer || previous === undefined) {
      throw new ModelRegistryError('REGISTRY_NO_HISTORY', `${name}: nothing to roll back to`);
    }
    await this.manifest(name, previous);
    await this.#writePointer(name, {
      version: previous,
      promotedAt: this.#now().toISOString(),
      history: pointer.history.slice(0, -1),
    });
    return previous;
  }

  /** Checks every file of a version against its manifest (size and SHA-256). */
  async verify(name: string, version: string): Promise<ArtifactManifest> {
    const manifest = await this.manifest(name, version);
    const dir = join(this.root, name, 'versions', version, 'artifact');
    for (const f of manifest.files) {
      const path = join(dir, ...f.path.split('/'));
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (cause) {
        throw new ModelRegistryError('REGISTRY_CORRUPT', `${name}@${version}: file ${f.path} is missing`, {
          cause,
          details: { name, version, file: f.path },
        });
      }
      if (bytes.length !== f.bytes || sha256(bytes) !== f.sha256) {
        throw new ModelRegistryError(
          'REGISTRY_CORRUPT',
          `${name}@${version}: file ${f.path} fails its checksum (${bytes.length} bytes, expected ${f.bytes}); the artifact is corrupt`,
          { details: { name, version, file: f.path } },
        );
      }
    }
    return manifest;
  }

  /**
   * Loads a version (default: current) after verifying checksums and, when `expectedFeatureSpec`
   * is given, that the model was trained on exactly that feature spec.
   */
  async load(
    name: string,
    options: { version?: string; expectedFeatureSpec?: JsonValue } = {},
  ): Promise<{ model: Model; manifest: ArtifactManifest }> {
    const version = options.version ?? (await this.current(name));
    if (version === undefined) {
      throw new ModelRegistryError(
        'REGISTRY_NOT_FOUND',
        `${name}: no current version (register and promote one first)`,
      );
    }
    const manifest = await this.verify(name, version);
    if (
      options.expectedFeatureSpec !== undefined &&
      canonical(options.expectedFeatureSpec) !== canonical(manifest.featureSpec)
    ) {
      throw new ModelRegistryError(
        'REGISTRY_FEATURE_MISMATCH',
        `${name}@${version}: trained on a different feature spec than the one requested`,
        { details: { expected: options.expectedFeatureSpec, stored: manifest.featureSpec } },
      );
    }
    const dir = join(this.root, name, 'versions', version, 'artifact');
    try {
      await stat(dir);
      return { model: await loadModel(dir), manifest };
    } catch (cause) {
      throw new ModelRegistryError('REGISTRY_CORRUPT', `${name}@${version}: the artifact cannot be loaded`, {
        cause,
        details: { name, version },
      });
    }
  }
}

function versionNumber(v: string): number {
  return Number(VERSION_RE.exec(v)?.[1] ?? 0);
}

function hasLstm(model: Model): boolean {
  const members = (model.describe().params as { members?: { kind?: string; status?: string }[] }).members;
  return Array.isArray(members) && members.some((m) => m.kind === 'lstm-attention' && m.status === 'active');
}
