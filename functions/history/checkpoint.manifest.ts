import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const checkpointHistory = {
  entry: 'functions/history/checkpoint.ts',
  description:
    'Signs the heads of the histories changed since the last checkpoint, kept where no function can rewrite them',
  memoryMb: 512,
  timeoutSeconds: 120,
  schedule: { everyMinutes: 15 },
  uses: {
    table: { read: ['dossier', 'feedback', 'checkpoints'], write: ['checkpoints'], indexes: ['gsi1'] },
    checkpoints: 'write',
    signingKey: 'sign',
  },
} as const satisfies FunctionSpec;
