import { SyncHealthView } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const syncHealthRoute = {
  entry: 'functions/sync/health.ts',
  description: 'How the deliveries to each other system stand',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/sync/health',
    access: ['officer', 'leader', 'admin'],
    summary:
      'Per target (the national portal, outside units’ systems, each webhook): delivered, pending, held and failed, the average lag, the last delivery and the last error',
    tag: 'Integrations',
    response: { status: 200, description: 'Each target’s health', body: SyncHealthView },
  },
  uses: { table: { read: ['outboundDelivery', 'subscription', 'catalog'] }, connectors: true },
} as const satisfies FunctionSpec;
