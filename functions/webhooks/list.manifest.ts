import { SubscriptionList } from '../../shared/api/webhooks.ts';
import type { FunctionSpec } from '../../shared/manifest-types.ts';

export const listWebhooks = {
  entry: 'functions/webhooks/list.ts',
  description: "An integrator's webhook subscriptions",
  memoryMb: 256,
  timeoutSeconds: 10,
  http: {
    method: 'GET',
    path: '/integrations/v1/webhooks',
    access: { integrator: 'webhooks:manage' },
    summary: 'The integrator’s subscriptions, active or paused (without their secrets)',
    tag: 'Webhooks',
    response: { status: 200, description: 'Subscriptions', body: SubscriptionList },
  },
  uses: { table: { read: ['integrator', 'subscription'], write: ['nonce', 'rateLimit'] } },
} as const satisfies FunctionSpec;
