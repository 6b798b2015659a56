import { defineConfig } from 'vitest/config';

/**
 * The tests that judge the mutants of `npm run mutate`: the unit tests, which import the mutated
 * modules directly and run in seconds. The integration, e2e, browser and fuzz tests reach the
 * same code through a local runtime started per file (tens of seconds each, DynamoDB Local
 * behind it): run for every mutant they would take days, so a rule of the mutated folders is
 * kept by a unit test or it does not count here. A test judges a mutant only with what it runs
 * inside the test: a value computed while the file is read (in a `describe` body) was computed
 * before the mutant was switched on.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    // It imports every handler inside its tests, so the module-level code of every mutated file
    // would count as run by it alone, and the tests that do read those values (problem titles,
    // templates) would never be run against their mutants.
    exclude: ['test/unit/manifest.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
