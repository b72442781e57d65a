#!/usr/bin/env node
// publint + @arethetypeswrong/cli (ESM-only profile) on every published package's built output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const failures = [];
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).private) continue;
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--profile', 'esm-only', '--format', 'table-flipped']],
  ]) {
    const r = spawnSync(join(root, 'node_modules', '.bin', tool), args, { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) {
      failures.push(`${tool} ${name}`);
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
    } else {
      console.log(`✓ ${tool} @minhos/${name}`);
    }
  }
}
if (failures.length > 0) {
  console.error(`✖ package checks failed: ${failures.join(', ')}`);
  process.exit(1);
}
