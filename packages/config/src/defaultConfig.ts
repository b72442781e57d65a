import { configSchema, type MinhosConfig } from './configSchema.js';
import { deepFreeze } from './internal/deepFreeze.js';

/**
 * The built-in configuration (every default of {@link configSchema}), deeply frozen. No secrets are
 * set by default.
 *
 * @example
 * ```ts
 * import { defaultConfig } from '@minhos/config';
 * defaultConfig.trading.autonomousThreshold; // 0.75
 * defaultConfig.network.server.host; // '127.0.0.1'
 * ```
 */
export const defaultConfig: MinhosConfig = deepFreeze(configSchema.parse({}));
