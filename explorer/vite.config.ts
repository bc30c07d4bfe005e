// Builds the bundled GraphiQL (GRAPHQL_EXPLORER=graphiql) into dist/explorer, served by the graph
// under /explorer/. `npm run build` runs it (scripts/build-explorer.ts skips it when up to date).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/explorer/',
  // Errors only: React libraries' "use client" directives make rolldown warn once per file, harmlessly.
  logLevel: 'error',
  build: {
    outDir: fileURLToPath(new URL('../dist/explorer', import.meta.url)),
    emptyOutDir: true,
    // Monaco is large by nature; the bundle is served from the graph's own origin, once, cached.
    chunkSizeWarningLimit: 8000,
  },
  worker: { format: 'es' },
});
