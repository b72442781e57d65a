/**
 * The one MinhOS configuration schema: defaults, JSON/YAML file and `MINHOS_*` environment
 * layering, validation with precise errors, redaction of secrets and the JSON Schema for editors.
 *
 * @packageDocumentation
 */
export type { ConfigErrorCode, ConfigErrorInit, ConfigSource } from './ConfigError.js';
export { ConfigError } from './ConfigError.js';
export type { ConfigChange } from './configDiff.js';
export { configDiff } from './configDiff.js';
export type { ConfigEnvVar } from './configEnvVars.js';
export { CONFIG_FILE_ENV, configEnvVars, ENV_PREFIX, envVarName } from './configEnvVars.js';
export { configJsonSchema } from './configJsonSchema.js';
export type { ConfigEnv } from './configLayersFromEnv.js';
export { configLayersFromEnv } from './configLayersFromEnv.js';
export type {
  AuthConfig,
  ConfigFieldMeta,
  DtcConfig,
  IntervalsConfig,
  KellyConfig,
  LoggingConfig,
  MinhosConfig,
  MinhosConfigInput,
  ModelsConfig,
  ModuleLevel,
  ModulesConfig,
  NetworkConfig,
  RiskConfig,
  ServerConfig,
  StorageConfig,
  SymbolsConfig,
  TradingConfig,
  TradingMode,
} from './configSchema.js';
export { configFieldMeta, configSchema } from './configSchema.js';
export type { DeepReadonly } from './DeepReadonly.js';
export { defaultConfig } from './defaultConfig.js';
export type { FieldKind } from './internal/schemaTree.js';
export type { LoadConfigOptions } from './loadConfig.js';
export { loadConfig, safeLoadConfig } from './loadConfig.js';
export type { ConfigFileFormat } from './readConfigFile.js';
export { parseConfigText, readConfigFile } from './readConfigFile.js';
export { REDACTED, redact } from './redact.js';
export type { ConfigLayer } from './resolveConfig.js';
export { resolveConfig } from './resolveConfig.js';
