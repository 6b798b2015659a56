import { SubscriptionParams } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const unsubscribeWebhook = {
  entry: 'functions/webhooks/unsubscribe.ts',
  description: 'Ends a webhook subscription',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'DELETE',
    path: '/integrations/v1/webhooks/{id}',
    access: { integrator: 'webhooks:manage' },
    summary:
      'End a subscription: nothing more is sent to it; what was still to go is given up (and listed so)',
    tag: 'Webhooks',
    request: { params: SubscriptionParams },
    response: { status: 204, description: 'Ended' },
    problems: ['not-found'],
  },
  uses: { table: { read: ['integrator'], write: ['nonce', 'rateLimit', 'subscription'] } },
} as const satisfies FunctionSpec;
