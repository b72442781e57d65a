import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MinhosError } from '@minhos/core';
import { mapLimit } from './internal/mapLimit.js';
import { field, isRecord, readModelFile, writeModelFile } from './internal/modelFile.js';
import { checkMatrix, checkTrainingData, notTrained } from './internal/validate.js';
import { LogisticRegressionModel } from './LogisticRegressionModel.js';
import { loadModel } from './loadModel.js';
import type { FitReport, JsonValue, Matrix, Model, ModelDescription } from './Model.js';
import { sliceRows } from './Model.js';
import { logLoss, pearson } from './metrics.js';

/** A member of a {@link StackingEnsemble}: a name and a factory for fresh, untrained instances. */
export interface EnsembleMemberSpec {
  /** Unique member name (used as its directory name when saved). */
  readonly name: string;
  /** Returns a new untrained model (called once per out-of-fold split and once for the final fit). */
  readonly create: () => Model;
}

/** Settings of {@link StackingEnsemble}. */
export interface StackingEnsembleOptions {
  readonly name?: string;
  readonly members: readonly EnsembleMemberSpec[];
  /** Out-of-fold blocks (chronological, expanding training window). Default 4. */
  readonly folds?: number;
  /** Rows dropped before each out-of-fold block (set to the label horizon). Default 0. */
  readonly purge?: number;
  /** A member whose OOF predictions correlate above this with a better member is pruned. Default 0.95. */
  readonly correlationThreshold?: number;
  /**
   * Column of `X` holding a volatility measure at the prediction time (for LSTM-style flattened
   * windows: `(steps − 1) × features + volatilityFeatureIndex`). When set, the meta-learner is also
   * fitted per volatility regime (low / normal / high terciles of the training rows).
   */
  readonly regimeColumn?: number;
  /** Minimum OOF rows a regime needs for its own meta-learner (else the global one is used). Default 60. */
  readonly minRegimeRows?: number;
  /** L2 of the logistic meta-learner. Default 1. */
  readonly metaL2?: number;
  /**
   * Member fits in flight at once (out-of-fold fits of all blocks, then the final fits). Default 1:
   * one after another. Raise it when members train off the main thread — tree models given a
   * `TreeWorkerPool` as `workers` — so they fit in parallel; results are the same either way
   * (each fit is independent; a member failing in several blocks reports the earliest).
   */
  readonly concurrency?: number;
}

/** Why a member carries weight or not. */
export type MemberStatus = 'active' | 'failed' | 'pruned';

/** Report of one member after fitting. */
export interface MemberReport {
  readonly name: string;
  readonly kind: string;
  readonly status: MemberStatus;
  /** Why it failed / was pruned. */
  readonly reason?: string;
  /** Out-of-fold log loss (NaN if it never produced OOF predictions). */
  readonly oofLogLoss: number;
  /** Meta-learner weight on the member's logit (global model); 0 unless active. */
  readonly weight: number;
  /** Per-regime weights (`low`, `normal`, `high`), when regimes are on. */
  readonly regimeWeights?: Readonly<Record<Regime, number>>;
}

/** Volatility regimes (terciles of the training distribution). */
export type Regime = 'low' | 'normal' | 'high';
const REGIMES: readonly Regime[] = ['low', 'normal', 'high'];

/** Agreement between members on a batch of rows. */
export interface AgreementReport {
  /** Per row: share of member pairs that agree on the direction (1 = unanimous). */
  readonly score: Float64Array;
  /** Member names in matrix order. */
  readonly members: readonly string[];
  /** `pairwise[i][j]`: share of rows where members i and j agree. */
  readonly pairwise: number[][];
}

interface MemberSlot {
  name: string;
  model: Model | undefined;
  report: MemberReport;
}

const clip = (p: number) => Math.min(1 - 1e-6, Math.max(1e-6, p));
const logit = (p: number) => Math.log(clip(p) / (1 - clip(p)));

