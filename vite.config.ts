import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { compression } from 'vite-plugin-compression2';

// One config for the client build, the dev server and every test project.
// The dev server proxies /api to the Fastify server started by `npm run dev`.
const apiPort = Number(process.env.API_PORT ?? 8787);

export default defineConfig({
  plugins: [
    react(),
    // The offline app shell (Workbox): a reload without network still opens the app and the
    // queue kept in Dexie. /api is never cached by the service worker: the outbox and queue in
    // Dexie are the offline store, and the API stays network-only.
    VitePWA({
      registerType: 'autoUpdate',
      includeManifestIcons: false,
      // Registered by the app once the page has settled (startup/serviceWorker.ts), not on load.
      injectRegister: false,
      manifest: {
        name: 'Touchstone',
        short_name: 'Touchstone',
        start_url: '/',
        display: 'standalone',
        theme_color: '#1f2937',
        background_color: '#ffffff',
        icons: [{ src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        cleanupOutdatedCaches: true,
        // Take over the open page at once, so the very first visit already works offline.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
    // Brotli and gzip copies beside each file, which the server sends to a browser that accepts
    // them (@fastify/static's preCompressed): the entry's 340 KB go over the wire as 92 KB (brotli),
    // the image editor's 353 KB as 93 KB; compressed once at build time, not per request.
    compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 }),
  ],
  // The manifest lets test/e2e/bundle-size.test.ts weigh the first load (entry + static imports).
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    rolldownOptions: {
      output: {
        // zod and its configuration travel in one chunk, so `jitless` is set before any chunk
        // builds a schema (zod-config.ts says why); split apart, a shared chunk of schemas could
        // run first and trip the Content-Security-Policy with zod's eval probe.
        codeSplitting: { groups: [{ name: 'zod', test: /node_modules[\\/]zod[\\/]|src[\\/]client[\\/]zod-config\.ts$/ }] },
      },
    },
  },
  server: { proxy: { '/api': `http://127.0.0.1:${apiPort}` } },
  test: {
    globals: true,
    // PGlite instances are heavy; two workers keep memory and CPU in check on a 2-core CI machine.
    // Set once for every project: vitest refuses projects that differ in maxWorkers but share a group.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'domain', include: ['test/domain/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          include: ['test/client/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/client/setup.ts'],
          // Typing into forms under jsdom takes seconds on a loaded 2-core machine; 5 s flaked.
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A browser under a loaded 2-core CI machine can take seconds to repaint; polls wait for it.
          expect: { poll: { timeout: 10_000, interval: 100 } },
        },
      },
    ],
  },
});
