// The decision pipeline: members → fusion (weights, regime, agreement) → Kelly → modes → risk gate
// → order with its bracket, every decision recorded whole with its quality.

export type { AiAnalysis, AiStrategyOptions } from './aiStrategy.js';
export { aiStrategy } from './aiStrategy.js';
export type {
  DecisionHooks,
  DecisionReview,
  DecisionReviewResult,
  HookExecution,
  ModuleIntent,
} from './DecisionHooks.js';
export { moduleActionsOf, moduleIntentOf } from './DecisionHooks.js';
export type { DecisionPipelineOptions } from './DecisionPipeline.js';
export { DecisionPipeline } from './DecisionPipeline.js';
export type { DecisionOrder, DecisionOutcome, DecisionRecord, DecisionShortfall } from './DecisionRecord.js';
export type { FusedMember, FusedSignal, FusionOptions } from './fuseSignals.js';
export { DEFAULT_REGIME_CONFIDENCE, DEFAULT_REGIME_MULTIPLIERS, fuseSignals } from './fuseSignals.js';
export type { MemberSignal, MemberState, SignalMember } from './MemberSignal.js';
export type { RankedCandidate, RankUniverseOptions, UniverseCandidate } from './rankUniverse.js';
export { rankUniverse } from './rankUniverse.js';
export type { RegistryMemberOptions } from './registryMember.js';
export { modelMember, registryMember } from './registryMember.js';
export { traditionalTaMember } from './traditionalTaMember.js';
