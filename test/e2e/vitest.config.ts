/**
 * The browser suite: `npm run test:e2e` (it builds the console first). Each file starts its own
 * `allot demo` in-process and drives Debian's chromium with playwright-core.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser and one demo server at a time keeps the timing predictable on small CI hosts.
    fileParallelism: false,
  },
});
