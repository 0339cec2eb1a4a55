// Builds the text-tagger benchmark page (test/bench/pages/text-bench.html) into .tmp/text-bench.
// Dev-only: the app's own build never includes it.
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';

const here = path.dirname(new URL(import.meta.url).pathname);
export default defineConfig({
  root: path.join(here, 'pages'),
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: path.join(here, '../../.tmp/text-bench'), emptyOutDir: true, rollupOptions: { input: path.join(here, 'pages/text-bench.html') } },
});
