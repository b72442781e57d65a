export {
  applyModuleLevels,
  bracketFromConfig,
  dtcClientOptionsFromConfig,
  kellySettingsFromConfig,
  moduleFlagsFromConfig,
  moduleParamsFromConfig,
  paperBrokerOptionsFromConfig,
  riskLimitsFromConfig,
  storeFromConfig,
} from './configWiring.js';
export { LatencyHistogram, ServiceMetrics } from './Metrics.js';
export type {
  AiModuleName,
  ModuleFlagChange,
  ModuleFlagJournal,
  ModuleFlagsOptions,
  ModuleLevel,
  ModuleMode,
  ModuleSetting,
} from './ModuleFlags.js';
export { AI_MODULES, DEFAULT_MODULES, ModuleFlags, moduleSettingOf } from './ModuleFlags.js';
export type { Service, ServiceContext, ServiceState } from './Service.js';
export type { RestartPolicy, ServiceManagerOptions, ServiceStatus } from './ServiceManager.js';
export { ServiceManager } from './ServiceManager.js';
