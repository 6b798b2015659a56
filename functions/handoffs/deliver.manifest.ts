import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const deliverHandoffs = {
  entry: 'functions/handoffs/deliver.ts',
  description: "Takes each hop to the receiving unit's inbox with its step deadline and a signed receipt",
  memoryMb: 256,
  timeoutSeconds: 10,
  queue: { queue: 'handoffs', batchSize: 10, maxConcurrency: 2 },
  uses: {
    table: { read: ['dossier', 'catalog'], write: ['dossier', 'outbound'] },
    signingKey: 'sign',
    deadLettersOf: ['handoffs'],
  },
} as const satisfies FunctionSpec;
