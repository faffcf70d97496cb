import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Built into dist/apps/web, which the gateway serves at its root; the API stays under /api.
export default defineConfig({
  root: here('.'),
  base: '/',
  resolve: {
    alias: { '#vocabulary': here('../../libs/vocabulary/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/apps/web'),
    emptyOutDir: true,
    sourcemap: true,
    // Charts are the heaviest part; the warning limit is raised to what a routed admin page needs.
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // React Query marks its hooks "use client" for server-component frameworks; meaningless in a plain SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npx vite apps/web` during development talks to the gateway `npm start` runs.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
