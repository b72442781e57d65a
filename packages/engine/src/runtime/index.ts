export {
  bracketFromConfig,
  dtcClientOptionsFromConfig,
  kellySettingsFromConfig,
  paperBrokerOptionsFromConfig,
  riskLimitsFromConfig,
  storeFromConfig,
} from './configWiring.js';
export { LatencyHistogram, ServiceMetrics } from './Metrics.js';
export type { ModuleMode, ModuleSetting } from './ModuleFlags.js';
export { DEFAULT_MODULES, ModuleFlags } from './ModuleFlags.js';
export type { Service, ServiceContext, ServiceState } from './Service.js';
export type { RestartPolicy, ServiceManagerOptions, ServiceStatus } from './ServiceManager.js';
export { ServiceManager } from './ServiceManager.js';
