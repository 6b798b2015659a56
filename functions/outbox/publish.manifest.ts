import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const publishEvents = {
  entry: 'functions/outbox/publish.ts',
  description:
    'Outbox: publishes every committed history event to dossier-events, indicators and deliveries, hops to handoffs, filings whose files are fetched to channel-files; feedback steps to indicators and notifications',
  memoryMb: 256,
  timeoutSeconds: 30,
  stream: { batchSize: 25, retryAttempts: 10, entity: ['event', 'feedback-event'] },
  uses: {
    sendsTo: ['dossierEvents', 'indicators', 'deliveries', 'handoffs', 'channelFiles', 'notifications'],
  },
} as const satisfies FunctionSpec;
