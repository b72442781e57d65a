// Writes packages/config/minhos.schema.json from the zod schema, formatted by the repo's Biome
// settings so lint stays clean. A test fails when the committed file is stale. Run:
//   pnpm tsx --tsconfig packages/config/tsconfig.json packages/config/scripts/write-json-schema.ts
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from '../src/index.js';

const target = fileURLToPath(new URL('../minhos.schema.json', import.meta.url));
const biome = fileURLToPath(new URL('../../../node_modules/.bin/biome', import.meta.url));
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
execFileSync(biome, ['format', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${target}`);
