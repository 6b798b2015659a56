import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const sendDeliveries = {
  entry: 'functions/deliveries/send.ts',
  description:
    'Fans each dossier event out to its targets (webhooks, the national portal, outside units) and attempts each delivery on the retry schedule',
  memoryMb: 256,
  timeoutSeconds: 30,
  // Five attempts of at most 5 s each fit the timeout.
  queue: { queue: 'deliveries', batchSize: 5, maxConcurrency: 2 },
  uses: {
    table: {
      read: ['subscription', 'dossier', 'catalog', 'outboundDelivery'],
      write: ['outboundDelivery', 'subscription', 'outbound'],
    },
    sendsTo: ['deliveries', 'notifications'],
    signingKey: 'sign',
    connectors: true,
  },
} as const satisfies FunctionSpec;
