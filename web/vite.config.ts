/**
 * The console build: `vite build web` writes web/dist, which the server serves at `/`.
 * `npx vite web` serves it with hot reload and sends /api to a server on ALLOT_DEV_API
 * (default http://127.0.0.1:8080).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: no source maps shipped, nothing inlined as base64 (CSP img-src data:).
    sourcemap: false,
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': process.env.ALLOT_DEV_API ?? 'http://127.0.0.1:8080' },
  },
});