/**
 * Stacking ensemble: base models (e.g. random forest, XGBoost, the LSTM) → a logistic meta-learner
 * on their out-of-fold logits, with optional per-volatility-regime weights, member pruning by
 * correlation, and a pairwise agreement score.
 *
 * `fit` splits the rows into `folds + 1` chronological blocks; each member is trained on blocks
 * before block k (minus `purge` rows) and predicts block k, so the meta-learner only ever sees
 * genuinely out-of-sample member predictions. Members are then refitted on all rows. A member that
 * throws while training is marked `failed`, one too correlated with a better member `pruned`; both
 * get weight 0 and are reported by {@link StackingEnsemble.members}.
 *
 * @example
 * ```ts
 * import { LogisticRegressionModel, RandomForestModel, StackingEnsemble, XgboostModel } from '@minhos/models';
 * const ens = new StackingEnsemble({
 *   members: [
 *     { name: 'rf', create: () => new RandomForestModel({ trees: 100 }) },
 *     { name: 'xgb', create: () => new XgboostModel({ rounds: 100 }) },
 *     { name: 'logit', create: () => new LogisticRegressionModel() },
 *   ],
 *   purge: 1,
 * });
 * // await ens.fit(X, y); const p = await ens.predictProba(X); ens.members();
 * ```
 */
export class StackingEnsemble implements Model {
  readonly kind = 'stacking-ensemble';
  readonly name: string;
  readonly #specs: readonly EnsembleMemberSpec[];
  readonly #folds: number;
  readonly #purge: number;
  readonly #threshold: number;
  readonly #regimeColumn: number | undefined;
  readonly #minRegimeRows: number;
  readonly #metaL2: number;
  readonly #concurrency: number;
  #members: MemberSlot[] = [];
  #meta: LogisticRegressionModel | undefined;
  #regimeMeta: Partial<Record<Regime, LogisticRegressionModel>> = {};
  #cuts: [number, number] | undefined;
  #cols: number | undefined;
  #fit: FitReport | undefined;

