// @ts-check
/**
 * `npm run mutate`: mutation testing of the pure core and the kits every function uses. Stryker
 * changes one thing at a time in these folders (a condition, a constant, an escape) and runs the
 * unit tests that cover the change; a change that no test notices is a rule no test keeps.
 *
 * Incremental: the result of each mutant is kept in `.motcua/mutation/incremental.json` (with the
 * rest of the local state, out of git) and a later run tests again only the mutants whose code
 * or covering tests changed (one a new test of another file now kills may stay "survived":
 * `--force` tests them all). It stays out of the repository because it is a cache of one tree:
 * it changes with every run and every edit, so branches would conflict on it.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'shared/domain/**/*.ts',
    'shared/http/**/*.ts',
    'shared/connectors/**/*.ts',
    'shared/documents/**/*.ts',
  ],
  ignorePatterns: ['.motcua', 'cdk.out', 'bench/.out', 'bench/results.json'],
  // The sandbox's tsconfig needs no rewriting (no `extends`, no references), and TypeScript 7 has
  // no JavaScript API for Stryker to read it with: point it at no file, so it is copied as is.
  tsconfigFile: 'no-tsconfig-to-rewrite.json',
  // Vitest runs the code without checking types, so no file needs `// @ts-nocheck`; with it, a
  // test that compares a file with the integrators' guide's copy of it would fail.
  disableTypeChecks: false,
  // Static mutants (module-level constants) need every test run again per mutant: 97% of the time
  // for 17% of the mutants. Left out unless MUTATE_STATIC=1.
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  incremental: true,
  incrementalFile: '.motcua/mutation/incremental.json',
  tempDirName: '.motcua/mutation/tmp',
  cleanTempDir: 'always',
  // The machine is shared with the other test runs: two workers are enough, and kinder.
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: '.motcua/mutation/report.html' },
  jsonReporter: { fileName: '.motcua/mutation/report.json' },
  thresholds: { high: 90, low: 85, break: null },
};

export default config;
