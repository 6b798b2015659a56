import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files start first: on a few workers, one of them started last would run alone at
 * the end. (Vitest orders by the durations it remembers, and a fresh clone remembers none.)
 */
const LONGEST = [
  'test/fuzz/api.test.ts',
  'test/integration/conservation.test.ts',
  'test/infra/operator-commands.test.ts',
  'test/crash/crash.test.ts',
  'test/e2e/start.test.ts',
  'test/integration/indicators-scale.test.ts',
  'test/integration/handoff-order.test.ts',
  'test/integration/deliveries.test.ts',
  'test/e2e/restore.test.ts',
  'test/e2e/readme.test.ts',
  'test/infra/stack.test.ts',
  'test/integration/integrations.test.ts',
  'test/integration/dossier-consistency.test.ts',
  'test/integration/overdue.test.ts',
  'test/browser/transparency.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return at < 0 ? LONGEST.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    sequence: { sequencer: LongestFirst },
  },
});
