// The AI modules (model supervisor, orchestrator policy, portfolio balancer, position
// intelligence, profit amplification, smart execution): pure rules over plain data, and
// AiModules, which runs them around the decision pipeline behind their flags.

export type { AiModuleParams, AiModuleParamsInput } from './AiModuleParams.js';
export { DEFAULT_AI_MODULE_PARAMS, mergeModuleParams, sessionCloseAt } from './AiModuleParams.js';
export type { AiModulesOptions } from './AiModules.js';
export { AiModules } from './AiModules.js';
export type { DailyShortfall } from './dailyShortfall.js';
export { dailyShortfall } from './dailyShortfall.js';
export type { LaggedLogisticBaselineOptions } from './LaggedLogisticBaseline.js';
export { LaggedLogisticBaseline } from './LaggedLogisticBaseline.js';
export type {
  MemberHealth,
  ModelSupervisorParams,
  SupervisedSignal,
  SupervisorAlert,
  SupervisorBaseline,
} from './ModelSupervisor.js';
export { DEFAULT_MODEL_SUPERVISOR_PARAMS, ModelSupervisor, probabilityOf } from './ModelSupervisor.js';
export type { ModuleAction } from './ModuleAction.js';
export type {
  AllowedDirections,
  OrchestratorPolicyParams,
  PolicyDecision,
  PolicyRow,
  PolicySituation,
} from './orchestratorPolicy.js';
export {
  DEFAULT_ORCHESTRATOR_POLICY_PARAMS,
  DEFAULT_POLICY_TABLE,
  orchestratorPolicy,
  policyAllows,
} from './orchestratorPolicy.js';
export type { BalanceVerdict, PortfolioBalancerParams, ProposedReduction } from './portfolioBalancer.js';
export {
  balanceEntry,
  correlationClusters,
  DEFAULT_PORTFOLIO_BALANCER_PARAMS,
  proposeReductions,
} from './portfolioBalancer.js';
export type {
  PositionAction,
  PositionAssessment,
  PositionClass,
  PositionIntelligenceParams,
  PositionView,
} from './positionIntelligence.js';
export { assessPosition, DEFAULT_POSITION_INTELLIGENCE_PARAMS } from './positionIntelligence.js';
export type {
  AmplificationDecision,
  AmplificationInput,
  ProfitAmplificationParams,
} from './profitAmplification.js';
export { amplifyPosition, DEFAULT_PROFIT_AMPLIFICATION_PARAMS } from './profitAmplification.js';
export type { RetrainJob, RetrainOutcome } from './scheduledRetrain.js';
export { retrainDue, scheduledRetrain } from './scheduledRetrain.js';
export type {
  ExecutionPlan,
  ExecutionRequest,
  FillShortfall,
  PlannedChild,
  SmartExecutionParams,
} from './smartExecution.js';
export { DEFAULT_SMART_EXECUTION_PARAMS, fillShortfall, planExecution } from './smartExecution.js';
export type { SupervisedMemberOptions } from './supervisedMember.js';
export { supervisedMember } from './supervisedMember.js';
