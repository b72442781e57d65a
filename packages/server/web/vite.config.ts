import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard is served by the server under /dashboard/ (see src/web/dashboardPlugin.ts). Preact's
// JSX goes through Vite's own Oxc transform (automatic runtime, preact as the import source), so no
// Babel-based preset is needed.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8888', '/ws': { target: 'ws://127.0.0.1:8888', ws: true } } },
});
