import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/afterEachCleanup.ts', 'test/support/engineSetup.ts'],
    // TEST_DATABASE_URL set: the suite runs on PostgreSQL (test/support/postgres.ts).
    globalSetup: ['test/support/postgresTemplate.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: integration files each start an emulator and an app.
    maxWorkers: 2,
    // Test files share a worker's module cache instead of loading Bolt, drizzle and zod again for
    // each file (that was half the suite's time). Every test builds its own stack, database and
    // emulator; module state is limited to caches keyed by those objects.
    isolate: false,
  },
});
