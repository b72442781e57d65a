#!/usr/bin/env node
// Scaffolds packages/<name> with the workspace conventions (package.json, tsconfigs, tsup, README).
// Usage: node scripts/new-package.mjs <name> "<description>" [dep ...]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [name, description, ...deps] = process.argv.slice(2);
if (!name || !description) {
  console.error('usage: node scripts/new-package.mjs <name> "<description>" [dep ...]');
  process.exit(2);
}
const dir = join('packages', name);
mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, text) => {
  const path = join(dir, file);
  if (!existsSync(path)) writeFileSync(path, text);
};
const pkg = {
  name: `@minhos/${name}`,
  version: '0.1.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { types: './dist/index.d.ts', import: './dist/index.js' },
    './package.json': './package.json',
  },
  main: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist'],
  engines: { node: '>=20' },
  repository: { type: 'git', url: 'git+https://github.com/minhos/minhos.git', directory: `packages/${name}` },
  scripts: { build: 'tsup' },
  dependencies: Object.fromEntries(deps.map((d) => [`@minhos/${d}`, 'workspace:^'])),
  publishConfig: { access: 'public' },
};
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify(
    {
      extends: ['../../tsconfig.base.json', '../../tsconfig.paths.json'],
      compilerOptions: { rootDir: 'src', outDir: '.tsbuild', emitDeclarationOnly: true },
      include: ['src'],
      references: deps.map((d) => ({ path: `../${d}` })),
    },
    null,
    2,
  )}\n`,
);
write(
  'tsconfig.build.json',
  `${JSON.stringify(
    {
      extends: '../../tsconfig.base.json',
      compilerOptions: { composite: false, rootDir: 'src', outDir: 'dist' },
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/**/*.test-d.ts', 'src/**/*.bench.ts'],
    },
    null,
    2,
  )}\n`,
);
write(
  'tsup.config.ts',
  `import { tsupConfig } from '../../tooling/tsupConfig.ts';\n\nexport default tsupConfig();\n`,
);
write('src/index.ts', `/**\n * ${description}\n *\n * @packageDocumentation\n */\n`);
write('README.md', `# @minhos/${name}\n\n${description}\n`);
console.log(`scaffolded ${dir}`);