  constructor(options: StackingEnsembleOptions) {
    this.name = options.name ?? 'stacking-ensemble';
    this.#specs = options.members;
    this.#folds = options.folds ?? 4;
    this.#purge = options.purge ?? 0;
    this.#threshold = options.correlationThreshold ?? 0.95;
    this.#regimeColumn = options.regimeColumn;
    this.#minRegimeRows = options.minRegimeRows ?? 60;
    this.#metaL2 = options.metaL2 ?? 1;
    this.#concurrency = options.concurrency ?? 1;
    const names = new Set<string>();
    for (const m of options.members) {
      if (!/^[A-Za-z0-9_.-]+$/.test(m.name) || names.has(m.name)) {
        throw new MinhosError(
          'MODEL_BAD_INPUT',
          `StackingEnsemble: member name "${m.name}" must be unique and use only letters, digits, _ . -`,
        );
      }
      names.add(m.name);
    }
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `StackingEnsemble: concurrency must be an integer ≥ 1, got ${this.#concurrency}`,
      );
    }
    if (!Number.isInteger(this.#folds) || this.#folds < 2) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `StackingEnsemble: folds must be an integer ≥ 2, got ${this.#folds}`,
      );
    }
  }

  get trained(): boolean {
    return this.#meta !== undefined;
  }

  /** Per-member status, out-of-fold log loss and weights. */
  members(): readonly MemberReport[] {
    return this.#members.map((m) => m.report);
  }

  async fit(X: Matrix, y: ArrayLike<number>): Promise<FitReport> {
    const t0 = performance.now();
    checkTrainingData('StackingEnsemble.fit', X, y, (this.#folds + 1) * 4);
    if (this.#specs.length === 0) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        'StackingEnsemble.fit: no members (a fitted-from-disk ensemble cannot be refitted)',
      );
    }
    if (this.#regimeColumn !== undefined && (this.#regimeColumn < 0 || this.#regimeColumn >= X.cols)) {
      throw new MinhosError(
        'MODEL_BAD_INPUT',
        `StackingEnsemble.fit: regimeColumn ${this.#regimeColumn} is outside X's ${X.cols} columns`,
      );
    }
    this.dispose();
    const n = X.rows;
    const blocks = this.#folds + 1;
    const bounds = Array.from({ length: blocks + 1 }, (_, i) => Math.round((i * n) / blocks));
    const oofStart = bounds[1]!;
    const oofRows = n - oofStart;
    const m = this.#specs.length;
    const oof = Array.from({ length: m }, () => new Float64Array(oofRows));
    const failed: (string | undefined)[] = new Array(m).fill(undefined);

    // Every (block, member) out-of-fold fit is independent. In order (block by block) with
    // concurrency 1, where a member that failed is not fitted again; concurrently otherwise, where
    // the earliest failing block is reported — either way the member ends up failed, weight 0.
    const failedAt: number[] = new Array(m).fill(Number.POSITIVE_INFINITY);
    const jobs: { k: number; j: number }[] = [];
    for (let k = 1; k < blocks; k++) for (let j = 0; j < m; j++) jobs.push({ k, j });
    await mapLimit(jobs, this.#concurrency, async ({ k, j }) => {
      if (this.#concurrency === 1 && failed[j] !== undefined) return;
      const from = bounds[k]!;
      const to = bounds[k + 1]!;
      const trainEnd = Math.max(0, from - this.#purge);
      const Xtr = sliceRows(X, 0, trainEnd);
      const ytr = Array.prototype.slice.call(y, 0, trainEnd) as number[];
      const model = this.#specs[j]!.create();
      try {
        await model.fit(Xtr, ytr);
        oof[j]!.set(await model.predictProba(sliceRows(X, from, to)), from - oofStart);
      } catch (e) {
        if (k < failedAt[j]!) {
          failedAt[j] = k;
          failed[j] = `fold ${k}: ${e instanceof Error ? e.message : String(e)}`;
        }
      } finally {
        model.dispose();
      }
    });
    const yOof = Array.prototype.slice.call(y, oofStart) as number[];
    const losses = oof.map((p, j) => (failed[j] === undefined ? logLoss(p, yOof) : Number.NaN));

    // Prune: best (lowest OOF log loss) first; drop members too correlated with a kept one.
    const order = [...Array(m).keys()]
      .filter((j) => failed[j] === undefined)
      .sort((a, b) => losses[a]! - losses[b]!);
    const kept: number[] = [];
    const pruned = new Map<number, string>();
    for (const j of order) {
      const twin = kept.find((k) => Math.abs(pearson(oof[j]!, oof[k]!)) > this.#threshold);
      if (twin === undefined) kept.push(j);
      else {
        const r = pearson(oof[j]!, oof[twin]!);
        pruned.set(
          j,
          `OOF correlation ${r.toFixed(3)} with better member "${this.#specs[twin]!.name}" > ${this.#threshold}`,
        );
      }
    }
    kept.sort((a, b) => a - b);

    // Meta-learner on OOF logits (global, then per regime).
    const metaX = (rows: number[] | null): Matrix => {
      const idx = rows ?? [...Array(oofRows).keys()];
      const data = new Float64Array(idx.length * kept.length);
      idx.forEach((r, i) => {
        kept.forEach((j, c) => {
          data[i * kept.length + c] = logit(oof[j]![r]!);
        });
      });
      return { rows: idx.length, cols: kept.length, data };
    };
    const meta = new LogisticRegressionModel({ name: 'meta', l2: this.#metaL2 });
    if (kept.length > 0) await meta.fit(metaX(null), yOof);
    const regimeMeta: Partial<Record<Regime, LogisticRegressionModel>> = {};
    if (this.#regimeColumn !== undefined && kept.length > 0) {
      const vol = new Float64Array(n);
      for (let r = 0; r < n; r++) vol[r] = X.data[r * X.cols + this.#regimeColumn]!;
      const sorted = Float64Array.from(vol).sort();
      this.#cuts = [quantile(sorted, 1 / 3), quantile(sorted, 2 / 3)];
      for (const regime of REGIMES) {
        const rows: number[] = [];
        for (let r = 0; r < oofRows; r++) if (this.#regimeOf(vol[oofStart + r]!) === regime) rows.push(r);
        const yr = rows.map((r) => yOof[r]!);
        const ones = yr.reduce((a, b) => a + b, 0);
        if (rows.length >= this.#minRegimeRows && ones > 0 && ones < yr.length) {
          const lr = new LogisticRegressionModel({ name: `meta-${regime}`, l2: this.#metaL2 });
          await lr.fit(metaX(rows), yr);
          regimeMeta[regime] = lr;
        }
      }
    }

    // Final members on all rows (independent fits: concurrently with concurrency > 1).
    const globalCoef = kept.length > 0 ? meta.coefficients() : new Float64Array(1);
    const members: MemberSlot[] = await mapLimit([...this.#specs], this.#concurrency, async (spec, j) => {
      const c = kept.indexOf(j);
      let status: MemberStatus = failed[j] !== undefined ? 'failed' : pruned.has(j) ? 'pruned' : 'active';
      let reason = failed[j] ?? pruned.get(j);
      let model: Model | undefined;
      if (status === 'active') {
        model = spec.create();
        try {
          await model.fit(X, y);
        } catch (e) {
          model.dispose();
          model = undefined;
          status = 'failed';
          reason = `final fit: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      const regimeWeights =
        this.#regimeColumn !== undefined && c >= 0
          ? (Object.fromEntries(
              REGIMES.map((r) => [
                r,
                status === 'active' ? (regimeMeta[r] ?? meta).coefficients()[c + 1]! : 0,
              ]),
            ) as Record<Regime, number>)
          : undefined;
      return {
        name: spec.name,
        model,
        report: {
          name: spec.name,
          kind: model?.kind ?? kindOf(spec),
          status,
          ...(reason !== undefined ? { reason } : {}),
          oofLogLoss: losses[j]!,
          weight: status === 'active' && c >= 0 ? globalCoef[c + 1]! : 0,
          ...(regimeWeights ? { regimeWeights } : {}),
        },
      };
    });
    this.#members = members;
    if (kept.length === 0) {
      throw new MinhosError('MODEL_TRAIN_FAILED', 'StackingEnsemble.fit: every member failed', {
        details: { members: members.map((x) => x.report) as unknown as JsonValue[] },
      });
    }
    this.#meta = meta;
    this.#regimeMeta = regimeMeta;
    this.#cols = X.cols;
    this.#fit = {
      kind: this.kind,
      samples: n,
      durationMs: performance.now() - t0,
      extra: {
        oofRows,
        oofLogLoss: logLoss(await meta.predictProba(metaX(null)), yOof),
        members: members.map((x) => x.report) as unknown as JsonValue[],
      },
    };
    return this.#fit;
  }

  #regimeOf(v: number): Regime {
    const cuts = this.#cuts!;
    return v <= cuts[0] ? 'low' : v <= cuts[1] ? 'normal' : 'high';
  }

  /** Each active member's P(up) for `X`, by member name. */
  async memberProba(X: Matrix): Promise<Map<string, Float64Array>> {
    if (!this.trained) notTrained(this.kind);
    checkMatrix('StackingEnsemble.predictProba', X, this.#cols);
    const out = new Map<string, Float64Array>();
    for (const m of this.#members) {
      if (m.report.status === 'active' && m.model) out.set(m.name, await m.model.predictProba(X));
    }
    return out;
  }

  async predictProba(X: Matrix): Promise<Float64Array> {
    const probs = await this.memberProba(X);
    const active = this.#members.filter((m) => m.report.status === 'active').map((m) => probs.get(m.name)!);
    const k = active.length;
    const data = new Float64Array(X.rows * k);
    for (let r = 0; r < X.rows; r++) for (let c = 0; c < k; c++) data[r * k + c] = logit(active[c]![r]!);
    const Z: Matrix = { rows: X.rows, cols: k, data };
    const global = await this.#meta!.predictProba(Z);
    if (this.#regimeColumn === undefined || !this.#cuts) return global;
    const out = new Float64Array(X.rows);
    for (let r = 0; r < X.rows; r++) {
      const regime = this.#regimeOf(X.data[r * X.cols + this.#regimeColumn]!);
      const lr = this.#regimeMeta[regime];
      out[r] = lr
        ? lr.predictProbaSync({ rows: 1, cols: k, data: data.subarray(r * k, (r + 1) * k) })[0]!
        : global[r]!;
    }
    return out;
  }

  /** Pairwise direction agreement of the active members on `X`. */
  async agreement(X: Matrix): Promise<AgreementReport> {
    const probs = await this.memberProba(X);
    const names = [...probs.keys()];
    const series = names.map((n) => probs.get(n)!);
    const k = names.length;
    const score = new Float64Array(X.rows);
    const pairwise = names.map(() => new Array<number>(k).fill(1));
    const pairs = (k * (k - 1)) / 2;
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        let agree = 0;
        for (let r = 0; r < X.rows; r++) {
          const same = series[i]![r]! > 0.5 === series[j]![r]! > 0.5;
          if (same) {
            agree++;
            score[r]! += 1 / pairs;
          }
        }
        pairwise[i]![j] = pairwise[j]![i] = X.rows > 0 ? agree / X.rows : Number.NaN;
      }
    }
    if (pairs === 0) score.fill(1);
    return { score, members: names, pairwise };
  }

  async save(dir: string): Promise<void> {
    if (!this.trained) notTrained(this.kind);
    await mkdir(dir, { recursive: true });
    for (const m of this.#members) {
      if (m.model) await m.model.save(join(dir, 'members', m.name));
    }
    await this.#meta!.save(join(dir, 'meta', 'global'));
    for (const r of REGIMES) await this.#regimeMeta[r]?.save(join(dir, 'meta', r));
    await writeModelFile(dir, this.kind, this.name, {
      params: this.#params(),
      inputCols: this.#cols ?? null,
      cuts: this.#cuts ? [...this.#cuts] : null,
      members: this.#members.map((m) => m.report) as unknown as JsonValue,
      regimes: REGIMES.filter((r) => this.#regimeMeta[r] !== undefined),
      fit: (this.#fit ?? null) as unknown as JsonValue,
    });
  }

  /** Restores a saved ensemble (members via {@link loadModel}). It predicts but cannot be refitted. */
  static async load(dir: string): Promise<StackingEnsemble> {
    const doc = await readModelFile(dir, 'stacking-ensemble');
    const params = field(doc, 'params', isRecord, dir);
    const reports = field(doc, 'members', Array.isArray, dir) as MemberReport[];
    const e = new StackingEnsemble({
      name: doc.name,
      members: [],
      ...(typeof params.folds === 'number' ? { folds: params.folds } : {}),
      ...(typeof params.regimeColumn === 'number' ? { regimeColumn: params.regimeColumn } : {}),
    });
    e.#members = [];
    for (const report of reports) {
      const model =
        report.status === 'active' ? await loadModel(join(dir, 'members', report.name)) : undefined;
      e.#members.push({ name: report.name, model, report });
    }
    e.#meta = await LogisticRegressionModel.load(join(dir, 'meta', 'global'));
    const regimes = Array.isArray(doc.regimes) ? (doc.regimes as Regime[]) : [];
    for (const r of regimes) e.#regimeMeta[r] = await LogisticRegressionModel.load(join(dir, 'meta', r));
    if (Array.isArray(doc.cuts)) e.#cuts = doc.cuts as [number, number];
    if (typeof doc.inputCols === 'number') e.#cols = doc.inputCols;
    if (isRecord(doc.fit)) e.#fit = doc.fit as unknown as FitReport;
    return e;
  }

  describe(): ModelDescription {
    return {
      kind: this.kind,
      name: this.name,
      trained: this.trained,
      params: { ...this.#params(), members: this.#members.map((m) => m.report) as unknown as JsonValue },
      ...(this.#cols !== undefined ? { inputCols: this.#cols } : {}),
      ...(this.#fit ? { fit: this.#fit } : {}),
    };
  }

  dispose(): void {
    for (const m of this.#members) m.model?.dispose();
    this.#members = [];
    this.#meta = undefined;
    this.#regimeMeta = {};
  }

  #params(): Record<string, JsonValue> {
    return {
      folds: this.#folds,
      purge: this.#purge,
      correlationThreshold: this.#threshold,
      regimeColumn: this.#regimeColumn ?? null,
      minRegimeRows: this.#minRegimeRows,
      metaL2: this.#metaL2,
    };
  }
}

function kindOf(spec: EnsembleMemberSpec): string {
  try {
    const probe = spec.create();
    const kind = probe.kind;
    probe.dispose();
    return kind;
  } catch {
    return 'unknown';
  }
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
