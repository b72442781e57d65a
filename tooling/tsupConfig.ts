import { defineConfig, type Options } from 'tsup';

/**
 * The one build factory every package uses (`tsup.config.ts` is three lines), so a later switch of
 * bundler is a one-file change. ESM + bundled `.d.ts`, Node 20 target, dependencies external.
 */
export function tsupConfig(overrides: Options = {}): ReturnType<typeof defineConfig> {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    tsconfig: 'tsconfig.build.json',
    ...overrides,
  });
}
