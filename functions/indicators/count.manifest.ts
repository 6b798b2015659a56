import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const countIndicators = {
  entry: 'functions/indicators/count.ts',
  description: 'Counts each dossier event into the Decision 766 indicators, once',
  memoryMb: 256,
  timeoutSeconds: 10,
  queue: { queue: 'indicators', batchSize: 10, maxConcurrency: 2 },
  uses: { table: { read: ['dossier', 'catalog', 'counted'], write: ['indicator', 'counted', 'late'] } },
} as const satisfies FunctionSpec;
