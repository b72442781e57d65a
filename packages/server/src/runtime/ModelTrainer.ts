import type { Bar, Clock, TimerClock, TimestampUs } from '@minhos/core';
import {
  type EngineStore,
  type MemberSignal,
  modelMember,
  type RetrainOutcome,
  registryMember,
  type SignalMember,
  type StrategyContext,
  scheduledRetrain,
} from '@minhos/engine';
import { FeaturePipeline, LogisticRegressionModel, type ModelRegistry, matrix } from '@minhos/models';

/** Where the background model is. */
export type TrainerState = 'loading' | 'waiting_for_data' | 'training' | 'active' | 'not_deployed' | 'failed';

/** One event of the trainer (also stored as a risk event `MODEL_*`). */
export interface TrainerEvent {
  /** µs. */
  readonly time: number;
  readonly kind:
    | 'MODEL_LOADED'
    | 'MODEL_TRAINING'
    | 'MODEL_ACTIVE'
    | 'MODEL_NOT_DEPLOYED'
    | 'MODEL_FAILED'
    | 'MODEL_RETRAINED';
  readonly message: string;
}

/** One prediction of the active model. */
export interface TrainerPrediction {
  /** µs, bar close. */
  readonly time: number;
  readonly probabilityUp: number;
  readonly direction: -1 | 0 | 1;
  readonly price: number;
  /** Whether the next bar's close went the predicted way (undefined until it is known, or no view). */
  correct?: boolean;
}

/** What `/api/ml/status` shows. */
export interface TrainerStatus {
  readonly state: TrainerState;
  readonly model: string;
  readonly version: string | null;
  /** 0..1 of the current stage. */
  readonly progress: number;
  readonly stage: string;
  readonly message: string;
  readonly barsSeen: number;
  readonly minTrainingBars: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly events: readonly TrainerEvent[];
}

/** Options of {@link ModelTrainer}. */
export interface ModelTrainerOptions {
  readonly registry: ModelRegistry;
  /** Model name in the registry (default `es-direction`). */
  readonly model?: string;
  readonly clock: Clock;
  readonly store?: EngineStore;
  /** Bars needed before training starts (config `models.minTrainingBars`). */
  readonly minTrainingBars: number;
  /** Held-out direction accuracy a trained model needs to get its fusion weight (config `models.deployMinAccuracy`). */
  readonly deployMinAccuracy: number;
  /** Bars kept for training (default 20,000). */
  readonly maxBars?: number;
  /**
   * Config `models.retrainIntervalHours`: with a timer clock, once a model votes a candidate is
   * retrained on the bars seen every this many hours of clock time and promoted only if better
   * (`scheduledRetrain`: the registry's promote-if-better, both scored on the same held-out bars).
   */
  readonly retrainIntervalHours?: number;
}

