import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

// The quick examples run end to end on the bundled data: an example that breaks is a defect.
// (Model training/evaluation examples take minutes and are run by hand; they are typechecked.)
const cases: Array<[file: string, args: string[], expected: RegExp]> = [
  ['symbolsRollCalendar.ts', ['2025-09-08'], /NQU25-CME\s+expiry 2025-09-19/],
  ['config-print.ts', [], /"maxDailyLoss": 1000/],
  ['riskGate.ts', [], /BUY 2 ESZ13 @/],
  ['sizeAndGate.ts', [], /size: 1 contracts at 1797\.25\nrisk gate: PASS/],
  ['kellySizing.ts', [], /contracts: \d+/],
  ['liveIndicators.ts', [], /every live row equals the batch row: true/],
  ['readScid.ts', [], /16673 records[\s\S]*indicators on \d+ 30-minute bars[\s\S]*RSI14 \d+\.\d/],
  ['dtcSimulator.ts', [], /position/i],
  ['paperTradingRestart.ts', [], /after restart: reconciled[\s\S]*realized P&L -?\d+\.\d\d USD/],
  ['backtestSmaCrossover.ts', [], /trades\s+481\n/],
  [
    'embedEngine.ts',
    [],
    /submitted[\s\S]*host order BUY 500: denied — maxPosition[\s\S]*decisions: .*submitted \d+/,
  ],
  [
    'researchNotebook.ts',
    [],
    /most volatile hour: \d+:00 CT[\s\S]*Pearson r\(volume, \|return\|\) over \d+ minutes = 0\.\d+/,
  ],
];

describe('examples', () => {
  it.each(cases)(
    '%s runs and prints what it promises',
    async (file, args, expected) => {
      const { stdout } = await run(
        tsx,
        ['--tsconfig', `${here}../tsconfig.json`, `${here}${file}`, ...args],
        {
          cwd: `${here}..`,
          timeout: 90_000,
        },
      );
      expect(stdout).toMatch(expected);
      // tsx compiles each example on start: on a loaded 2-core CI machine that alone can take seconds.
    },
    120_000,
  );
});
