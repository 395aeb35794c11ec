import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The console's browser tests and the fault tests (which restart PostgreSQL) run apart.
    exclude: ['test/e2e/**', 'test/faults/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two files at once even on two cores (vitest's default there is one): a test spends much
    // of its time waiting on the database, an emulator or a child process, not computing.
    maxWorkers: 2,
  },
});
