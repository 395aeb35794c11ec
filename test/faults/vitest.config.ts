/**
 * The fault tests: `npm run test:faults`, on PostgreSQL (DATABASE_URL), after the main suites
 * and never beside them — they kill server processes and restart PostgreSQL. One file at a time;
 * each starts its own `allot serve` children, Apple emulator and schema.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/faults/**/*.test.ts'],
    // The test files check this, so that the main suite (which also matches test/**) skips them.
    env: { ALLOT_FAULT_TESTS: '1' },
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
