import { parseArgs } from 'node:util';
import { configEnvVars, configJsonSchema, redact, safeLoadConfig } from '@minhos/config';
import type { CliCommand } from '../cli.js';

/**
 * `minhos config [check|print|env|schema] [--file minhos.yaml]`: validates the effective
 * configuration (defaults → file → `MINHOS_*` environment), prints it with secrets redacted, lists
 * the environment variables, or prints the JSON Schema for editors.
 */
export const configCommand: CliCommand = {
  name: 'config',
  summary: 'check or print the effective configuration, list MINHOS_* variables, print the JSON Schema',
  usage: 'minhos config [check|print|env|schema] [--file <minhos.yaml|json>]',
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { file: { type: 'string', short: 'f' } },
      allowPositionals: true,
      strict: true,
    });
    const action = positionals[0] ?? 'check';
    if (action === 'env') {
      for (const v of configEnvVars) {
        io.out(
          `${v.variable.padEnd(48)} ${v.path.padEnd(40)} ${v.secret ? '(secret)' : (v.defaultValue ?? '(unset)')}`,
        );
      }
      return 0;
    }
    if (action === 'schema') {
      io.out(JSON.stringify(configJsonSchema(), null, 2));
      return 0;
    }
    if (action !== 'check' && action !== 'print') {
      io.err(`minhos config: unknown action "${action}", expected check, print, env or schema`);
      return 2;
    }
    const result = safeLoadConfig({
      env: io.env,
      ...(values.file === undefined ? {} : { file: values.file }),
    });
    if (!result.ok) {
      for (const problem of result.error) io.err(problem.message);
      return 1;
    }
    io.out(action === 'print' ? JSON.stringify(redact(result.value), null, 2) : 'config: ok');
    return 0;
  },
};
