// Decision quality: the original's 6 weighted categories, labels, and the summary over the last 20.

export type {
  DecisionQuality,
  DecisionQualityInput,
  QualityCategory,
  QualityLabel,
} from './decisionQuality.js';
export { decisionQuality, QUALITY_WEIGHTS, qualityLabel } from './decisionQuality.js';
export type { QualityRecommendation, QualitySummary, QualityTrend } from './qualitySummary.js';
export { qualitySummary } from './qualitySummary.js';
