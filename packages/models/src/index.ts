/**
 * Indicators (TA-Lib parity), leak-free features, LSTM-attention, tree ensembles, calibration, walk-forward evaluation and a model registry.
 *
 * @packageDocumentation
 */

export { AtrStream, atr } from './atr.js';
export type { BollingerOptions, BollingerResult, BollingerValue } from './bollinger.js';
export { BollingerStream, bollinger } from './bollinger.js';
export { computeFeatures } from './computeFeatures.js';
export { EmaStream, ema } from './ema.js';
export type {
  BaselineFit,
  CalibrationSummary,
  EvaluateOptions,
  EvaluationData,
  EvaluationReport,
  FoldFit,
  FoldResult,
  MetricSet,
  SampleAccounting,
} from './evaluate.js';
export { BASELINES, evaluate } from './evaluate.js';
export { evaluationToMarkdown } from './evaluationToMarkdown.js';
export type { FeatureMatrix } from './FeatureMatrix.js';
export { FeatureStream } from './FeatureStream.js';
export type { FeatureComputeOptions } from './featurePipeline.js';
export { FeaturePipeline } from './featurePipeline.js';
export type { FeatureName, FeatureParams, FeaturePipelineOptions, FeatureSpec } from './featureSpec.js';
export { DEFAULT_FEATURE_PARAMS, DEFAULT_FEATURES, FEATURE_NAMES } from './featureSpec.js';
export type { HlcBar, IndicatorStream } from './IndicatorStream.js';
export type { IsotonicCalibratorState } from './IsotonicCalibrator.js';
export { IsotonicCalibrator } from './IsotonicCalibrator.js';
export type { LogisticRegressionOptions } from './LogisticRegressionModel.js';
export { LogisticRegressionModel } from './LogisticRegressionModel.js';
export type { LstmAttentionWeights } from './LstmAttentionInference.js';
export { LstmAttentionInference } from './LstmAttentionInference.js';
export type { EpochInfo, LstmAttentionOptions, ResolvedLstmAttentionOptions } from './LstmAttentionModel.js';
export { LSTM_SERVING_MAX_ROWS, LstmAttentionModel } from './LstmAttentionModel.js';
export type { LabelOptions, Labels } from './labels.js';
export { labels } from './labels.js';
export { loadBarsCsv } from './loadBarsCsv.js';
export { loadModel } from './loadModel.js';
export { MinMaxScaler } from './MinMaxScaler.js';
export type {
  DirectionPrediction,
  FitReport,
  JsonValue,
  Matrix,
  Model,
  ModelDescription,
} from './Model.js';
export { matrix, sliceRows, takeRows, toDirections } from './Model.js';
export type {
  ArtifactFile,
  ArtifactManifest,
  DataRange,
  ModelRegistryErrorCode,
  RegisterInfo,
} from './ModelRegistry.js';
export { ModelRegistry, ModelRegistryError } from './ModelRegistry.js';
export type { MultiHeadSelfAttentionArgs, SeededDropoutArgs } from './MultiHeadSelfAttention.js';
export {
  LastTimeStep,
  MultiHeadSelfAttention,
  registerCustomLayers,
  SeededDropout,
} from './MultiHeadSelfAttention.js';
export type { MacdOptions, MacdResult, MacdValue } from './macd.js';
export { MacdStream, macd } from './macd.js';
export type { Proportion, ReliabilityBin, StrategyPnl, StrategyPnlOptions } from './metrics.js';
export {
  brierScore,
  directionalAccuracy,
  logLoss,
  pearson,
  reliabilityTable,
  strategyPnl,
  wilsonInterval,
} from './metrics.js';
export type { CloseVolumeBar } from './obv.js';
export { ObvStream, obv } from './obv.js';
export type { PromoteOptions, PromotionDecision, Reevaluate } from './PromoteOptions.js';
export type { BarsCsv, BarsCsvColumns, BarsCsvLayout, BarsCsvOptions } from './parseBarsCsv.js';
export { parseBarsCsv } from './parseBarsCsv.js';
export type { PrepareEvaluationOptions } from './prepareEvaluationData.js';
export { prepareEvaluationData } from './prepareEvaluationData.js';
export type { RandomForestOptions } from './RandomForestModel.js';
export { RandomForestModel } from './RandomForestModel.js';
export { RobustScaler } from './RobustScaler.js';
export type { ReturnKind } from './returns.js';
export { logReturns, ReturnsStream, returns } from './returns.js';
export { RsiStream, rsi } from './rsi.js';
export type { MatrixLike, RowRange, Scaler, ScalerKind, ScalerState } from './Scaler.js';
export type {
  AgreementReport,
  EnsembleMemberSpec,
  MemberReport,
  MemberStatus,
  Regime,
  StackingEnsembleOptions,
} from './StackingEnsemble.js';
export { StackingEnsemble } from './StackingEnsemble.js';
export { StandardScaler } from './StandardScaler.js';
export { scalerFromJSON } from './scalerFromJSON.js';
export type { SequenceBatch, SequenceOptions } from './sequences.js';
export { sequences } from './sequences.js';
export type { SessionFeatures, SessionSpec } from './sessionFeatures.js';
export { sessionFeatures, UTC_DAY_SESSION } from './sessionFeatures.js';
export { SmaStream, sma } from './sma.js';
export { StddevStream, stddev } from './stddev.js';
export type { StochasticOptions, StochasticResult, StochasticValue } from './stochastic.js';
export { StochasticStream, stochastic } from './stochastic.js';
export type { TreeWorkerPoolOptions, TreeWorkerPoolStats } from './TreeWorkerPool.js';
export { TreeWorkerPool } from './TreeWorkerPool.js';
export type { SkippedBackend, TfBackendInfo, TfBackendName, TfBackendOptions } from './tfBackend.js';
export { activeTfBackend, initTfBackend } from './tfBackend.js';
export { TrueRangeStream, trueRange } from './trueRange.js';
export type { VolatilityOptions } from './volatility.js';
export { VolatilityStream, volatility } from './volatility.js';
export type { VolumeRatioOptions } from './volumeRatio.js';
export { VolumeRatioStream, volumeRatio } from './volumeRatio.js';
export type { Fold, WalkForwardMode, WalkForwardOptions } from './walkForward.js';
export { walkForwardSplits } from './walkForward.js';
export type { XgboostOptions } from './XgboostModel.js';
export { XgboostModel } from './XgboostModel.js';
