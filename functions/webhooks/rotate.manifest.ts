import { RotatedSubscriptionView, SubscriptionParams } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const rotateWebhookSecret = {
  entry: 'functions/webhooks/rotate.ts',
  description: 'Gives a webhook subscription a new secret, the old one signing beside it for a day',
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'POST',
    path: '/integrations/v1/webhooks/{id}/secret',
    access: { integrator: 'webhooks:manage' },
    summary:
      'Rotate the subscription’s secret: the answer carries the new one, once; for 24 hours every delivery carries a `v1` by each, so the receiver can switch without losing an event',
    tag: 'Webhooks',
    request: { params: SubscriptionParams },
    response: { status: 200, description: 'The new secret', body: RotatedSubscriptionView },
    problems: ['not-found'],
  },
  uses: {
    table: { read: ['integrator', 'subscription'], write: ['nonce', 'rateLimit', 'subscription'] },
    webhookSecrets: 'seal',
  },
} as const satisfies FunctionSpec;
