// Loads the MinhOS configuration the way the server does and prints it with secrets redacted, or
// every problem with its source. Also lists the MINHOS_* variables.
//   pnpm --filter @minhos/examples exec tsx --tsconfig tsconfig.json src/config-print.ts [minhos.yaml] [--env]
import { configEnvVars, redact, safeLoadConfig } from '@minhos/config';

const args = process.argv.slice(2);
if (args.includes('--env')) {
  for (const v of configEnvVars) {
    console.log(
      `${v.variable.padEnd(48)} ${v.path.padEnd(40)} ${v.secret ? '(secret)' : (v.defaultValue ?? '(unset)')}`,
    );
  }
  process.exit(0);
}

const file = args.find((arg) => !arg.startsWith('--'));
const result = safeLoadConfig(file === undefined ? {} : { file });
if (!result.ok) {
  for (const problem of result.error) console.error(problem.message);
  process.exit(1);
}
// Never print the config itself: it may hold auth.token and the DTC password.
console.log(JSON.stringify(redact(result.value), null, 2));
