/**
 * The MinhOS reference server and the `minhos` command line.
 *
 * @packageDocumentation
 */
export type { CliCommand, CliIo } from './cli.js';
export { defaultCommands, runCli } from './cli.js';
