/**
 * Kelly criterion math and ML-enhanced, transparent position sizing: binary, continuous and
 * multi-asset Kelly, the {@link sizePosition} pipeline that records every step, rolling trade
 * statistics, and Monte Carlo validation. Pure functions over plain data: no I/O, no clock, seeded
 * randomness only.
 *
 * @packageDocumentation
 */
export type { AnnualizationOptions } from './annualizeVolatility.js';
export { annualizeVolatility, barsPerYear } from './annualizeVolatility.js';
export { binaryGrowthRate, binaryKelly, breakEvenProbability } from './binaryKelly.js';
export type {
  CompareSizingInput,
  FixedFractionStrategy,
  FixedUnitsStrategy,
  KellyStrategy,
  SizingOutcome,
  SizingStrategy,
} from './compareSizing.js';
export { compareSizing } from './compareSizing.js';
export type { ContinuousReturns } from './continuousKelly.js';
export { continuousGrowthRate, continuousKelly } from './continuousKelly.js';
export type { CostAdjustedPayoff } from './costAdjustedPayoff.js';
export { costAdjustedPayoff } from './costAdjustedPayoff.js';
export type { MatrixInput } from './internal/matrix.js';
export type { KellySettings, SizingBasis } from './KellySettings.js';
export { DEFAULT_KELLY_SETTINGS, resolveKellySettings } from './KellySettings.js';
export type { LedoitWolfEstimate } from './ledoitWolf.js';
export { ledoitWolf } from './ledoitWolf.js';
export type { MonteCarloKellyInput, MonteCarloKellyResult, MonteCarloKellyRow } from './monteCarloKelly.js';
export { monteCarloKelly } from './monteCarloKelly.js';
export type { MultiAssetKellyInput, MultiAssetKellyResult } from './multiAssetKelly.js';
export { multiAssetKelly } from './multiAssetKelly.js';
export type { PortfolioHeat } from './portfolioHeat.js';
export { portfolioHeat } from './portfolioHeat.js';
export type { RandomSource } from './seededRandom.js';
export { seededRandom } from './seededRandom.js';
export type {
  PayoffProfile,
  SizingDecision,
  SizingInput,
  SizingStep,
  SizingStepName,
} from './sizePosition.js';
export { sizePosition } from './sizePosition.js';
export type { SymmetricEigen } from './symmetricEigen.js';
export { conditionNumber, symmetricEigen } from './symmetricEigen.js';
export type { TradeStats, TradeStatsOptions } from './tradeStats.js';
export { tradeStats } from './tradeStats.js';
export type { ProbabilityEstimator, WinProbability, WinProbabilitySource } from './winProbability.js';
export { winProbability } from './winProbability.js';
