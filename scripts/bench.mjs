#!/usr/bin/env node
// Runs every benchmark (`packages/*/bench/*.bench.ts`) in sequence with tsx. Each benchmark
// measures its own baseline in the same run and prints ratios, so figures compare across machines.
// Usage: pnpm bench [filter]   (filter matches the file path)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';
const files = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name, 'bench');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir).sort()) {
    if (file.endsWith('.bench.ts') && join(dir, file).includes(filter)) files.push([name, join(dir, file)]);
  }
}
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
let failed = 0;
for (const [name, file] of files) {
  console.log(`\n=== ${file.slice(root.length)} ===`);
  // The package's tsconfig maps @minhos/* to sources, so benchmarks never run against a stale dist.
  const tsconfig = join(root, 'packages', name, 'tsconfig.json');
  const r = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['--tsconfig', tsconfig, file], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
