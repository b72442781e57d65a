import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One root config, one project per package. Workspace imports resolve to each package's source so
// tests never need a build first.
const root = fileURLToPath(new URL('.', import.meta.url));
const packages = readdirSync(`${root}packages`).filter((name) =>
  existsSync(`${root}packages/${name}/package.json`),
);
const alias = Object.fromEntries(
  packages.map((name) => [`@minhos/${name}`, `${root}packages/${name}/src/index.ts`]),
);

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: {
          name,
          root: `${root}packages/${name}`,
          include: ['src/**/*.test.ts'],
          testTimeout: 60_000,
        },
      })),
      {
        extends: true as const,
        test: { name: 'examples', root: `${root}examples`, include: ['src/**/*.test.ts'] },
      },
      {
        extends: true as const,
        // The README's two commands' own helpers (no dependency: they run before any install).
        test: { name: 'scripts', root: `${root}scripts`, include: ['*.test.ts'] },
      },
    ],
  },
});
