// Regenerates the MINHOS_* table in packages/config/README.md from the schema, then formats the
// README with the repo's Biome settings. A test fails when the README is stale. Run:
//   pnpm tsx --tsconfig packages/config/tsconfig.json packages/config/scripts/write-env-table.ts
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withEnvTable } from '../src/internal/envTable.js';

const target = fileURLToPath(new URL('../README.md', import.meta.url));
const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
writeFileSync(target, withEnvTable(readFileSync(target, 'utf8')));
execFileSync(biome, ['format', '--write', target], { stdio: 'inherit' });
console.log(`updated ${target}`);
