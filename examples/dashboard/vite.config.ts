// Builds the example dashboard into examples/dashboard/dist (`npm run dashboard` serves it). Plain
// Vite: TypeScript and JSX are compiled by Vite itself (tsconfig.json's `jsx: react-jsx`), so the
// build needs nothing beyond the npm packages and runs offline.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the built app works from any path a static server puts it under.
  base: './',
  // Errors only: React libraries' "use client" directives make rolldown warn once per file, harmlessly.
  logLevel: 'error',
  build: { outDir: 'dist', emptyOutDir: true },
});
