import type { TimestampUs } from '@minhos/core';
import { type ContractSpec, type TradingHours, tradingDate, tradingSessions } from '@minhos/symbols';
import { DEFAULT_MODEL_SUPERVISOR_PARAMS, type ModelSupervisorParams } from './ModelSupervisor.js';
import { DEFAULT_ORCHESTRATOR_POLICY_PARAMS, type OrchestratorPolicyParams } from './orchestratorPolicy.js';
import { DEFAULT_PORTFOLIO_BALANCER_PARAMS, type PortfolioBalancerParams } from './portfolioBalancer.js';
import {
  DEFAULT_POSITION_INTELLIGENCE_PARAMS,
  type PositionIntelligenceParams,
} from './positionIntelligence.js';
import {
  DEFAULT_PROFIT_AMPLIFICATION_PARAMS,
  type ProfitAmplificationParams,
} from './profitAmplification.js';
import { DEFAULT_SMART_EXECUTION_PARAMS, type SmartExecutionParams } from './smartExecution.js';

/** Every module's parameters. */
export interface AiModuleParams {
  readonly modelSupervisor: ModelSupervisorParams;
  readonly orchestratorPolicy: OrchestratorPolicyParams;
  readonly portfolioBalancer: PortfolioBalancerParams;
  readonly positionIntelligence: PositionIntelligenceParams;
  readonly profitAmplification: ProfitAmplificationParams;
  readonly smartExecution: SmartExecutionParams;
}

/** The defaults of every module (equal to config's `modules` defaults; a test checks it). */
export const DEFAULT_AI_MODULE_PARAMS: AiModuleParams = Object.freeze({
  modelSupervisor: DEFAULT_MODEL_SUPERVISOR_PARAMS,
  orchestratorPolicy: DEFAULT_ORCHESTRATOR_POLICY_PARAMS,
  portfolioBalancer: DEFAULT_PORTFOLIO_BALANCER_PARAMS,
  positionIntelligence: DEFAULT_POSITION_INTELLIGENCE_PARAMS,
  profitAmplification: DEFAULT_PROFIT_AMPLIFICATION_PARAMS,
  smartExecution: DEFAULT_SMART_EXECUTION_PARAMS,
});

/** Some parameters of some modules; the rest are defaults. */
export type AiModuleParamsInput = { readonly [K in keyof AiModuleParams]?: Partial<AiModuleParams[K]> };

/** Defaults overlaid with `params`, module by module. */
export function mergeModuleParams(params: AiModuleParamsInput | undefined): AiModuleParams {
  const p = params ?? {};
  return {
    modelSupervisor: { ...DEFAULT_MODEL_SUPERVISOR_PARAMS, ...p.modelSupervisor },
    orchestratorPolicy: { ...DEFAULT_ORCHESTRATOR_POLICY_PARAMS, ...p.orchestratorPolicy },
    portfolioBalancer: { ...DEFAULT_PORTFOLIO_BALANCER_PARAMS, ...p.portfolioBalancer },
    positionIntelligence: { ...DEFAULT_POSITION_INTELLIGENCE_PARAMS, ...p.positionIntelligence },
    profitAmplification: { ...DEFAULT_PROFIT_AMPLIFICATION_PARAMS, ...p.profitAmplification },
    smartExecution: { ...DEFAULT_SMART_EXECUTION_PARAMS, ...p.smartExecution },
  };
}

/** The close of the session `now` falls in (or the next one of its trade date). */
export function sessionCloseAt(
  hours: ContractSpec | TradingHours,
  now: TimestampUs,
): TimestampUs | undefined {
  for (const s of tradingSessions(hours, tradingDate(hours, now))) if (s.close > now) return s.close;
  return undefined;
}
