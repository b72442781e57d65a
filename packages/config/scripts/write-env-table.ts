// Regenerates the MINHOS_* table in packages/config/README.md from the schema (markdown is not
// Biome-formatted in this repo: it breaks changeset front matter). A test fails when the README is
// stale. Run:
//   pnpm tsx --tsconfig packages/config/tsconfig.json packages/config/scripts/write-env-table.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withEnvTable } from '../src/internal/envTable.js';

const target = fileURLToPath(new URL('../README.md', import.meta.url));
writeFileSync(target, withEnvTable(readFileSync(target, 'utf8')));
console.log(`updated ${target}`);
