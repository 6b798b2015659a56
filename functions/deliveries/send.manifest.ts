import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const sendDeliveries = {
  entry: 'functions/deliveries/send.ts',
  description:
    'Fans each dossier event out to its targets (webhooks, the national portal, outside units) and attempts each delivery on the retry schedule',
  memoryMb: 256,
  timeoutSeconds: 30,
  // A batch's groups are attempted side by side, each attempt within its 5 s deadline: five
  // of one group in a row fit the timeout. Four at once, so that a slow target holds one of
  // them, never the queue.
  queue: { queue: 'deliveries', batchSize: 5, maxConcurrency: 4 },
  uses: {
    table: {
      read: ['subscription', 'dossier', 'catalog', 'outboundDelivery', 'integrator'],
      write: ['outboundDelivery', 'subscription', 'outbound'],
    },
    sendsTo: ['deliveries', 'webhookAttempts', 'notifications'],
    signingKey: 'sign',
    connectors: true,
    webhookSecrets: 'open',
  },
} as const satisfies FunctionSpec;
