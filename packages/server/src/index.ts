/**
 * The MinhOS reference server and the `minhos` command line.
 *
 * @packageDocumentation
 */

export * from './api/index.js';
export * from './auth/index.js';
export * from './chat/index.js';
export type { ExitCode } from './cli/exitCodes.js';
export { EXIT_CODES } from './cli/exitCodes.js';
export type { CliCommand, CliIo } from './cli.js';
export { defaultCommands, runCli } from './cli.js';
export * from './runtime/index.js';
export * from './serve/index.js';
export * from './web/index.js';
export * from './ws/index.js';