const US_PER_HOUR = 3_600_000_000;

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The fusion member `model`: a model from the registry when one is registered (its current
 * version), otherwise a small one trained in the background on the bars seen so far (never on bars
 * still to come): once `minTrainingBars` 1-minute bars are in, the default feature pipeline of
 * `@minhos/models` and a logistic regression of next-bar direction are fitted on the first 70 %,
 * scored on the last 30 % (direction accuracy, log loss), registered (and promoted to the registry's current version when deployable). It gets its
 * fusion weight only when the held-out accuracy reaches `deployMinAccuracy`; otherwise it stays
 * at weight 0 and says so. Every step is an event (stored as a risk event `MODEL_*`), the switch
 * to the model included. Until then the member is `missing` and weighs 0.
 */
export class ModelTrainer implements SignalMember {
  /** Member name in the fusion weights. */
  readonly name = 'model';
  /** The member needs the current bar only (it keeps its own bars and feature stream). */
  readonly historyBars = 1;
  readonly #o: ModelTrainerOptions;
  readonly #features = new FeaturePipeline();
  readonly #bars: Bar[] = [];
  readonly #events: TrainerEvent[] = [];
  readonly #predictions: TrainerPrediction[] = [];
  #inner: (SignalMember & { loadState: string }) | undefined;
  #state: TrainerState = 'loading';
  #stage = 'loading the registry';
  #progress = 0;
  #version: string | null = null;
  #metrics: Record<string, number> = {};
  #message = 'looking for a registered model';
  #training: Promise<void> | undefined;
  #seen = 0;
  #lastRetrainAt: TimestampUs | undefined;
  #retrainArmed = false;
  readonly #retrains: Exclude<RetrainOutcome, { status: 'not_due' }>[] = [];

  constructor(options: ModelTrainerOptions) {
    this.#o = options;
  }

  /** Registry model name. */
  get model(): string {
    return this.#o.model ?? 'es-direction';
  }

  /** Loads the registry's current version, if any; otherwise waits for bars to train on. */
  async load(): Promise<void> {
    const m = await registryMember(this.#o.registry, {
      name: 'model',
      model: this.model,
      features: this.#features,
    });
    if (m.loadState === 'active') {
      this.#inner = m;
      this.#version = m.loadReason.split('@')[1] ?? null;
      this.#set('active', 'loaded', 1, `registered model ${m.loadReason} votes in the fusion`);
      this.#event('MODEL_LOADED', `loaded ${m.loadReason} from the registry`);
      this.#lastRetrainAt = this.#o.clock.now();
      this.#armRetrain();
      return;
    }
    this.#set(
      'waiting_for_data',
      'collecting bars',
      0,
      `no model registered (${m.loadReason}); a small one trains after ${this.#o.minTrainingBars} bars`,
    );
  }

  /**
   * A fresh `model` member on the registry's current version, for a backtest: its own feature
   * stream and none of this trainer's bars, predictions or training, so a backtest never feeds
   * the live model. While no version is registered it is `missing`, weighs 0 and says why.
   */
  async backtestMember(): Promise<
    SignalMember & { readonly loadState: string; readonly loadReason: string }
  > {
    return registryMember(this.#o.registry, {
      name: 'model',
      model: this.model,
      features: new FeaturePipeline(),
    });
  }

  /** Every scheduled retraining's outcome (promoted or kept), oldest first. */
  retrains(): readonly Exclude<RetrainOutcome, { status: 'not_due' }>[] {
    return [...this.#retrains];
  }

  /** Status with progress and every event. */
  status(): TrainerStatus {
    return {
      state: this.#state,
      model: this.model,
      version: this.#version,
      progress:
        this.#state === 'waiting_for_data'
          ? Math.min(1, this.#seen / this.#o.minTrainingBars)
          : this.#progress,
      stage: this.#stage,
      message: this.#message,
      barsSeen: this.#seen,
      minTrainingBars: this.#o.minTrainingBars,
      metrics: { ...this.#metrics, ...this.#liveAccuracy() },
      events: [...this.#events],
    };
  }

  /** Predictions of the active model, newest first. */
  predictions(limit = 50): TrainerPrediction[] {
    return this.#predictions.slice(-limit).reverse();
  }

  /** Resolves when a training run in progress ends (tests, shutdown). */
  async idle(): Promise<void> {
    await this.#training;
  }

  /** The model's view at this bar (and the bar kept for training); `missing` until a model votes. */
  async evaluate(ctx: StrategyContext): Promise<MemberSignal> {
    this.#seen += 1;
    const max = this.#o.maxBars ?? 20_000;
    this.#bars.push(ctx.bar);
    if (this.#bars.length > max) this.#bars.shift();
    const last = this.#predictions[this.#predictions.length - 1];
    if (last !== undefined && last.correct === undefined && last.direction !== 0) {
      last.correct = Math.sign(ctx.bar.close - last.price) === last.direction;
    }
    if (
      this.#state === 'waiting_for_data' &&
      this.#training === undefined &&
      this.#bars.length >= this.#o.minTrainingBars
    ) {
      this.#training = this.#train([...this.#bars]).finally(() => {
        this.#training = undefined;
      });
    }
    const inner = this.#inner;
    if (inner === undefined) {
      return { name: 'model', state: 'missing', direction: 0, confidence: 0, reason: this.#message };
    }
    const s = await inner.evaluate(ctx);
    if (this.#state !== 'active') {
      // Kept running so its features stay warm, but not deployed: it does not vote.
      return { ...s, state: 'untrained', direction: 0, confidence: 0, reason: this.#message };
    }
    if (s.state === 'active' && s.probabilityUp !== undefined) {
      this.#predictions.push({
        time: ctx.now,
        probabilityUp: s.probabilityUp,
        direction: s.direction,
        price: ctx.bar.close,
      });
      if (this.#predictions.length > 1000) this.#predictions.shift();
    }
    return s;
  }

  async #train(bars: readonly Bar[]): Promise<void> {
    try {
      this.#set('training', 'features', 0, `training on ${bars.length} bars`);
      this.#event('MODEL_TRAINING', `training a logistic regression on ${bars.length} 1-minute bars`);
      await yieldToLoop();
      const col = (k: keyof Bar) => Float64Array.from(bars, (b) => b[k]);
      const fm = this.#features.compute({
        time: col('time'),
        open: col('open'),
        high: col('high'),
        low: col('low'),
        close: col('close'),
        volume: col('volume'),
      });
      const rows: number[] = [];
      const y: number[] = [];
      for (let r = 0; r < fm.rows - 1; r++) {
        const row = fm.data.subarray(r * fm.cols, (r + 1) * fm.cols);
        const next = bars[r + 1] as Bar;
        const cur = bars[r] as Bar;
        if (next.close === cur.close || row.some((v) => !Number.isFinite(v))) continue;
        for (const v of row) rows.push(v);
        y.push(next.close > cur.close ? 1 : 0);
      }
      const n = y.length;
      const split = Math.floor(n * 0.7);
      if (split < 50 || n - split < 20) throw new Error(`only ${n} labelled rows after the feature warm-up`);
      this.#set('training', 'fitting', 0.3, `fitting on ${split} rows`);
      await yieldToLoop();
      const X = Float64Array.from(rows);
      const model = new LogisticRegressionModel({ name: this.model });
      await model.fit(
        matrix(X.subarray(0, split * fm.cols), split, fm.cols),
        Uint8Array.from(y.slice(0, split)),
      );
      this.#set('training', 'evaluating', 0.7, `scoring on ${n - split} held-out rows`);
      await yieldToLoop();
      const p = await model.predictProba(matrix(X.subarray(split * fm.cols), n - split, fm.cols));
      let hits = 0;
      let logLoss = 0;
      for (let i = 0; i < p.length; i++) {
        const pi = Math.min(1 - 1e-12, Math.max(1e-12, p[i] as number));
        const yi = y[split + i] as number;
        if ((pi > 0.5 ? 1 : 0) === yi) hits++;
        logLoss -= yi * Math.log(pi) + (1 - yi) * Math.log(1 - pi);
      }
      const accuracy = hits / p.length;
      this.#metrics = { accuracy, logLoss: logLoss / p.length, trainRows: split, testRows: n - split };
      this.#set('training', 'registering', 0.9, 'registering in the model registry');
      const first = bars[0] as Bar;
      const last = bars[bars.length - 1] as Bar;
      const manifest = await this.#o.registry.register(this.model, model, {
        featureSpec: this.#features.spec as never,
        dataRange: {
          from: first.time,
          to: last.time,
          rows: split,
          description: '1-minute bars seen by the server',
        },
        metrics: { accuracy, logLoss: logLoss / p.length },
        evaluatedOn: { heldOut: 'last 30 % of the bars seen', rows: n - split },
        notes: 'trained in the background by minhos serve',
      });
      this.#version = manifest.version;
      const member = modelMember(
        { name: 'model', features: this.#features },
        model,
        'active',
        `${this.model}@${manifest.version}`,
        manifest.version,
      );
      // Warm its feature stream on the bars seen, so it can vote from the next bar.
      for (const b of bars.slice(-300)) await member.evaluate({ bar: b } as StrategyContext);
      this.#inner = member;
      const acc = `${(accuracy * 100).toFixed(1)} %`;
      if (accuracy >= this.#o.deployMinAccuracy) {
        // Only a deployable version becomes the registry's current one (what the next start loads).
        await this.#o.registry.promote(this.model, manifest.version, { first: true, force: true });
        this.#set(
          'active',
          'deployed',
          1,
          `${this.model}@${manifest.version} votes in the fusion (held-out accuracy ${acc} ≥ ${this.#o.deployMinAccuracy * 100} %)`,
        );
        this.#event(
          'MODEL_ACTIVE',
          `switched to ${this.model}@${manifest.version}: held-out accuracy ${acc}`,
        );
      } else {
        this.#set(
          'not_deployed',
          'below deploy threshold',
          1,
          `${this.model}@${manifest.version} weighs 0: held-out accuracy ${acc} < ${this.#o.deployMinAccuracy * 100} % (models.deployMinAccuracy)`,
        );
        this.#event('MODEL_NOT_DEPLOYED', this.#message);
      }
      this.#lastRetrainAt = this.#o.clock.now();
      this.#armRetrain();
    } catch (e) {
      this.#set('failed', 'failed', 1, `training failed: ${(e as Error).message}`);
      this.#event('MODEL_FAILED', this.#message);
    }
  }

  /** Features and next-bar-direction labels of `bars`, split 70 / 30 in time order. */
  #dataset(bars: readonly Bar[]): { X: Float64Array; y: number[]; cols: number; split: number } {
    const col = (k: keyof Bar) => Float64Array.from(bars, (b) => b[k]);
    const fm = new FeaturePipeline(this.#features.spec).compute({
      time: col('time'),
      open: col('open'),
      high: col('high'),
      low: col('low'),
      close: col('close'),
      volume: col('volume'),
    });
    const rows: number[] = [];
    const y: number[] = [];
    for (let r = 0; r < fm.rows - 1; r++) {
      const row = fm.data.subarray(r * fm.cols, (r + 1) * fm.cols);
      const next = bars[r + 1] as Bar;
      const cur = bars[r] as Bar;
      if (next.close === cur.close || row.some((v) => !Number.isFinite(v))) continue;
      for (const v of row) rows.push(v);
      y.push(next.close > cur.close ? 1 : 0);
    }
    return { X: Float64Array.from(rows), y, cols: fm.cols, split: Math.floor(y.length * 0.7) };
  }

  /** Arms the next scheduled retraining on the clock's timers (once; needs a timer clock and an interval). */
  #armRetrain(): void {
    const hours = this.#o.retrainIntervalHours;
    const clock = this.#o.clock as Partial<TimerClock>;
    if (hours === undefined || !(hours > 0) || clock.scheduleAt === undefined || this.#retrainArmed) return;
    this.#retrainArmed = true;
    const at = ((this.#lastRetrainAt ?? this.#o.clock.now()) + hours * US_PER_HOUR) as TimestampUs;
    clock.scheduleAt.call(this.#o.clock, at, () => {
      this.#retrainArmed = false;
      const run = this.#retrain().finally(() => {
        if (this.#training === run) this.#training = undefined;
      });
      this.#training = run;
    });
  }

  async #retrain(): Promise<void> {
    const now = this.#o.clock.now();
    try {
      const bars = [...this.#bars];
      const d = this.#dataset(bars);
      const n = d.y.length;
      if (d.split < 50 || n - d.split < 20)
        throw new Error(`only ${n} labelled rows after the feature warm-up`);
      const heldOut = matrix(d.X.subarray(d.split * d.cols), n - d.split, d.cols);
      const score = async (m: { predictProba(x: typeof heldOut): Promise<ArrayLike<number>> }) => {
        const p = await m.predictProba(heldOut);
        let hits = 0;
        let ll = 0;
        for (let i = 0; i < p.length; i++) {
          const pi = Math.min(1 - 1e-12, Math.max(1e-12, p[i] as number));
          const yi = d.y[d.split + i] as number;
          if ((pi > 0.5 ? 1 : 0) === yi) hits++;
          ll -= yi * Math.log(pi) + (1 - yi) * Math.log(1 - pi);
        }
        return { accuracy: hits / p.length, logLoss: ll / p.length };
      };
      let candidate: LogisticRegressionModel | undefined;
      const outcome = await scheduledRetrain({
        registry: this.#o.registry,
        name: this.model,
        now,
        ...(this.#lastRetrainAt === undefined ? {} : { lastRetrainAt: this.#lastRetrainAt }),
        intervalHours: this.#o.retrainIntervalHours as number,
        train: async () => {
          const model = new LogisticRegressionModel({ name: this.model });
          await model.fit(
            matrix(d.X.subarray(0, d.split * d.cols), d.split, d.cols),
            Uint8Array.from(d.y.slice(0, d.split)),
          );
          candidate = model;
          const first = bars[0] as Bar;
          const last = bars[bars.length - 1] as Bar;
          return {
            model,
            info: {
              featureSpec: this.#features.spec as never,
              dataRange: {
                from: first.time,
                to: last.time,
                rows: d.split,
                description: '1-minute bars seen by the server',
              },
              metrics: await score(model),
              evaluatedOn: { heldOut: 'last 30 % of the bars seen', rows: n - d.split },
              notes: 'scheduled retraining by minhos serve (models.retrainIntervalHours)',
            },
          };
        },
        // Candidate and incumbent scored on the same held-out bars: promotion on equal terms.
        reevaluate: async (model) => score(model as unknown as LogisticRegressionModel),
      });
      this.#lastRetrainAt = now;
      if (outcome.status !== 'not_due') {
        this.#retrains.push(outcome);
        if (outcome.status === 'promoted' && candidate !== undefined) {
          const member = modelMember(
            { name: 'model', features: this.#features },
            candidate,
            'active',
            `${this.model}@${outcome.version}`,
            outcome.version,
          );
          for (const b of bars.slice(-300)) await member.evaluate({ bar: b } as StrategyContext);
          this.#inner = member;
          this.#version = outcome.version;
        }
        this.#event(
          'MODEL_RETRAINED',
          `scheduled retraining: ${this.model}@${outcome.version} ${outcome.status} (${outcome.decision.reason})`,
        );
      }
    } catch (e) {
      this.#lastRetrainAt = now;
      this.#event('MODEL_RETRAINED', `scheduled retraining failed: ${(e as Error).message}`);
    }
    this.#armRetrain();
  }

  #liveAccuracy(): Record<string, number> {
    const scored = this.#predictions.filter((p) => p.correct !== undefined);
    if (scored.length === 0) return {};
    return {
      liveAccuracy: scored.filter((p) => p.correct).length / scored.length,
      livePredictions: scored.length,
    };
  }

  #set(state: TrainerState, stage: string, progress: number, message: string): void {
    this.#state = state;
    this.#stage = stage;
    this.#progress = progress;
    this.#message = message;
  }

  #event(kind: TrainerEvent['kind'], message: string): void {
    const time = this.#o.clock.now();
    this.#events.push({ time, kind, message });
    this.#o.store?.recordRiskEvent(time, kind, { message });
  }
}
