import { defineConfig } from 'vitest/config';

/** Writes a release's table for the migration test (see write-release.fixture.ts). */
export default defineConfig({
  test: {
    include: ['test/migrations/write-release.fixture.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
