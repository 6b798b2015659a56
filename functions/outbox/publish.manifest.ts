import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const publishEvents = {
  entry: 'functions/outbox/publish.ts',
  description:
    'Outbox: publishes every committed history event to dossier-events, indicators and deliveries, hops to handoffs',
  memoryMb: 256,
  timeoutSeconds: 30,
  stream: { batchSize: 25, retryAttempts: 10, entity: 'event' },
  uses: { sendsTo: ['dossierEvents', 'indicators', 'deliveries', 'handoffs'] },
} as const satisfies FunctionSpec;
