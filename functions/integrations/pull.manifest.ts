import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const pullPortal = {
  entry: 'functions/integrations/pull.ts',
  description:
    "Pull mode: reads the national portal's feed of dossiers after the kept cursor and files each, once",
  memoryMb: 512,
  timeoutSeconds: 240,
  schedule: { everyMinutes: 2 },
  uses: {
    table: {
      read: ['integrator', 'catalog', 'idempotency', 'channel'],
      write: ['dossier', 'sequence', 'idempotency', 'channel'],
    },
    signingKey: 'sign',
    connectors: true,
  },
} as const satisfies FunctionSpec;
