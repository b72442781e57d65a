export type { AssembledServer, AssembleInput } from './assembleServer.js';
export { assembleServer } from './assembleServer.js';
export type { DeploymentCheck, DeploymentCheckInput } from './deploymentCheck.js';
export { checkDeployment, probeTcp } from './deploymentCheck.js';
export { BUNDLED_ES_BARS, findBundledEsBars, loadEsBars } from './loadEsBars.js';
export type { DeploymentOptions, DeploymentRuntime } from './startDeployment.js';
export { DeploymentError, startDeployment } from './startDeployment.js';
export type { EmbeddedOptions, EmbeddedRuntime } from './startEmbedded.js';
export { embeddedConfig, startEmbedded } from './startEmbedded.js';
