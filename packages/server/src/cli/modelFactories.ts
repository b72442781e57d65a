import {
  LogisticRegressionModel,
  LstmAttentionModel,
  type Model,
  RandomForestModel,
  type SessionSpec,
  StackingEnsemble,
  UTC_DAY_SESSION,
  XgboostModel,
} from '@minhos/models';

/** Model kinds the `train` and `evaluate` commands build. */
export const MODEL_KINDS = ['logistic', 'xgboost', 'random-forest', 'ensemble', 'lstm'] as const;

/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Shape of the inputs the factories size their models for. */
export interface ModelShape {
  /** Window length (bars per sample). */
  readonly window: number;
  /** Features per bar. */
  readonly features: number;
  /** Label horizon, bars (purge gap of the ensemble and the LSTM's validation). */
  readonly horizon: number;
  /** Column of the flattened row the ensemble's volatility regimes read (-1: none). */
  readonly regimeColumn: number;
  /** LSTM epochs and an epoch listener (progress). */
  readonly epochs?: number;
  readonly onEpoch?: (epoch: number, trainLoss: number, validationLoss: number) => void;
}

/** Whether `text` names a {@link ModelKind}. */
export function isModelKind(text: string): text is ModelKind {
  return (MODEL_KINDS as readonly string[]).includes(text);
}

/**
 * A factory per kind, with the settings of `packages/models/scripts/evaluate.ts` (a 16-unit LSTM:
 * the full 200-unit one wants tfjs-node to train in reasonable time).
 */
export function modelFactory(kind: ModelKind, shape: ModelShape): () => Model {
  switch (kind) {
    case 'logistic':
      return () => new LogisticRegressionModel({ l2: 10 });
    case 'xgboost':
      return () => new XgboostModel({ rounds: 100, maxDepth: 3, eta: 0.05, seed: 1 });
    case 'random-forest':
      return () => new RandomForestModel({ trees: 100, maxDepth: 5, seed: 1 });
    case 'ensemble':
      return () =>
        new StackingEnsemble({
          members: [
            { name: 'logistic', create: modelFactory('logistic', shape) },
            { name: 'xgboost', create: modelFactory('xgboost', shape) },
            { name: 'random-forest', create: modelFactory('random-forest', shape) },
          ],
          folds: 3,
          purge: shape.horizon,
          ...(shape.regimeColumn >= 0 ? { regimeColumn: shape.regimeColumn } : {}),
        });
    case 'lstm':
      return () =>
        new LstmAttentionModel({
          steps: shape.window,
          features: shape.features,
          units: 16,
          heads: 2,
          keyDim: 8,
          epochs: shape.epochs ?? 8,
          patience: 3,
          batchSize: 64,
          learningRate: 3e-3,
          validationGap: shape.horizon,
          seed: 1,
          ...(shape.onEpoch === undefined
            ? {}
            : {
                onEpoch: (e: { epoch: number; trainLoss: number; validationLoss: number }) =>
                  shape.onEpoch?.(e.epoch, e.trainLoss, e.validationLoss),
              }),
        });
  }
}

/** The CME Globex session (17:00–16:00 Chicago) for the time-of-day features. */
export const CME_SESSION: SessionSpec = {
  timeZone: 'America/Chicago',
  openMinute: 17 * 60,
  lengthMinutes: 23 * 60,
};

/** `cme` or `utc` → the session of the time-of-day features; undefined when unknown. */
export function sessionOf(name: string): SessionSpec | undefined {
  return name === 'cme' ? CME_SESSION : name === 'utc' ? UTC_DAY_SESSION : undefined;
}
